"""Grade bands and heat-map colours (docs/domain-vn.md §1.7: configurable, no official bands)."""

import json
from decimal import Decimal

import pytest
from django.test import override_settings

from motcua.monitoring.bands import (
    BandsConfigError, configured_bands, configured_heat_thresholds, grade, heat_colour, parse_bands,
    parse_heat_thresholds,
)


@pytest.mark.parametrize("total, label", [
    (100, "Xuất sắc"), (90, "Xuất sắc"), ("89.99", "Tốt"), (80, "Tốt"), (79.99, "Khá"), (70, "Khá"),
    (69.99, "Trung bình"), (50, "Trung bình"), (49.99, "Yếu"), (0, "Yếu"),
])
def test_default_bands_follow_766_analyze(total, label):
    assert grade(total).label == label


def test_custom_bands_from_json_are_sorted_and_used():
    bands = parse_bands(json.dumps([
        {"min": 0, "label": "Chưa đạt", "colour": "#ff0000"},
        {"min": 85.5, "label": "Đạt", "colour": "#00aa00"},
    ]))
    assert [b.min for b in bands] == [Decimal("85.5"), Decimal(0)]
    assert grade(Decimal("85.50"), bands).label == "Đạt"
    assert grade(Decimal("85.49"), bands).colour == "#ff0000"


@pytest.mark.parametrize("text, words", [
    ("[{", "not valid JSON"),
    ("{}", "non-empty list"),
    ("[]", "non-empty list"),
    ('[{"min": 50, "label": "A", "colour": "#000000"}]', "start at min 0"),
    ('[{"min": 0, "label": "A", "colour": "#000000"}, {"min": 0, "label": "B", "colour": "#111111"}]',
     "same min"),
    ('[{"min": 0, "label": "A", "colour": "red"}]', "#rrggbb"),
    ('[{"min": 0, "label": " ", "colour": "#000000"}]', "label must not be empty"),
    ('[{"min": 101, "label": "A", "colour": "#000000"}]', "between 0 and 100"),
    ('[{"min": "x", "label": "A", "colour": "#000000"}]', "must be a number"),
    ('[{"min": true, "label": "A", "colour": "#000000"}]', "must be a number"),
    ('[{"min": 0, "label": "A"}]', "needs exactly"),
])
def test_bad_bands_are_refused_with_a_bilingual_message(text, words):
    with pytest.raises(BandsConfigError) as error:
        parse_bands(text)
    assert words in str(error.value) and " / " in str(error.value)


@pytest.mark.parametrize("percent, colour", [
    (100, "green"), (95, "green"), ("94.99", "yellow"), (85, "yellow"), (84.99, "red"), (0, "red"),
])
def test_heat_colour_for_on_time_rates(percent, colour):
    assert heat_colour(percent) == colour


def test_heat_thresholds_are_configurable():
    thresholds = parse_heat_thresholds(" 90 , 70 ")
    assert thresholds == (90, 70)
    assert heat_colour(75, thresholds) == "yellow"
    assert heat_colour(90, thresholds) == "green"


@pytest.mark.parametrize("text, words", [
    ("70,90", "must be ≥ the yellow"), ("95", "two numbers"), ("1,2,3", "two numbers"),
    ("a,b", "must be a number"), ("120,80", "between 0 and 100"),
])
def test_bad_heat_thresholds_are_refused(text, words):
    with pytest.raises(BandsConfigError) as error:
        parse_heat_thresholds(text)
    assert words in str(error.value)


def test_settings_default_to_the_documented_values():
    assert grade(90, configured_bands()).label == "Xuất sắc"
    assert configured_heat_thresholds() == (95, 85)


@override_settings(MOTCUA_INDEX_BANDS='[{"min": 0, "label": "Mọi đơn vị", "colour": "#123456"}]',
                   MOTCUA_HEATMAP_THRESHOLDS="80,60")
def test_settings_change_bands_and_thresholds():
    assert grade(99, configured_bands()).label == "Mọi đơn vị"
    assert configured_heat_thresholds() == (80, 60)
