"""The inbox: what each officer sees in each tab, filters, code search, pages and bulk forwarding."""

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.accounts.models import Role
from motcua.backoffice import due, inbox
from motcua.catalog.models import Field
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State
from motcua.workdays.services import calendar_for_unit
from tests.factories import make_user

from .conftest import at_specialist, client_for, online, received

pytestmark = pytest.mark.django_db
INBOX = "/nghiep-vu/ho-so/"


def listed(user, **params) -> str:
    response = client_for(user).get(INBOX, params)
    assert response.status_code == 200
    return response.content.decode()


def test_an_officer_of_another_commune_sees_nothing_of_commune_a(world, applicant):
    d = at_specialist(world, applicant)
    waiting = online(world, applicant)
    stranger = client_for(world.other_reception)
    for tab in inbox.TABS:
        page = listed(world.other_reception, tab=tab)
        assert d.code not in page and str(waiting.public_id) not in page
    assert stranger.get(f"{INBOX}{d.public_id}/").status_code == 404
    assert stranger.get(INBOX, {"q": d.code}).status_code == 200  # not found, no redirect
    assert stranger.post(f"{INBOX}{d.public_id}/thao-tac/forward/", {"forward-version": d.version}).status_code == 404
    assert Dossier.objects.get(pk=d.pk).step_position == 2


def test_my_work_follows_the_current_steps_role_and_the_assignee(world, applicant):
    d = received(world, applicant)
    assert d.code in listed(world.reception) and d.code not in listed(world.specialist)
    other_specialist = make_user("chuyenvien2", province=world.org.province, role=Role.SPECIALIST,
                                 unit=world.org.commune_a, full_name="Trần Bình")
    d = services.perform(d, "forward", world.reception, assignee=other_specialist)
    assert d.code not in listed(world.reception)
    assert d.code in listed(other_specialist)
    assert d.code not in listed(world.specialist)  # marked to a colleague: out of my inbox
    assert d.code not in listed(world.leader)
    d = services.perform(d, "forward", other_specialist)
    assert d.code in listed(world.leader)


def test_completed_dossiers_wait_in_the_reception_officers_work(world, applicant):
    d = at_specialist(world, applicant)
    d = services.perform(d, "forward", world.specialist)
    d = services.perform(d, "complete", world.leader, result_summary="Giấy khai sinh")
    assert d.code in listed(world.reception) and d.code not in listed(world.leader)
    assert d.code in listed(world.leader, tab="done")


def test_reception_tab_lists_online_submissions_without_bundle_members(world, applicant, bundle):
    single = online(world, applicant)
    group = services.create(procedure=bundle, unit=world.org.commune_a, channel="online", applicant=applicant,
                            owner=world.citizen, submit=True)
    page = listed(world.reception, tab="reception")
    assert str(single.public_id) in page and str(group.public_id) in page
    for child in group.children.all():
        assert str(child.public_id) not in page
    assert str(single.public_id) not in listed(world.reception)  # not yet anyone's work


def _set_due(dossier, due_at, badly=None):
    Dossier.objects.filter(pk=dossier.pk).update(due_at=due_at, badly_overdue_at=badly or due_at + timedelta(days=7))


def test_due_soon_and_overdue_tabs_and_colours(world, applicant):
    now = timezone.now()
    limit = due.soon_until(calendar_for_unit(world.org.commune_a), now)
    soon, late, calm, very_late = (received(world, applicant) for _ in range(4))
    _set_due(soon, limit - timedelta(minutes=5))
    _set_due(late, now - timedelta(hours=1))
    _set_due(calm, limit + timedelta(days=3))
    _set_due(very_late, now - timedelta(days=20), now - timedelta(days=10))
    page = listed(world.reception, tab="soon")
    assert soon.code in page and late.code not in page and calm.code not in page
    page = listed(world.reception, tab="overdue")
    assert late.code in page and very_late.code in page and soon.code not in page
    assert page.index(very_late.code) < page.index(late.code)  # most overdue first
    assert "due-badly_overdue" in page and "Quá hạn nghiêm trọng" in page
    page = listed(world.reception)
    assert "due-soon" in page and "due-within" in page


def test_a_paused_dossier_is_overdue_only_if_it_was_when_paused(world, applicant):
    d = at_specialist(world, applicant)
    d = services.perform(d, "request_supplement", world.specialist, comment="Thiếu giấy chứng sinh")
    # paused three days ago, due two days ago: the clock stopped in time, however late it is now
    _set_due(d, timezone.now() - timedelta(days=2))
    Dossier.objects.filter(pk=d.pk).update(paused_at=timezone.now() - timedelta(days=3))
    assert d.code not in listed(world.specialist, tab="overdue")
    Dossier.objects.filter(pk=d.pk).update(paused_at=timezone.now() - timedelta(days=1))
    assert d.code in listed(world.specialist, tab="overdue")


def test_filters_by_procedure_field_and_status(world, applicant):
    from tests.fixtures_dossiers import make_procedure

    civil = Field.objects.create(name="Hộ tịch")
    world.procedure.field = civil
    world.procedure.save()
    other = make_procedure("1.000656", "Đăng ký kết hôn", [world.org.commune_a])
    birth = received(world, applicant)
    marriage = services.perform(services.create(procedure=other, unit=world.org.commune_a, channel="direct",
                                                applicant=applicant, actor=world.reception,
                                                submitted_via="counter", submit=True), "accept", world.reception)
    page = listed(world.reception, procedure=other.pk)
    assert marriage.code in page and birth.code not in page
    page = listed(world.reception, field=civil.pk)
    assert birth.code in page and marriage.code not in page
    assert birth.code in listed(world.reception, state=State.RECEIVED)
    assert birth.code not in listed(world.reception, state=State.PROCESSING)
    assert "Không có hồ sơ nào" in listed(world.reception, tab="soon", state=State.RETURNED)
    page = listed(world.reception, procedure="999999")
    assert "Lựa chọn không hợp lệ" in page and birth.code in page  # a bad filter is said and ignored


