"""From summed facts to 766 counts and points, with the rules' own numbers (domain-vn.md §1.3–1.5)."""

from decimal import Decimal
from fractions import Fraction

from motcua.monitoring import index766
from motcua.monitoring.board import competition_rank
from motcua.monitoring.indicators import Catalogue, counts, needed_for_full, on_time_percent, sum_feedback
from motcua.monitoring.live import OpenCounts

FLOWS = {"accepted": 1000, "accepted_online": 420, "finished_early": 700, "finished_on_time": 230,
         "finished_late": 40, "finished_seconds": 970 * 3 * 86400}


def test_on_time_counts_finished_and_open_dossiers():
    # 930 finished early or on time + 25 open within time, over 970 finished + 30 open = 955 / 1000
    c = counts(FLOWS, {}, OpenCounts(open=30, overdue=5))
    assert c["2.1"] == (955, 1000)
    assert index766.score(c).indicators["2.1"].score == Decimal("19.10")  # 20 × 0.955


def test_a_closed_period_is_judged_on_what_finished():
    c = counts(FLOWS, {}, None)
    assert c["2.1"] == (930, 970)
    assert c["2.2"] == (Fraction(970 * 3), 970)  # three days on average


def test_online_share_is_tracked_with_its_50_percent_target():
    result = index766.score(counts(FLOWS, {}, None))
    assert result.indicators["3.3"].ratio == Fraction(42, 100)
    assert result.indicators["3.3"].score == 0  # tracked only: no points


def test_source_figures_feed_payment_results_digitisation_and_reuse():
    sources = {"fee_dossiers": 200, "paid_online": 150, "results_completed": 900, "electronic_results": 900,
               "results_received": 1000, "reusing_results": 400, "digitised_dossiers": 1200}
    c = counts(FLOWS, sources, None)
    assert (c["3.6"], c["4.1"], c["4.3"]) == ((150, 200), (900, 900), (400, 1000))
    assert c["4.2"] == (1000, 1000)  # collected later than the live flows: capped at the denominator
    scores = index766.score(c).indicators
    # 3.6: 6 × 0.75 = 4.5; 4.1: 6; 4.3: 40 % of an 80 % target × 2 = 1; 4.2: full 4
    assert [scores[k].score for k in ("3.6", "4.1", "4.3", "4.2")] == [
        Decimal("4.50"), Decimal("6.00"), Decimal("1.00"), Decimal("4.00")]


def test_catalogue_feeds_31_and_32():
    c = counts({}, {}, None, Catalogue(procedures=120, online=90, with_online_dossiers=45))
    assert (c["3.1"], c["3.2"]) == ((90, 120), (45, 90))


def test_feedback_figures_feed_group_5_when_collected():
    assert "5.4" not in counts(FLOWS, {}, None)
    feedback = {"5.1": [3, 10], "5.2": [9, 10], "5.3": [7, 10], "5.4": [81, 100]}
    result = index766.score(counts(FLOWS, {}, None, feedback=feedback))
    # 5.2: 6 × 0.9 = 5.4; 5.3: 6 × 0.7 = 4.2; 5.4: 81 % of a 90 % target × 6 = 5.4
    assert [result.indicators[k].score for k in ("5.2", "5.3", "5.4")] == [
        Decimal("5.40"), Decimal("4.20"), Decimal("5.40")]
    assert sum_feedback([feedback, None, {"5.1": [1, 2], "5.2": [2, 2], "5.3": [1, 2], "5.4": [10, 20]}]) == {
        "5.1": [4, 12], "5.2": [11, 12], "5.3": [8, 12], "5.4": [91, 120]}
    assert sum_feedback([None, None]) is None


def test_missing_sums_read_as_zero():
    c = counts({"accepted": None}, {}, None)
    assert c["2.1"] == (0, 0) and c["3.3"] == (0, 0)
    assert on_time_percent({}) is None
    assert on_time_percent({"finished_early": 1, "finished_on_time": 2, "finished_late": 1}) == 75


def test_needed_for_full_points():
    assert needed_for_full(930, 1000, None) == 70           # no threshold: every dossier counts
    assert needed_for_full(3, 7, Fraction(80, 100)) == 3     # ⌈0.8 × 7⌉ = 6
    assert needed_for_full(45, 50, Fraction(50, 100)) == 0   # already above the target
    assert needed_for_full(0, 0, None) is None


def test_competition_rank_shares_places():
    assert competition_rank([Decimal(90), Decimal(85), Decimal(85), Decimal(80)]) == [1, 2, 2, 4]
    assert competition_rank([]) == []
