"""The check the portal makes before an online submission of a level-2-only procedure.

``refusal(request, procedure)`` is None when the person may go on; otherwise it is the page that
says why, with a button to sign in again with VNeID at level 2.
"""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from .levels import VERIFIED, assurance


def refusal(request, procedure):
    if not procedure.requires_verified_identity or assurance(request) >= VERIFIED:
        return None
    step_up = f"{reverse('identity:vneid_start')}?{urlencode({'muc': 2, 'next': request.get_full_path()})}"
    return render(request, "identity/needs_level2.html", {"procedure": procedure, "step_up": step_up}, status=403)
