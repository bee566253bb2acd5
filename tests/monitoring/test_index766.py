"""Decision 766 scoring with the rules' own numbers (docs/domain-vn.md §1.3–1.4)."""

import random
from decimal import Decimal
from fractions import Fraction

import pytest

from motcua.monitoring.index766 import (
    INDICATORS, IndexInputError, as_dict, losses, points, round_half_up, rounded_points, score,
)

FULL = {key: (100, 100) for key in INDICATORS}


def test_maxima_follow_the_decision_groups_and_sum_to_100():
    result = score({})
    assert {g: r.max for g, r in result.groups.items()} == {"1": 18, "2": 20, "3": 22, "4": 22, "5": 18}
    assert sum(i.max for i in INDICATORS.values()) == 100


def test_group_3_holds_the_12_dvctt_and_10_payment_points():
    by_tab = {}
    for indicator in INDICATORS.values():
        if indicator.group == "3":
            by_tab[indicator.tab] = by_tab.get(indicator.tab, 0) + indicator.max
    assert by_tab == {"provide-online-tree": 12, "formality-online-payment-tree": 10}
    assert INDICATORS["3.4"].max == 12


def test_tracked_only_indicators_are_worth_nothing():
    tracked = {i.id for i in INDICATORS.values() if i.tracked_only}
    assert tracked == {"2.2", "3.1", "3.2", "3.3", "5.1"}


def test_everything_at_100_percent_scores_100():
    result = score(FULL)
    assert result.total == Decimal("100.00")
    assert all(g.score == g.max for g in result.groups.values())
    assert losses(result) == []


def test_on_time_970_of_1000_is_exactly_19_40():
    result = score({"2.1": (970, 1000)})
    assert str(result.indicators["2.1"].score) == "19.40"
    assert result.indicators["2.1"].ratio == Fraction(97, 100)
    assert result.groups["2"].score == Decimal("19.40")
    assert result.total == Decimal("19.40")


def test_dvctt_online_share_40_percent_against_its_50_percent_target_earns_0_8_of_max():
    target = INDICATORS["3.3"].target
    assert target == Fraction(1, 2)
    assert points(Fraction(40, 100), 12, target) == Fraction(8, 10) * 12


@pytest.mark.parametrize("num, expected", [(81, "5.40"), (45, "3.00"), (90, "6.00"), (99, "6.00")])
def test_receiving_satisfaction_reaches_full_points_at_90_percent(num, expected):
    assert str(score({"5.4": (num, 100)}).indicators["5.4"].score) == expected


@pytest.mark.parametrize("num, expected", [(40, "1.00"), (60, "1.50"), (80, "2.00"), (100, "2.00")])
def test_reused_digitised_data_is_2_times_ratio_over_80_capped(num, expected):
    assert str(score({"4.3": (num, 100)}).indicators["4.3"].score) == expected


@pytest.mark.parametrize("key", ["3.5", "3.5b", "4.2"])
def test_other_80_percent_targets(key):
    maximum = INDICATORS[key].max
    assert score({key: (80, 100)}).indicators[key].score == maximum
    assert score({key: (40, 100)}).indicators[key].score == Decimal(maximum) / 2


@pytest.mark.parametrize("key, num, den, expected", [
    ("1.1", 1, 2, "3.00"), ("1.2", 3, 4, "3.00"), ("1.4", 9, 10, "5.40"), ("3.6", 1, 3, "2.00"),
    ("4.1", 2, 3, "4.00"), ("5.2", 3, 4, "4.50"), ("5.3", 7, 8, "5.25"),
])
def test_indicators_without_target_score_ratio_times_max(key, num, den, expected):
    assert str(score({key: (num, den)}).indicators[key].score) == expected


def test_rounding_is_half_up_on_exact_values():
    # 20 × 1/800 = 0.025 exactly: half-up gives 0.03 where banker's rounding gives 0.02.
    assert str(score({"2.1": (1, 800)}).indicators["2.1"].score) == "0.03"
    assert round_half_up(Fraction(1, 3), 4) == Decimal("0.3333")


def test_zero_denominators():
    result = score({key: (0, 0) for key in ("2.1", "5.2", "5.3", "5.4", "1.4", "3.6")})
    by_id = result.indicators
    assert (by_id["5.2"].score, by_id["5.3"].score) == (6, 6)  # no petition: nothing handled badly
    assert by_id["5.4"].score == 0
    assert by_id["2.1"].score == by_id["1.4"].score == by_id["3.6"].score == 0
    assert all(by_id[key].ratio is None for key in ("2.1", "5.2", "5.4"))
    assert result.total == 12


