from django.contrib import admin
from django.urls import include, path

from motcua.api.urls import api
from motcua.core.security import REPORT_PATH, csp_report

urlpatterns = [
    # The API first: its lookup is the busiest URL, and Django tries the patterns in order.
    path("api/v1/", api.urls),
    path("", include("motcua.portal.urls")),
    path("", include("motcua.assistant.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("thu-tuc/", include("motcua.catalog.urls")),
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("tai-khoan/", include("motcua.identity.urls")),
    path("vneid-mo-phong/", include("motcua.identity.simulator.urls")),
    path(REPORT_PATH.lstrip("/"), csp_report, name="csp_report"),
    path("nghiep-vu/", include("motcua.backoffice.urls")),
    path("xep-hang/", include("motcua.queueing.urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    path("giam-sat/", include("motcua.monitoring.urls")),
    path("ket-qua/", include("motcua.delivery.urls")),
    path("y-kien/", include("motcua.feedback.urls")),
    path("kiem-tra/", include("motcua.audit.urls")),
    path("quan-tri/", admin.site.urls),
]
