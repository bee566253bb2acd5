"""Every staff view that shows a dossier's applicant data writes a read record.

The URLs come from the isolation matrix (tests/security), which walks the URL resolver and fails
when a view that takes an object is not classified: a new view is therefore tried here too. Every
page without arguments is walked as well. Each staff role of the dossier's commune opens each URL;
whenever the response shows the applicant (name, ID number or phone in the page, or any file of the
dossier), a read record naming the dossier must have been written by that request.
"""

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import Role, RoleAssignment
from motcua.accounts.policy import POLICIES, Action
from motcua.audit.models import ReadRecord
from motcua.backoffice.inbox import TABS
from motcua.catalog.models import Field
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.payments.services import record_cash
from tests.factories import make_org, make_user
from tests.fixtures_dossiers import make_procedure
from tests.payments.fees_world import notice_for
from tests.security.test_isolation_matrix import (PUBLIC, RECIPES, URLS, _arguments, _client_for, _foreign,
                                                  _names_without_arguments, _value)

APPLICANT = ("ZZ Ngoại Vùng", "001098012345", "0912345678")  # as _foreign files it
# Pages that must be among those found showing the applicant, so that the test cannot pass vacuously.
MUST_SHOW = {"backoffice:dossier", "backoffice:download", "backoffice:form_pdf", "backoffice:inbox",
             "payments:notice_form", "delivery:ship", "payments:receipt_pdf"}
# List pages whose rows depend on a parameter: each variant is opened too.
VARIANTS = {"backoffice:inbox": [f"?tab={key}" for key in TABS]}


@pytest.fixture
def home(db):
    org = make_org("H99")
    procedure = make_procedure("1.001193", "Đăng ký khai sinh", [org.commune_a])
    field = Field.objects.create(code="HT", name="Hộ tịch")
    objects = _foreign(procedure, org.commune_a, org.province, "a", org.centre, org.counters[0], field)
    # A second dossier of the same applicant, still awaiting reception: the lists show it.
    services.create(procedure=procedure, unit=org.commune_a, channel="online", applicant=services.Applicant(
        name=APPLICANT[0], id_number=APPLICANT[1], phone=APPLICANT[2]), actor=objects.dossier.owner,
        owner=objects.dossier.owner, submit=True)
    # Roles that see the commune's dossiers (guides and postal agents see only what they filed).
    users = {role: make_user(f"u_{role}", province=org.province, role=role,
                             unit=None if role == Role.PROVINCIAL_MONITOR else org.commune_a)
             for role in Role.values if Action.VIEW in POLICIES[role].actions and role != Role.CENTRE_MANAGER}
    manager = make_user("u_manager", province=org.province)
    RoleAssignment.objects.create(user=manager, role=Role.CENTRE_MANAGER, province=org.province,
                                  unit=org.commune_a, centre=org.centre)
    users[Role.CENTRE_MANAGER] = manager
    # A paid fee: the public payment pages and the receipt (number 1) exist for the dossier.
    record_cash(notice_for(objects.dossier, users[Role.RECEPTION]), users[Role.RECEPTION], 50000)
    return users, objects


def _shows_applicant(response) -> bool:
    if response.status_code >= 300:
        return False
    content_type = response.get("Content-Type", "")
    if response.streaming or not content_type.startswith(("text/html", "application/json")):
        return True  # a file of the dossier (form, attachment, export)
    body = response.content.decode(errors="replace")
    return any(value in body for value in APPLICANT)


def _requests(objects):
    # Public pages reached by a dossier's public id (fee payment, receipts) are opened by staff too.
    by_dossier = [name for name in PUBLIC if set(_arguments(name)) <= set(RECIPES["dossier_action"])]
    for recipe, names in [*URLS.items(), ("dossier_action", by_dossier)]:
        for name in names:
            arguments = {arg: _value(objects, RECIPES[recipe][arg][0]) for arg in _arguments(name)}
            yield name, reverse(name, kwargs=arguments)
    for name in _names_without_arguments():
        if not name.startswith("admin:"):
            for query in ["", *VARIANTS.get(name, [])]:
                yield name, reverse(name) + query


def test_every_view_showing_applicant_data_logs_the_read(home):
    users, objects = home
    refs = [f" dossier:{pk} " for pk in Dossier.objects.values_list("pk", flat=True)]
    tokens, shown, missing = {}, set(), []
    for role, user in users.items():
        clients = {}
        for name, url in _requests(objects):
            kind = "api" if name.startswith("api:") else "web"
            client = clients.setdefault(kind, _client_for(user, name, tokens))
            before = ReadRecord.objects.count()
            response = client.get(url)
            if not _shows_applicant(response):
                continue
            shown.add(name)
            new = ReadRecord.objects.order_by("pk")[before:]
            if not any(ref in r.objects_read and r.user_id == user.pk for r in new for ref in refs):
                missing.append((role, name, response.status_code))
    assert missing == [], "views that show applicant data without a read record: call audit.reads.note"
    assert MUST_SHOW <= shown, MUST_SHOW - shown


def test_a_citizen_reading_their_own_dossier_leaves_no_record(home):
    _, objects = home
    client = Client()
    client.force_login(objects.dossier.owner)
    assert client.get(reverse("portal:dossier", kwargs={"public_id": objects.dossier.public_id})).status_code == 200
    assert not ReadRecord.objects.exists()
