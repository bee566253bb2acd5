"""The read log (nhật ký truy cập): the pure rules, then one row per staff request that showed data."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import Role, User
from motcua.api.models import ApiToken
from motcua.audit import reads
from motcua.audit.models import ReadRecord
from motcua.audit.queries import Filters, condition, in_provinces
from motcua.dossiers import services
from motcua.payments import services as services_payments
from tests.factories import make_user

# -- pure rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "showed"), [(200, True), (206, True), (400, True), (409, True), (422, True),
                                                (302, False), (304, False), (403, False), (404, False),
                                                (405, False), (500, False)])
def test_only_responses_that_showed_the_data_count(status, showed):
    assert reads.showed_data(status) is showed


@pytest.mark.parametrize(("path", "content_type", "count", "kind"), [
    ("/api/v1/dossiers/H99.50-261123-0001", "application/json", 1, "api"),
    ("/nghiep-vu/ho-so/", "text/html; charset=utf-8", 50, "view"),
    ("/nghiep-vu/ho-so/x/tep/3/", "application/pdf", 1, "download"),
    ("/nghiep-vu/so-theo-doi/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 120, "export"),
    ("/nghiep-vu/so-theo-doi/", "application/pdf", 2, "export"),
    ("/xep-hang/quay/1/", "", 1, "view"),
    ("/ket-qua/quay-tra/", "application/json", 3, "view"),
])
def test_kind_of_a_read(path, content_type, count, kind):
    assert reads.kind_of(path, content_type, count) == kind


def test_references_and_the_single_dossier():
    assert reads.refs_text(["dossier:12", "ticket:5"]) == " dossier:12 ticket:5 "
    assert reads.refs_text([]) == ""
    assert reads.single_dossier(["dossier:12", "petition:3"]) == 12
    assert reads.single_dossier(["dossier:12", "dossier:13"]) is None
    assert reads.single_dossier(["petition:3"]) is None


def test_whose_reads_are_logged():
    from django.contrib.auth.models import AnonymousUser

    assert reads.logged_reader(User(kind="staff")) and reads.logged_reader(User(kind="citizen", is_superuser=True))
    assert not reads.logged_reader(User(kind="citizen")) and not reads.logged_reader(User(kind="business"))
    assert not reads.logged_reader(AnonymousUser()) and not reads.logged_reader(None)


def test_noting_outside_a_request_does_nothing_and_inside_keeps_order_once(db):
    user = User(pk=7)
    reads.note(user)  # no collector: no error, nothing kept
    with reads.collecting() as refs:
        reads.note(user, None, User(pk=3), user)
    assert list(refs) == ["user:7", "user:3"]


def test_filters_build_one_condition():
    text = str(condition(Filters(username="tiepnhan", dossier_id=12, kind="view", start=date(2026, 11, 1),
                                 end=date(2026, 11, 23))))
    for part in ("'username', 'tiepnhan'", "'dossier_id', 12", "' dossier:12 '", "'kind', 'view'", "at__gte",
                 "at__lt"):
        assert part in text
    assert str(condition(Filters())) == "(AND: )"


# -- requests ---------------------------------------------------------------------------------------


@pytest.fixture
def case(world, applicant):
    dossier = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                              applicant=applicant, actor=world.citizen, owner=world.citizen, submit=True)
    dossier = services.perform(dossier, "accept", world.reception)
    attachment = services.attach(dossier, b"%PDF-1.4\n%%EOF\n", "to-khai.pdf", actor=world.reception)
    return world, dossier, attachment


def _client(user):
    client = Client(REMOTE_ADDR="10.1.2.3")
    client.force_login(user)
    return client


def test_dossier_page_writes_one_row_with_who_what_where(case):
    world, dossier, _ = case
    response = _client(world.specialist).get(reverse("backoffice:dossier", args=[dossier.public_id]))
    assert response.status_code == 200 and "001098012345" in response.content.decode()
    row = ReadRecord.objects.get()
    assert (row.user_id, row.username, row.province_id, row.kind, row.dossier_id, row.count, row.ip) == \
           (world.specialist.pk, "chuyenvien", world.org.province.pk, "view", dossier.pk, 1, "10.1.2.3")
    assert row.objects_read == f" dossier:{dossier.pk} " and row.path.endswith(f"{dossier.public_id}/")


def test_an_address_that_is_not_one_is_left_out(case):
    world, dossier, _ = case
    client = Client(REMOTE_ADDR="not-an-address")
    client.force_login(world.specialist)
    assert client.get(reverse("backoffice:dossier", args=[dossier.public_id])).status_code == 200
    assert ReadRecord.objects.get().ip is None


def test_the_read_is_one_insert(case):
    world, dossier, _ = case
    client = _client(world.specialist)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("backoffice:dossier", args=[dossier.public_id]))
    writes = [q["sql"] for q in queries.captured_queries if "audit_readrecord" in q["sql"]]
    assert len(writes) == 1 and writes[0].startswith("INSERT")


def test_downloads_forms_and_api_are_logged_with_their_kind(case):
    world, dossier, attachment = case
    client = _client(world.reception)
    assert client.get(reverse("backoffice:download", args=[dossier.public_id, attachment.pk])).status_code == 200
    assert client.get(reverse("backoffice:form_pdf", args=[dossier.public_id, "receipt"])).status_code == 200
    token = ApiToken.issue(world.reception, "test")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get(f"/api/v1/dossiers/{dossier.code}").status_code == 200
    assert list(ReadRecord.objects.order_by("pk").values_list("kind", "dossier_id")) == \
           [("download", dossier.pk), ("download", dossier.pk), ("api", dossier.pk)]


def _submitted(world, applicant):
    return services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online",
                           applicant=applicant, actor=world.citizen, owner=world.citizen, submit=True)


def test_fee_notice_and_receipt_opened_by_staff_are_reads(case):
    from tests.payments.fees_world import notice_for

    world, dossier, _ = case
    payment = services_payments.record_cash(notice_for(dossier, world.reception), world.reception, 50000)
    client = _client(world.reception)
    receipt = client.get(reverse("payments:receipt_pdf", args=[dossier.public_id, payment.receipt.number]))
    assert receipt.status_code == 200
    anonymous = Client().get(reverse("payments:receipt_pdf", args=[dossier.public_id, payment.receipt.number]))
    assert anonymous.status_code == 200  # the citizen's own link: not logged
    assert list(ReadRecord.objects.values_list("kind", "dossier_id", "username")) == [
        ("download", dossier.pk, "tiepnhan")]


def test_a_list_page_logs_one_row_with_every_dossier_shown(world, applicant):
    first, second = _submitted(world, applicant), _submitted(world, applicant)
    response = _client(world.reception).get(reverse("backoffice:inbox"), {"tab": "reception"})
    assert response.status_code == 200 and response.content.decode().count("Nguyễn Văn An") >= 2
    row = ReadRecord.objects.get()
    assert row.kind == "view" and row.count == 2 and row.dossier_id is None
    assert f" dossier:{first.pk} " in row.objects_read and f" dossier:{second.pk} " in row.objects_read


def test_register_export_lists_its_dossiers(case):
    world, dossier, _ = case
    today = timezone.localdate()
    response = _client(world.reception).get(reverse("backoffice:register"), {
        "unit": world.org.commune_a.pk, "start": today - timedelta(days=1), "end": today, "kind": "xlsx"})
    assert response.status_code == 200
    row = ReadRecord.objects.get()
    assert (row.kind, row.objects_read) == ("download", f" dossier:{dossier.pk} ")  # one dossier: its file


def test_nothing_is_logged_for_the_owner_refusals_or_redirects(case):
    world, dossier, _ = case
    _client(world.citizen).get(reverse("portal:dossier", args=[dossier.public_id]))  # the citizen's own
    other_unit = _client(world.other_reception).get(reverse("backoffice:dossier", args=[dossier.public_id]))
    assert other_unit.status_code == 404
    found = _client(world.reception).get(reverse("backoffice:inbox"), {"q": dossier.code})
    assert found.status_code == 302  # the exact-code search redirects: the page that follows is the read
    assert ReadRecord.objects.count() == 0


def test_superusers_reading_personal_data_in_the_admin_are_logged(world, admin_client, admin_user):
    from motcua.feedback import petitions

    petition = petitions.submit(unit=world.org.commune_a, kind="feedback", classification="procedure",
                                source="online", content="Phản ánh chậm trả kết quả",
                                sender=petitions.Sender(name="Trần Thị Bình", phone="0987654321"))
    assert admin_client.get(reverse("admin:feedback_petition_change", args=[petition.pk])).status_code == 200
    assert admin_client.get(reverse("admin:feedback_petition_changelist")).status_code == 200
    rows = list(ReadRecord.objects.order_by("pk").values_list("username", "objects_read"))
    assert rows == [(admin_user.username, f" petition:{petition.pk} ")] * 2


def test_the_app_offers_no_way_to_change_a_row(case, admin_client):
    world, dossier, _ = case
    _client(world.reception).get(reverse("backoffice:dossier", args=[dossier.public_id]))
    row = ReadRecord.objects.get()
    assert admin_client.get(reverse("admin:audit_readrecord_changelist")).status_code == 200
    deleting = admin_client.post(reverse("admin:audit_readrecord_delete", args=[row.pk]), {"post": "yes"})
    assert deleting.status_code == 403
    assert admin_client.get(reverse("admin:audit_readrecord_add")).status_code == 403
    assert ReadRecord.objects.filter(pk=row.pk).exists()


def test_purge_keeps_the_retention_period(case, settings):
    world, dossier, _ = case
    for days in (10, 40):
        ReadRecord.objects.create(user_id=world.reception.pk, username="tiepnhan", kind="view", dossier_id=dossier.pk,
                                  objects_read=f" dossier:{dossier.pk} ", count=1, path="/")
        ReadRecord.objects.filter(at__gt=timezone.now() - timedelta(minutes=1)).update(
            at=timezone.now() - timedelta(days=days))
    settings.MOTCUA_READ_LOG_DAYS = 30
    call_command("purge_read_log")
    assert ReadRecord.objects.count() == 1
    call_command("purge_read_log", "--days", "5")
    assert ReadRecord.objects.count() == 0
    with pytest.raises(CommandError) as err:
        call_command("purge_read_log", "--days", "0")
    assert err.value.returncode == 2


# -- the security officer's page and the dossier panel ------------------------------------------------


def test_read_log_page_for_the_province_filters_by_officer_dossier_and_date(case, applicant):
    world, dossier, _ = case
    _client(world.reception).get(reverse("backoffice:dossier", args=[dossier.public_id]))
    listed = _submitted(world, applicant)
    _client(world.specialist).get(reverse("backoffice:dossier", args=[listed.public_id]))
    _client(world.specialist).get(reverse("backoffice:inbox"), {"tab": "reception"})
    monitor = make_user("giamsat", province=world.org.province, role=Role.PROVINCIAL_MONITOR)
    client = _client(monitor)
    url = reverse("audit:read_log")
    body = client.get(url).content.decode()
    assert "tiepnhan" in body and "chuyenvien" in body and dossier.code in body
    only = client.get(url, {"username": "tiepnhan"}).content.decode()
    assert "chuyenvien" not in only.split("<tbody>")[1]
    assert "chuyenvien" not in client.get(url, {"code": dossier.code}).content.decode().split("<tbody>")[1]
    by_id = in_provinces([world.org.province.pk], Filters(dossier_id=listed.pk))
    assert [r.kind for r in by_id] == ["view", "view"]  # listed in the inbox, and opened on its own
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert "tiepnhan" not in client.get(url, {"start": tomorrow}).content.decode().split("<tbody>")[1]
    assert client.get(url, {"code": "H99.50-010101-9999"}).status_code == 400
    assert in_provinces([world.org.province.pk], Filters(kind="download")).count() == 0


@pytest.mark.parametrize("who", ["reception", "leader", "citizen"])
def test_read_log_page_is_refused_without_a_province_wide_audit_right(case, who):
    world, _, _ = case
    assert _client(getattr(world, who)).get(reverse("audit:read_log")).status_code in (302, 403)


def test_who_viewed_this_dossier_is_shown_to_leaders_only(case):
    world, dossier, _ = case
    url = reverse("backoffice:dossier", args=[dossier.public_id])
    specialist_page = _client(world.specialist).get(url).content.decode()
    assert "Ai đã xem hồ sơ này" not in specialist_page
    leader_page = _client(world.leader).get(url).content.decode()
    section = leader_page.split("Ai đã xem hồ sơ này")[1]
    assert "chuyenvien" in section.split("</section>")[0]
