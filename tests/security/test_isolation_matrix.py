"""Isolation matrix: every URL that names an object (found by walking the URL resolver, so a new view
is covered or the completeness test fails) × every role (and a citizen) × objects of another unit,
of another province and of another citizen → refused exactly as if the object did not exist: same
status, same body (apart from the identifier itself and the CSRF token), and nothing changed.
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.api.models import ApiToken
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.feedback import petitions
from motcua.payments.models import GatewayTransaction
from tests.factories import make_org, make_user
from tests.fixtures_dossiers import make_procedure

MISSING_INT = 987654
# How to fill each URL's arguments: recipe name → {argument: (attribute of the foreign object set, missing value)}.
DOSSIER = {"public_id": ("dossier.public_id", uuid.UUID(int=7))}
RECIPES = {
    "dossier": DOSSIER,
    "attachment": {**DOSSIER, "pk": ("attachment.pk", MISSING_INT), "attachment_id": ("attachment.pk", MISSING_INT)},
    "dossier_action": {**DOSSIER, "name": ("'accept'", "accept"), "key": ("'receipt'", "receipt"),
                       "number": ("1", 1)},
    "api_dossier": {"code": ("dossier.code", "H99.51-010101-9999"), "action": ("'accept'", "accept")},
    "counter": {"counter": ("counter.pk", MISSING_INT), "action": ("'goi-tiep'", "goi-tiep")},
    "centre_slug": {"centre": ("centre.code", "khong-co-trung-tam"), "action": ("'tam-dung'", "tam-dung")},
    "unit": {"unit_id": ("unit.pk", MISSING_INT), "field_id": ("field.pk", MISSING_INT)},
    "centre_id": {"centre_id": ("centre.pk", MISSING_INT)},
    "transaction": {"pk": ("transaction.pk", MISSING_INT)},
    "petition": {"public_id": ("petition.public_id", uuid.UUID(int=9)), "name": ("'classify'", "classify")},
    "shipment": {"pk": ("shipment.pk", MISSING_INT)},
    "placement": {"pk": ("placement.pk", MISSING_INT)},
    "locker": {"code": ("locker.code", "khong-co-tu")},
    "report": {"job_id": ("report.pk", MISSING_INT)},
}
URLS = {
    "dossier": ["portal:dossier", "portal:edit_draft", "portal:delete_draft", "portal:submitted", "portal:supplement",
                "portal:withdraw", "backoffice:dossier", "payments:notice_form", "payments:cash", "delivery:ship",
                "delivery:place",
                "delivery:download", "delivery:reuse", "feedback:rate_own", "feedback:tablet_invite"],
    "attachment": ["portal:attachment", "backoffice:download"],
    "dossier_action": ["backoffice:action", "backoffice:form_pdf"],
    "api_dossier": ["api:get_dossier", "api:dossier_events", "api:dossier_action"],
    "counter": ["queueing:console", "queueing:console-action"],
    "centre_slug": ["queueing:board", "queueing:board-action"],
    "unit": ["monitoring:unit", "monitoring:field"],
    "centre_id": ["monitoring:centre"],
    "transaction": ["payments:transaction"],
    "petition": ["feedback:staff_detail", "feedback:staff_action"],
    "shipment": ["delivery:simulate_post"],
    "placement": ["delivery:reissue", "delivery:recall"],
    "locker": ["delivery:openings"],
    "report": ["monitoring:report_row", "monitoring:report_download"],
}
# Arguments that name no object of a unit: public pages, or a secret the holder was given.
PUBLIC = {
    "catalog:detail", "catalog:print",                     # the published catalogue
    "backoffice:receive", "portal:submit",                 # a procedure code; the unit is checked inside
    "queueing:kiosk", "queueing:kiosk-choose", "queueing:kiosk-take", "queueing:kiosk-checkin",
    "queueing:display", "queueing:display-events", "queueing:display-state",  # public screens of a centre
    "queueing:remote", "queueing:book",                    # anyone may take a number or book at a centre
    "queueing:ticket", "queueing:follow", "queueing:leave",  # the ticket's own unguessable token
    "feedback:rate_link", "feedback:tablet", "feedback:track", "feedback:track_info", "feedback:track_reopen",
    "feedback:track_vote", "feedback:answer_vote",          # unguessable links given to the person, published answers
    "payments:webhook",                                    # signed calls from a bank
    # Paying a fee: reached by the dossier's unguessable public id, without signing in (decision 0323).
    "payments:pay", "payments:status", "payments:simulate", "payments:notice_pdf", "payments:receipt_pdf",
    "delivery:locker_screen", "delivery:locker_simulator", "delivery:simulator_close",  # the locker's own screen
}
# Objects this matrix cannot build yet (their apps' own tests check scoping): named so that the list
# is read, and so that a new URL still fails the completeness test below. Empty: it builds them all.
NOT_YET: set[str] = set()

# Refusals that still differ from "not found" (name, method, "status vs status"): the test fails when one
# is fixed (remove it here) or a new one appears. Empty: every foreign object is answered as unknown.
KNOWN_DIFFERENCES: set[tuple[str, str, str]] = set()


def _walk(resolver, namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, namespace + (f"{entry.namespace}:" if entry.namespace else ""))
        elif isinstance(entry, URLPattern) and entry.name and entry.pattern.converters:
            yield namespace + entry.name


def object_urls() -> set[str]:
    """Every named URL that takes arguments, outside the Django admin (scoped in accounts/admin_scoping)."""
    return {name for name in _walk(get_resolver()) if not name.startswith("admin:")}


def test_every_url_with_arguments_is_classified():
    classified = {name for names in URLS.values() for name in names} | PUBLIC | NOT_YET
    assert object_urls() - classified == set(), "a new view takes an object: add it to the isolation matrix"
    assert classified - object_urls() == set(), "a classified URL no longer exists"


@pytest.fixture
def worlds(db):
    home, away = make_org("H99"), make_org("H98", "Tỉnh Khác")
    procedure = make_procedure("1.001193", "Đăng ký khai sinh", [home.commune_a, home.commune_b, away.commune_a])
    users = {role: make_user(f"u_{role}", province=home.province, role=role,
                             unit=None if role == Role.PROVINCIAL_MONITOR else home.commune_a)
             for role in Role.values if role != Role.CENTRE_MANAGER}
    manager = make_user("u_manager", province=home.province)
    RoleAssignment.objects.create(user=manager, role=Role.CENTRE_MANAGER, province=home.province,
                                  unit=home.commune_a, centre=home.centre)
    users[Role.CENTRE_MANAGER] = manager
    users["citizen"] = make_user("u_citizen", province=home.province, kind=User.Kind.CITIZEN)
    from motcua.catalog.models import Field

    field = Field.objects.create(code="HT", name="Hộ tịch")
    # Another commune's centre: give commune B one, so that a manager of A's centre meets a foreign one.
    from motcua.organizations.models import Centre, Counter

    centre_b = Centre.objects.create(unit=home.commune_b, code="h99-51", name="Trung tâm Hòa Lạc")
    counter_b = Counter.objects.create(centre=centre_b, number=1, name="Quầy 1")
    other_unit = _foreign(procedure, home.commune_b, home.province, "b", centre_b, counter_b, field)
    other_province = _foreign(procedure, away.commune_a, away.province, "c", away.centre, away.counters[0], field)
    return users, other_unit, other_province


class Foreign:
    def __init__(self, **values):
        self.__dict__.update(values)


def _foreign(procedure, unit, province, tag, centre, counter, field):
    owner = make_user(f"owner_{tag}", province=province, kind=User.Kind.CITIZEN, full_name="ZZ Ngoại Vùng")
    reception = make_user(f"reception_{tag}", province=province, role=Role.RECEPTION, unit=unit)
    applicant = services.Applicant(name="ZZ Ngoại Vùng", id_number="001098012345", phone="0912345678")
    dossier = services.create(procedure=procedure, unit=unit, channel="online", applicant=applicant, actor=owner,
                              owner=owner, submit=True)
    dossier = services.perform(dossier, "accept", reception)
    attachment = services.attach(dossier, b"%PDF-1.4\n%%EOF\n", "giay-to.pdf", actor=reception)
    # Money paid into the unit's account that matched no dossier: only that unit's staff treat it.
    transaction = GatewayTransaction.objects.create(
        plugin_id="bank_transfer", transaction_id=f"FT-{tag}", amount=50_000, paid_at=timezone.now(),
        note="chuyen tien", status=GatewayTransaction.Status.choices[0][0], unit=unit)
    petition = petitions.submit(unit=unit, kind="feedback", classification="procedure", source="online",
                                content="Phản ánh chậm trả kết quả hồ sơ", sender=petitions.Sender(name="ZZ"))
    return Foreign(dossier=dossier, attachment=attachment, unit=unit, centre=centre, counter=counter, field=field,
                   transaction=transaction, petition=petition, **_results(dossier, centre, tag))


def _results(dossier, centre, tag) -> dict:
    """A parcel sent by post, a result waiting in a locker of the unit's centre, a monthly report."""
    from motcua.delivery.models import Locker, LockerSlot, Placement, Shipment
    from motcua.monitoring.models import ReportJob

    now = timezone.now()
    shipment = Shipment.objects.create(dossier=dossier, plugin="simulator", tracking_number=f"EV{tag}VN",
                                       recipient_name="ZZ Ngoại Vùng", recipient_phone="0912345678", address="ZZ")
    locker = Locker.objects.create(centre=centre, code=f"tu-{tag}-{centre.pk}", name="Tủ ZZ")
    placement = Placement.objects.create(dossier=dossier, slot=LockerSlot.objects.create(locker=locker, number=1),
                                         code_hash="0" * 64, code_expires_at=now + timedelta(days=2), placed_at=now)
    report = ReportJob.objects.create(province=dossier.unit.province, unit_ids=[dossier.unit_id], period="2026-03",
                                      format=ReportJob.Format.XLSX)
    return {"shipment": shipment, "locker": locker, "placement": placement, "report": report}