def test_missing_indicators_are_listed_with_no_points():
    result = score({"2.1": (1000, 1000)})
    assert list(result.indicators) == list(INDICATORS)
    missing = result.indicators["5.2"]
    assert (missing.num, missing.den, missing.ratio, missing.score) == (None, None, None, 0)
    assert result.total == 20


def test_override_takes_a_score_as_given():
    result = score({"3.4": (1, 2)}, overrides={"3.4": Decimal("9.87")})
    assert result.indicators["3.4"].score == Decimal("9.87")
    assert result.indicators["3.4"].ratio == Fraction(1, 2)
    assert result.groups["3"].score == Decimal("9.87")


def test_empirical_payment_variant_leaves_3_5_uncapped():
    assert score({"3.5": (1, 1)}, payment_uncapped=True).indicators["3.5"].score == Decimal("2.50")
    assert score({"3.5": (1, 1)}).indicators["3.5"].score == 2
    assert score({"3.5b": (1, 1)}, payment_uncapped=True).indicators["3.5b"].score == 2
    empirical = score(FULL, payment_uncapped=True)
    assert empirical.groups["3"].score == Decimal("22.50")


def test_average_processing_time_is_not_a_ratio_capped_at_one():
    result = score({"2.2": (150, 10)})
    assert result.indicators["2.2"].ratio == 15
    assert result.indicators["2.2"].score == 0


def test_losses_lists_points_lost_most_first():
    counts = {**FULL, "2.1": (900, 1000), "4.1": (1, 2), "5.4": (81, 100), "1.3": (0, 10)}
    lost = [(s.indicator.id, s.lost) for s in losses(score(counts))]
    # Ties keep the table order: 1.3 before 2.1.
    assert lost == [("4.1", Decimal("3.00")), ("1.3", Decimal("2.00")), ("2.1", Decimal("2.00")),
                    ("5.4", Decimal("0.60"))]


def test_as_dict_gives_json_numbers():
    data = as_dict(score({"2.1": (970, 1000), "4.3": (1, 3)}), with_losses=True)
    assert data["indicators"]["2.1"] == {"num": 970, "den": 1000, "ratio": 0.97, "score": 19.4, "max": 20}
    assert data["indicators"]["4.3"]["ratio"] == 0.3333
    assert data["indicators"]["4.3"]["score"] == 0.83
    assert data["groups"]["2"] == {"score": 19.4, "max": 20}
    assert data["total"] == 20.23
    assert data["losses"][0]["id"] == "3.4"


@pytest.mark.parametrize("counts, overrides, words", [
    ({"9.9": (1, 2)}, None, "unknown indicator id"),
    ({}, {"9.9": 1}, "unknown indicator id"),
    ({"2.1": (1001, 1000)}, None, "exceeds denominator"),
    ({"2.1": (-1, 1000)}, None, "must not be negative"),
    ({"2.1": (1, -5)}, None, "must not be negative"),
    ({"2.1": ("970", 1000)}, None, "must be a number"),
    ({"2.1": (True, 1)}, None, "must be a number"),
    ({"2.1": (1, float("nan"))}, None, "must be finite"),
    ({"2.1": (1, 2, 3)}, None, "needs (num, den)"),
    ({}, {"3.4": 12.5}, "exceeds its maximum"),
    ({}, {"3.3": 1}, "exceeds its maximum"),
])
def test_bad_input_is_refused_in_vietnamese_and_english(counts, overrides, words):
    with pytest.raises(IndexInputError) as error:
        score(counts, overrides)
    assert words in str(error.value)
    assert " / " in str(error.value)


def test_the_pages_integer_points_are_the_fraction_rule_to_the_hundredth():
    """``rounded_points`` (what ``score`` uses) equals ``round_half_up(points(...))`` for any ratio,
    target and cap: 0.025 points round up to 0.03, ratios above the target reach the cap or pass it."""
    rng = random.Random(766)
    ratios = [Fraction(1, 800), Fraction(3, 8), Fraction(999, 1000), Fraction(7, 4)]  # 1/800 × 20 = 0.025
    ratios += [Fraction(rng.randrange(0, den + 1), den) for den in (rng.randrange(1, 5000) for _ in range(400))]
    for indicator in INDICATORS.values():
        for ratio in ratios:
            for capped in (True, False):
                exact = round_half_up(points(ratio, indicator.max, indicator.target, capped=capped))
                assert rounded_points(ratio, indicator, capped=capped) == exact, (indicator.id, ratio, capped)
    assert rounded_points(Fraction(1, 800), INDICATORS["2.1"]) == Decimal("0.03")
