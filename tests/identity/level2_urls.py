"""The site's addresses plus one page guarded the way the portal's submission page is (identity.gate)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from motcua.catalog.models import Procedure
from motcua.identity import gate
from motcua.urls import urlpatterns as site


def guarded(request, code):
    procedure = get_object_or_404(Procedure, code=code)
    return gate.refusal(request, procedure) or HttpResponse(f"Được nộp: {procedure.name}")


urlpatterns = [*site, path("thu-muc-2/<str:code>/", guarded)]