def _value(foreign, expression):
    head, _, attribute = expression.partition(".")
    return eval(expression) if not attribute else getattr(getattr(foreign, head), attribute)  # noqa: S307


def _normalise(response, identifiers) -> tuple:
    body = response.content.decode(errors="replace") if not response.streaming else "<stream>"
    body = re.sub(r'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"', r"\1''", body)
    location = response.get("Location", "")
    # Longest first: a short id ("7") must not eat a piece of a longer one (the UUID ending in 7).
    for identifier in sorted(identifiers, key=lambda value: len(str(value)), reverse=True):
        body, location = body.replace(str(identifier), "{id}"), location.replace(str(identifier), "{id}")
    return response.status_code, body, location


def _client_for(user, name, token_cache):
    if name.startswith("api:"):
        if user.pk not in token_cache:
            token_cache[user.pk] = ApiToken.issue(user, "matrix")[1]
        return Client(HTTP_AUTHORIZATION=f"Bearer {token_cache[user.pk]}")
    client = Client()
    client.force_login(user)
    return client


def test_nobody_reaches_another_units_province_or_citizens_objects(worlds):
    users, other_unit, other_province = worlds
    before = {d.pk: (d.state, d.version) for d in Dossier.objects.all()}
    tokens, checked, differences = {}, 0, set()
    for role, user in users.items():
        # A province-wide monitor legitimately sees the other commune: only the other province is foreign.
        foreigns = [other_province] if role == Role.PROVINCIAL_MONITOR else [other_unit, other_province]
        for recipe, names in URLS.items():
            for name in names:
                client = _client_for(user, name, tokens)
                for foreign in foreigns:
                    for method in ("get", "post"):
                        seen, missing = _pair(client, method, name, RECIPES[recipe], foreign)
                        assert seen[0] < 500, (role, name, method, seen[0])
                        if seen != missing:
                            differences.add((name, method, f"{seen[0]} vs {missing[0]}"))
                        checked += 1
    assert differences == KNOWN_DIFFERENCES, ("refusals that differ from not-found (fix the view, or the list)",
                                              sorted(differences ^ KNOWN_DIFFERENCES))
    assert checked > 900
    assert {d.pk: (d.state, d.version) for d in Dossier.objects.all()} == before  # nothing changed either


