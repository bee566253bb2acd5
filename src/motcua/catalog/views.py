"""Public catalogue pages."""

from django.shortcuts import get_object_or_404, render

from motcua.core.text import fold

from .models import Procedure


def search(request):
    q = request.GET.get("q", "").strip()
    procedures = Procedure.objects.filter(is_active=True)
    if q:
        procedures = procedures.filter(search_text__contains=fold(q))
    return render(request, "catalog/search.html", {"q": q, "procedures": procedures[:50]})


def detail(request, code):
    procedure = get_object_or_404(Procedure, code=code, is_active=True)
    return render(request, "catalog/detail.html", {"procedure": procedure})
