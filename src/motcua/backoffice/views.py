"""Staff back office (nghiệp vụ): thin views over the domain apps."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    roles = request.user.roles.select_related("unit", "province")
    return render(request, "backoffice/home.html", {"roles": roles})