def test_search_by_code_opens_the_dossier_or_narrows_the_list(world, applicant):
    d = received(world, applicant)
    other = received(world, applicant)
    reception = client_for(world.reception)
    response = reception.get(INBOX, {"q": d.code.lower()})
    assert response.status_code == 302 and response.url == f"{INBOX}{d.public_id}/"
    response = reception.get(INBOX, {"q": d.code}, HTTP_HX_REQUEST="true")  # htmx navigates, never nests pages
    assert response.status_code == 200 and response["HX-Redirect"] == f"{INBOX}{d.public_id}/"
    page = listed(world.reception, q=d.code[-4:])
    assert d.code in page and other.code not in page
    page = listed(world.reception, q="H99.50-200101-0001")
    assert "Không tìm thấy hồ sơ H99.50-200101-0001" in page


def test_keyset_pages_cover_every_row_once_in_order(world, applicant):
    dossiers = [received(world, applicant, now=timezone.now() - timedelta(minutes=10 * i)) for i in range(5)]
    tab, ctx = inbox.TABS["mine"], inbox.Context(world.reception, {world.org.commune_a.pk: {Role.RECEPTION}},
                                                  timezone.now())
    parts = inbox.segments(tab, inbox.Filters(unit_ids=(world.org.commune_a.pk,)), ctx, Dossier.objects.all())
    seen, cursor = [], None
    while True:
        rows, cursor_text = inbox.page(tab, parts, cursor, limit=2)
        seen += rows
        if not cursor_text:
            break
        cursor = inbox.decode_cursor(cursor_text)
    assert [d.pk for d in seen] == [d.pk for d in sorted(dossiers, key=lambda d: (d.due_at, d.pk))]


def test_next_page_link_and_bounded_counts(world, applicant, monkeypatch):
    monkeypatch.setattr(inbox, "PAGE_SIZE", 2)
    monkeypatch.setattr(inbox, "COUNT_CAP", 2)
    codes = [received(world, applicant).code for _ in range(3)]
    page = listed(world.reception)
    assert 'rel="next"' in page and "2+" in page
    next_url = page.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    second = client_for(world.reception).get(next_url).content.decode()
    assert sum(code in second for code in codes) == 1
    assert "Trang không hợp lệ" in listed(world.reception, after="rubbish")


def test_bulk_forward_reports_each_dossier(world, applicant):
    first, second, stale, gone = (received(world, applicant) for _ in range(4))
    services.perform(stale, "forward", world.reception)  # a colleague was quicker
    services.perform(gone, "withdraw", world.reception, comment="Công dân rút hồ sơ")
    response = client_for(world.reception).post(f"{INBOX}chuyen-buoc/", {"pick": [
        f"{d.public_id}:{d.version}" for d in (first, second, stale, gone)], "back": f"{INBOX}?tab=mine"},
        follow=True)
    page = response.content.decode()
    assert f"Đã chuyển bước 2 hồ sơ: {first.code}, {second.code}" in page
    assert f"{stale.code}: Hồ sơ vừa được người khác cập nhật" in page
    assert f"{gone.code}: Không thể &#x27;Chuyển bước tiếp theo&#x27; khi hồ sơ đang ở trạng thái" in page
    assert response.redirect_chain[-1][0] == f"{INBOX}?tab=mine"
    assert [Dossier.objects.get(pk=d.pk).step_position for d in (first, second, stale)] == [2, 2, 2]


def test_bulk_forward_cannot_touch_another_communes_dossiers(world, applicant):
    d = received(world, applicant)
    response = client_for(world.other_reception).post(f"{INBOX}chuyen-buoc/", {"pick": f"{d.public_id}:{d.version}"},
                                                      follow=True)
    assert "Không tìm thấy hồ sơ đã chọn" in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).step_position == 1


def test_the_provincial_monitor_reads_a_chosen_unit_and_acts_on_nothing(world, applicant):
    monitor = make_user("giamsat", province=world.org.province, role=Role.PROVINCIAL_MONITOR)
    d = received(world, applicant)
    _set_due(d, timezone.now() - timedelta(hours=2))
    page = listed(monitor, tab="overdue")
    assert "chọn một đơn vị" in page and d.code not in page
    assert d.code in listed(monitor, tab="overdue", unit=world.org.commune_a.pk)
    page = client_for(monitor).get(f"{INBOX}{d.public_id}/").content.decode()
    assert "Không có thao tác nào" in page and "<form method=\"post\" action=\"/nghiep-vu/ho-so/" not in page
    response = client_for(monitor).post(f"{INBOX}{d.public_id}/thao-tac/forward/", {"forward-version": d.version})
    assert response.status_code == 409 and "không có quyền" in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).version == d.version


def test_citizens_cannot_open_the_back_office(world):
    assert client_for(world.citizen).get(INBOX).status_code == 403
    response = client_for(world.citizen).get("/nghiep-vu/")  # where signing in lands: sent to the portal
    assert response.status_code == 302 and response.url == "/ho-so/cua-toi/"


def test_home_shows_bounded_counts_and_links(world, applicant):
    received(world, applicant)
    online(world, applicant)
    page = client_for(world.reception).get("/nghiep-vu/").content.decode()
    assert "Việc của tôi" in page and "Chờ tiếp nhận" in page and "Tiếp nhận hồ sơ tại quầy" in page
    assert "Tiếp nhận hồ sơ tại quầy" not in client_for(world.specialist).get("/nghiep-vu/").content.decode()
