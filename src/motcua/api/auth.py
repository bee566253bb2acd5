"""API authentication: a bearer token (integrations) or the browser session (with CSRF)."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from .models import ApiToken, hash_token

# "Last used" is shown to the token's owner to spot a forgotten or leaked key; minute precision is
# enough, and writing it on every call cost one UPDATE (and a row lock) per API request.
LAST_USED_PRECISION = timedelta(seconds=60)


def touch(token: ApiToken, now) -> None:
    """Record the use of ``token`` when the stored time is a minute old or more (one conditional
    UPDATE then; none within the minute). The condition is re-checked in the UPDATE, so parallel
    calls in the same minute write at most once."""
    stale = now - LAST_USED_PRECISION
    if token.last_used_at is not None and token.last_used_at > stale:
        return
    ApiToken.objects.filter(Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale), pk=token.pk).update(
        last_used_at=now)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        row = ApiToken.objects.select_related("user").filter(token_hash=hash_token(token), is_active=True).first()
        if row is None or not row.user.is_active:
            return None
        touch(row, timezone.now())
        request.user = row.user
        return row.user


AUTH = [TokenAuth(), django_auth]
