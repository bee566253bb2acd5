"""Write the read log (nhật ký truy cập) of a staff request: one INSERT, after the view."""

import ipaddress

from django.conf import settings

from motcua.core import ratelimit

from . import reads
from .models import ReadRecord


class ReadLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with reads.collecting() as refs:
            response = self.get_response(request)
        user = getattr(request, "user", None)  # the API's token auth sets it inside the view
        if refs and reads.logged_reader(user) and reads.showed_data(response.status_code):
            record(request, user, response.get("Content-Type", ""), list(refs))
        return response


def record(request, user, content_type: str, refs: list[str]) -> ReadRecord:
    """One row. IP kept as is (decision 0522); a failure here fails the request (decision 0521)."""
    ip = ratelimit.client_ip(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""),
                             settings.MOTCUA_TRUSTED_PROXY_HOPS)
    try:
        ip = str(ipaddress.ip_address(ip))
    except ValueError:  # empty, or a proxy header that is not an address: keep the row, not the junk
        ip = None
    return ReadRecord.objects.create(
        user_id=user.pk, username=user.get_username()[:150], province_id=getattr(user, "province_id", None),
        kind=reads.kind_of(request.path, content_type, len(refs)), dossier_id=reads.single_dossier(refs),
        objects_read=reads.refs_text(refs), count=len(refs), ip=ip, path=request.path[:300])
