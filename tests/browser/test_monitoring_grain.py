"""The drill-down at the facts' grain in a real browser (decision 0610): the unit page names the
procedures behind the online-payment shortfall, and the field page shows each procedure's payment,
result, digitisation and rating figures."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from motcua.catalog.models import Field
from motcua.dossiers import services
from motcua.feedback import ratings
from motcua.monitoring import periods, sources
from motcua.monitoring.index766 import INDICATORS
from motcua.monitoring.models import EXTERNAL_INDICATORS, ExternalIndicator
from tests.backoffice.pages import log_in
from tests.fixtures_dossiers import make_procedure
from tests.monitoring.flows import accepted, fee_notice, finished, paid_online
from tests.monitoring.people import fresh_cache, people  # noqa: F401  (fixtures)

ARTIFACTS = Path("test-artifacts")


@pytest.fixture
def month_of_fees(transactional_db, world, applicant, people):
    """This month in commune A: three birth registrations with a fee (one paid online), one of them
    returned and rated; a certification with an unpaid fee; the province's entries at full points."""
    ARTIFACTS.mkdir(exist_ok=True)
    civil = Field.objects.create(name="Hộ tịch")
    world.procedure.field = civil
    world.procedure.save()
    world.second = make_procedure("2.000815", "Chứng thực bản sao từ bản chính", [world.org.commune_a])
    world.second.field = civil
    world.second.save()
    now = timezone.now()
    paid_online(fee_notice(accepted(world, applicant, now), world.reception, now), now)
    fee_notice(accepted(world, applicant, now), world.reception, now)
    fee_notice(accepted(world, applicant, now), world.reception, now)
    returned = finished(world, applicant, now, now, returned=now)
    ratings.rate(returned, channel="portal", overall="like", now=now)
    counter = services.create(procedure=world.second, unit=world.org.commune_a, channel="direct", applicant=applicant,
                              actor=world.reception, submitted_via="counter", submit=True, now=now)
    fee_notice(services.perform(counter, "accept", world.reception, now=now), world.reception, now)
    sources.collect(world.org.province.pk, timezone.localdate())
    month = periods.containing(timezone.localdate())
    sources.collect_period(world.org.province.pk, month)
    ExternalIndicator.objects.bulk_create(
        ExternalIndicator(province=world.org.province, indicator=i, period=month.key, score=INDICATORS[i].max)
        for i in EXTERNAL_INDICATORS)
    return world


def test_unit_page_and_field_page_show_the_procedures_figures(live_server, page, month_of_fees, people):
    world = month_of_fees
    log_in(page, live_server, people.monitor, f"/giam-sat/don-vi/{world.org.commune_a.pk}/")
    improve = page.locator(".improvements")
    expect(improve).to_contain_text("3.6")
    expect(improve).to_contain_text("Đăng ký khai sinh: 2 / 3 hồ sơ chưa thanh toán trực tuyến")
    expect(improve).to_contain_text("Chứng thực bản sao từ bản chính: 1 / 1 hồ sơ chưa thanh toán trực tuyến")
    page.screenshot(path=str(ARTIFACTS / "monitoring-grain-unit.png"), full_page=True)

    page.get_by_role("link", name="Hộ tịch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hộ tịch")
    digital = page.get_by_role("region", name="Thanh toán, kết quả, số hóa và đánh giá")
    headers = [h.strip() for h in digital.locator("thead th").all_inner_texts()]

    def cell(procedure, header):  # the row's name is a th: td n is header n + 1
        return digital.locator("tbody tr", has_text=procedure).locator("td").nth(headers.index(header) - 1)

    expect(cell("Đăng ký khai sinh", "Thanh toán trực tuyến")).to_have_text("1/3 (33 %)")
    expect(cell("Đăng ký khai sinh", "Đánh giá hài lòng")).to_have_text("1/1 (100 %)")
    expect(cell("Chứng thực bản sao", "Thanh toán trực tuyến")).to_have_text("0/1 (0 %)")
    page.screenshot(path=str(ARTIFACTS / "monitoring-grain-field.png"), full_page=True)
