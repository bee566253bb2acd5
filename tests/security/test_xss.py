"""Script payloads typed into every text field of the citizen portal's and the back office's forms
come back as text — on the form shown again, and on every page that shows them afterwards."""

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.dossiers.models import Dossier
from tests.factories import make_user
from tests.fixtures_dossiers import make_procedure
from tests.security.forms import post_forms

PAYLOAD = "\"'><script>alert('xss')</script><img src=x onerror=alert(1)>"
ESCAPED = "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;"
RAW = ("<script>alert(", "<img src=x onerror", "\"'><")
# Fields a checked format guards (they refuse a payload, which the form then shows back: also checked).
VALID = {"applicant_id_number": "001098012345", "applicant_phone": "0912345678", "applicant_email": "an@example.vn",
         "received_by_id_number": "001098012345", "phone": "0912345678", "id_number": "001098012345"}


def assert_inert(body: str, where: str):
    for raw in RAW:
        assert raw not in body, f"unescaped {raw!r} on {where}"


class Visitor:
    """A signed-in person who checks every page they get."""

    def __init__(self, user):
        self.client = Client()
        self.client.force_login(user)
        self.seen = 0

    def get(self, url):
        response = self.client.get(url)
        self._check(response, url)
        return response

    def fill_and_post(self, url, form, extra=None):
        data = {**form.fields, **{name: VALID.get(name, PAYLOAD) for name in form.text}, **(extra or {})}
        response = self.client.post(form.action or url, data)
        self._check(response, form.action or url)
        return response

    def _check(self, response, url):
        if not response.streaming and "html" in response.get("Content-Type", ""):
            assert_inert(response.content.decode(errors="replace"), url)
            self.seen += 1


@pytest.fixture
def place(org):
    procedure = make_procedure("1.001193", "Đăng ký khai sinh", [org.commune_a])
    officer = make_user("canbo", province=org.province, role=Role.RECEPTION, unit=org.commune_a)
    for role in (Role.SPECIALIST, Role.LEADER):
        RoleAssignment.objects.create(user=officer, role=role, province=org.province, unit=org.commune_a)
    citizen = make_user("congdan", province=org.province, kind=User.Kind.CITIZEN, full_name="Nguyễn Văn An")
    return procedure, Visitor(officer), Visitor(citizen)


def _submit_from_portal(citizen, procedure):
    url = reverse("portal:submit", args=[procedure.code])
    form = next(f for f in post_forms(citizen.get(url).content.decode()) if "applicant_name" in f.text)
    assert {"applicant_name", "applicant_address"} <= set(form.text)
    refused = citizen.fill_and_post(url, form, {"applicant_id_number": PAYLOAD, "action": "submit"})
    assert refused.status_code in (200, 400)  # shown again with the error, escaped
    sent = citizen.fill_and_post(url, form, {"action": "submit"})
    assert sent.status_code == 302
    return Dossier.objects.get(owner__username="congdan")


def _every_action_form(officer, dossier, rounds=6):
    """Post each action form the dossier page offers, one after another, with payloads in its text."""
    tried = set()
    for _ in range(rounds):
        page = officer.get(reverse("backoffice:dossier", args=[dossier.public_id])).content.decode()
        forms = [f for f in post_forms(page) if "/thao-tac/" in f.action and f.action not in tried and f.text]
        if not forms:
            return tried
        tried.add(forms[0].action)
        officer.fill_and_post(forms[0].action, forms[0])
    return tried


def test_payloads_in_every_text_field_stay_text(place):
    procedure, officer, citizen = place
    dossier = _submit_from_portal(citizen, procedure)
    assert dossier.applicant_name == PAYLOAD and dossier.state != "draft"

    reception = reverse("backoffice:receive", args=[procedure.code])
    form = next(f for f in post_forms(officer.get(reception).content.decode()) if "applicant_name" in f.text)
    refused = officer.fill_and_post(reception, form, {"decision": "accept"})  # payload in the date: shown again
    assert refused.status_code in (200, 400)
    assert officer.fill_and_post(reception, form, {"decision": "accept", "received_at": ""}).status_code == 302

    acted = _every_action_form(officer, dossier)
    assert acted, "the dossier page offered no action form with a text field"

    pages = [reverse("backoffice:dossier", args=[d.public_id]) for d in Dossier.objects.all()]
    pages += [reverse(name) for name in ("backoffice:home", "backoffice:inbox", "backoffice:register")]
    for url in pages:
        officer.get(url)
    shown = officer.get(reverse("backoffice:dossier", args=[dossier.public_id])).content.decode()
    assert ESCAPED in shown  # the payload is there, as text

    citizen.get(reverse("portal:my_dossiers"))
    assert ESCAPED in citizen.get(reverse("portal:dossier", args=[dossier.public_id])).content.decode()
    counter = Dossier.objects.exclude(code=None).get()  # the one received at the counter form
    assert counter.applicant_name == PAYLOAD
    lookup = citizen.client.post(reverse("portal:lookup"), {"code": counter.code, "factor": "5678"})
    assert "&lt;" in lookup.content.decode()  # found, its masked name shown as text
    assert_inert(lookup.content.decode(), "lookup")
    assert officer.seen + citizen.seen >= 12
