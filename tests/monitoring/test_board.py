"""The 766 index of units and the province from the facts, and the live open / overdue counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.accounts.models import Role
from motcua.dossiers import services
from motcua.monitoring import live, periods
from motcua.monitoring.board import scoreboard
from motcua.monitoring.models import ExternalIndicator, PeriodFact
from tests.factories import make_user
from tests.monitoring.flows import accepted, at, finished

pytestmark = pytest.mark.django_db


def test_open_and_overdue_follow_the_clock_and_paused_dossiers(world, applicant):
    late = accepted(world, applicant, at(2026, 3, 2, 8))                      # due Mon 9 Mar 08:00
    paused_in_time = accepted(world, applicant, at(2026, 3, 2, 8))
    paused_late = accepted(world, applicant, at(2026, 3, 2, 8))
    accepted(world, applicant, at(2026, 3, 16, 8))                            # due Mon 23 Mar
    for d, day in ((paused_in_time, 5), (paused_late, 10)):
        d = services.perform(d, "forward", world.reception, now=at(2026, 3, day, 8))
        services.perform(d, "request_supplement", world.specialist, now=at(2026, 3, day, 9), comment="Thiếu giấy")
    assert late.due_at == at(2026, 3, 9, 8)
    unit = world.org.commune_a.pk
    counts = live.open_counts([unit], now=at(2026, 3, 20, 9))
    assert counts[unit] == live.OpenCounts(open=4, overdue=2)
    assert counts[unit].within == 2
    with CaptureQueriesContext(connection) as queries:  # cached: one cache read, no dossier query
        assert live.open_counts([unit], now=at(2026, 3, 30, 9))[unit] == live.OpenCounts(4, 2)
    assert len(queries) == 1
    assert live.by_procedure(unit, now=at(2026, 3, 30, 9)) == {world.procedure.pk: live.OpenCounts(4, 3)}


def test_scoreboard_scores_units_and_the_province_from_summed_counts(world, applicant):
    a, b = world.org.commune_a, world.org.commune_b
    finished(world, applicant, at(2026, 3, 2, 8), at(2026, 3, 4, 9))     # early
    finished(world, applicant, at(2026, 3, 2, 8), at(2026, 3, 9, 8))     # on time
    finished(world, applicant, at(2026, 3, 2, 8), at(2026, 3, 12, 8))    # late
    d = accepted(world, applicant, at(2026, 3, 2, 8), unit=b, reception=world.other_reception)
    d = services.perform(d, "forward", world.other_reception, now=at(2026, 3, 2, 9))
    boss = make_user("lanhdao_b", province=world.org.province, role=Role.LEADER, unit=b)
    specialist_b = make_user("chuyenvien_b", province=world.org.province, role=Role.SPECIALIST, unit=b)
    d = services.perform(d, "forward", specialist_b, now=at(2026, 3, 3, 9))
    services.perform(d, "complete", boss, now=at(2026, 3, 3, 10))          # early
    ExternalIndicator.objects.create(province=world.org.province, indicator="3.4", period="2026-03", score=Decimal("9.5"))
    PeriodFact.objects.create(province=world.org.province, unit=a, period="2026-03", source="feedback",
                              data={"5.4": [9, 10]}, collected_at=at(2026, 4, 1))

    board = scoreboard(world.org.province.pk, periods.parse("2026-03"), [world.org.dept, a, b])
    assert not board.live and board.total.open is None
    by_unit = {s.unit.pk: s for s in board.units}
    assert by_unit[a.pk].result.indicators["2.1"].score == Decimal("13.33")   # 2 / 3 × 20
    assert by_unit[b.pk].result.indicators["2.1"].score == Decimal("20.00")
    assert board.total.result.indicators["2.1"].score == Decimal("15.00")      # 3 / 4, not the mean of scores
    assert by_unit[a.pk].result.indicators["5.4"].score == Decimal("6.00")     # 90 % reaches the 90 % target
    assert by_unit[a.pk].result.indicators["3.4"].score == Decimal("9.50")     # province-wide entry
    # 3.1 / 3.2: the one procedure (offered online) is enabled at both communes; online dossiers at both
    assert [(by_unit[u].result.indicators[k].num, by_unit[u].result.indicators[k].den)
            for u in (a.pk, world.org.dept.pk) for k in ("3.1", "3.2")] == [(1, 1), (1, 1), (0, 0), (0, 0)]
    assert board.total.result.indicators["3.2"].num == 1  # distinct procedures, not a sum over units
    # b: 20 + 9.5; a: 13.33 + 9.5 + 6; the department has no dossier: 9.5 only
    assert [(s.unit.pk, s.result.total, s.rank) for s in board.units] == [
        (b.pk, Decimal("29.50"), 1), (a.pk, Decimal("28.83"), 2), (world.org.dept.pk, Decimal("9.50"), 3)]
    assert board.total.result.total == Decimal("15.00") + Decimal("9.5") + Decimal("6.00")
    assert board.total.grade.label == "Yếu"
