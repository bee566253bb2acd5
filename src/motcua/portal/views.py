"""Citizen portal (cổng dịch vụ công): thin views over the domain apps."""

from django.shortcuts import render

from motcua.catalog.models import Field


def home(request):
    fields = Field.objects.filter(procedures__is_active=True).distinct().order_by("name")[:12]
    return render(request, "portal/home.html", {"fields": fields})
