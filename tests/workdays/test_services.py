"""Province overrides in the database and the cached calendar of a unit."""

from datetime import date, datetime

import pytest
from django.db import IntegrityError, transaction

from motcua.workdays.calendar import VIETNAM
from motcua.workdays.models import DayOverride
from motcua.workdays.services import calendar_for_unit, clear_calendar_cache
from tests.factories import make_org

TUESDAY, SATURDAY = date(2026, 3, 10), date(2026, 3, 14)


def override(province, day, working, reason="Quyết định của UBND tỉnh"):
    return DayOverride.objects.create(province=province, date=day, is_working_day=working, reason=reason)


def test_calendar_combines_unit_hours_and_province_overrides(org):
    override(org.province, TUESDAY, False)
    override(org.province, SATURDAY, True)
    org.commune_a.working_periods = [["07:30", "11:30"], ["13:00", "17:00"]]
    org.commune_a.save()
    cal = calendar_for_unit(org.commune_a)
    assert not cal.is_working_day(TUESDAY) and cal.is_working_day(SATURDAY)
    assert cal.clock_start(datetime(2026, 3, 13, 12, 0, tzinfo=VIETNAM)) == datetime(2026, 3, 13, 13, 0, tzinfo=VIETNAM)


def test_other_provinces_overrides_do_not_apply(org):
    other = make_org(code="H98", name="Tỉnh Bên Cạnh")
    override(other.province, TUESDAY, False)
    assert calendar_for_unit(org.commune_a).is_working_day(TUESDAY)
    assert not calendar_for_unit(other.commune_a).is_working_day(TUESDAY)


def test_one_override_per_province_and_day(org):
    override(org.province, TUESDAY, False)
    with pytest.raises(IntegrityError), transaction.atomic():
        override(org.province, TUESDAY, True)


def test_calendar_is_cached_and_shared_by_units_with_the_same_hours(org, django_assert_num_queries):
    first = calendar_for_unit(org.commune_a)
    with django_assert_num_queries(0):
        assert calendar_for_unit(org.commune_a) is first
        assert calendar_for_unit(org.commune_b) is first
    org.commune_b.working_periods = [["08:00", "12:00"], ["13:00", "17:00"]]
    assert calendar_for_unit(org.commune_b) is not first


def test_saving_or_deleting_an_override_invalidates_the_cache(org):
    assert calendar_for_unit(org.dept).is_working_day(TUESDAY)
    day_off = override(org.province, TUESDAY, False)
    assert not calendar_for_unit(org.dept).is_working_day(TUESDAY)
    day_off.is_working_day = True
    day_off.save()
    assert calendar_for_unit(org.dept).is_working_day(TUESDAY)
    day_off.delete()
    assert calendar_for_unit(org.dept).is_working_day(TUESDAY)
    assert not calendar_for_unit(org.dept).is_working_day(SATURDAY)


def test_cached_calendar_expires(org, settings, django_assert_num_queries):
    """Changes made by another process (no signal here) are seen once the entry expires."""
    settings.MOTCUA_WORKDAYS_CACHE_SECONDS = 0
    calendar_for_unit(org.dept)
    DayOverride.objects.bulk_create([DayOverride(province=org.province, date=TUESDAY, is_working_day=False,
                                                 reason="bulk")])  # bulk_create sends no signal
    with django_assert_num_queries(1):
        assert not calendar_for_unit(org.dept).is_working_day(TUESDAY)


def test_clear_calendar_cache(org):
    first = calendar_for_unit(org.dept)
    clear_calendar_cache()
    assert calendar_for_unit(org.dept) is not first


def test_admin_lists_overrides_in_vietnamese(org, admin_client):
    override(org.province, date(2026, 2, 23), False, reason="Lịch nghỉ Tết của tỉnh")
    page = admin_client.get("/quan-tri/workdays/dayoverride/").content.decode()
    assert "ngày điều chỉnh lịch làm việc" in page
    assert "Lịch nghỉ Tết của tỉnh" in page and "Thứ Hai" in page
    form = admin_client.get("/quan-tri/workdays/dayoverride/add/").content.decode()
    assert "Là ngày làm việc" in form and "Lý do" in form


def test_admin_reads_dates_day_first(org, admin_client):
    response = admin_client.post("/quan-tri/workdays/dayoverride/add/", {
        "province": org.province.pk, "date": "07/11/2026", "is_working_day": "on", "reason": "Làm bù",
    })
    assert response.status_code == 302
    assert DayOverride.objects.get().date == date(2026, 11, 7)  # Saturday 7 November, not 11 July
    assert calendar_for_unit(org.dept).is_working_day(date(2026, 11, 7))