def _pair(client, method, name, recipe, foreign):
    pattern_args = _arguments(name)
    real = {arg: _value(foreign, recipe[arg][0]) for arg in pattern_args}
    fake = {arg: recipe[arg][1] for arg in pattern_args}
    identifiers = [v for v in real.values() if not isinstance(v, str) or len(v) > 8] + \
                  [v for v in fake.values() if not isinstance(v, str) or len(v) > 8]
    results = []
    for kwargs in (real, fake):
        response = getattr(client, method)(reverse(name, kwargs=kwargs))
        results.append(_normalise(response, identifiers))
    return results


def _arguments(name):
    namespace, _, short = name.rpartition(":")
    resolver = get_resolver()
    for prefix in namespace.split(":") if namespace else []:
        resolver = next(r for r in resolver.url_patterns if isinstance(r, URLResolver) and r.namespace == prefix)
    pattern = next(p for p in resolver.url_patterns if isinstance(p, URLPattern) and p.name == short)
    return list(pattern.pattern.converters)


def test_lists_never_show_another_units_dossiers(worlds):
    """Pages without arguments (inboxes, registers, dashboards, 'my dossiers'): no foreign code or name."""
    users, other_unit, other_province = worlds
    names = [n for n in _names_without_arguments() if not n.startswith("admin:")]
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        foreigns = [other_province] if role == Role.PROVINCIAL_MONITOR else [other_unit, other_province]
        for name in names:
            response = client.get(reverse(name))
            if response.streaming or response.status_code != 200:
                continue
            body = response.content.decode(errors="replace")
            for foreign in foreigns:
                assert foreign.dossier.code not in body and "ZZ Ngoại Vùng" not in body, (role, name)


def _names_without_arguments():
    def walk(resolver, namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.pattern.converters:
                    continue
                yield from walk(entry, namespace + (f"{entry.namespace}:" if entry.namespace else ""))
            elif entry.name and not entry.pattern.converters and "events" not in entry.name:
                yield namespace + entry.name
    return sorted(set(walk(get_resolver())) - {"queueing:display-events"})
