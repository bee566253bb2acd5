"""The rule that turns one dossier event into fact measures (pure, no database)."""

from datetime import datetime, timezone

from motcua.monitoring.measures import FLOW, DossierState, event_measures
from motcua.monitoring.models import DailyFact
from tests.fixtures_dossiers import at

NOT_RECEIVED = DossierState(None, "")


def test_simple_events_count_one_on_their_local_day():
    late_evening_utc = datetime(2026, 3, 4, 17, 30, tzinfo=timezone.utc)  # 00:30 on 5 March in Hà Nội
    assert event_measures("submit", late_evening_utc, NOT_RECEIVED) == [(late_evening_utc.date().replace(day=5),
                                                                         "submitted", 1)]
    for action, measure in [("refuse", "refused"), ("request_supplement", "supplement_requests"),
                            ("apologize", "extensions"), ("return_result", "returned")]:
        assert event_measures(action, at(2026, 3, 4, 9), NOT_RECEIVED) == [(at(2026, 3, 4).date(), measure, 1)]


def test_acceptance_counts_on_the_day_received_even_when_entered_later():
    backfilled = DossierState(at(2026, 3, 2, 8, 0), "")  # paper dossier of Monday, entered Wednesday
    assert event_measures("accept", at(2026, 3, 4, 9, 0), backfilled) == [(at(2026, 3, 2).date(), "accepted", 1)]


def test_finishing_counts_its_timeliness_and_the_time_spent():
    received = DossierState(at(2026, 3, 2, 8, 0), "early")
    rows = event_measures("complete", at(2026, 3, 4, 9, 30), received)
    # 2 days 1 h 30 min = 178 200 seconds
    assert rows == [(at(2026, 3, 4).date(), "finished_early", 1), (at(2026, 3, 4).date(), "finished_seconds", 178200)]
    for action in ("bundle_complete", "stop", "withdraw"):
        assert event_measures(action, at(2026, 3, 9, 8), DossierState(at(2026, 3, 2, 8), "late"))[0][1:] == (
            "finished_late", 1)


def test_withdrawing_before_reception_and_other_actions_count_nothing():
    assert event_measures("withdraw", at(2026, 3, 4, 9), NOT_RECEIVED) == []
    for action in ("create", "forward", "send_back", "transfer", "resume", "fee_paid", "request_completion"):
        assert event_measures(action, at(2026, 3, 4, 9), DossierState(at(2026, 3, 2, 8), "")) == []


def test_every_measure_is_a_column_of_the_fact_table():
    columns = {f.name for f in DailyFact._meta.get_fields()}
    assert set(FLOW) <= columns
