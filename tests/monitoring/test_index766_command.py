"""``motcua index766 --counts FILE.json``: JSON in, JSON out, status 2 on bad input."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from motcua.monitoring.index766 import INDICATORS


def run(tmp_path, text, *options):
    path = tmp_path / "counts.json"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("index766", "--counts", str(path), *options, stdout=out)
    return json.loads(out.getvalue())


def counts(**pairs):
    return json.dumps({"indicators": {k.replace("_", "."): {"num": n, "den": d} for k, (n, d) in pairs.items()}})


def test_scores_the_counts_file(tmp_path):
    data = run(tmp_path, counts(**{"2_1": (970, 1000), "5_4": (81, 100), "4_3": (60, 100), "5_2": (0, 0)}))
    assert data["indicators"]["2.1"] == {"num": 970, "den": 1000, "ratio": 0.97, "score": 19.4, "max": 20}
    assert data["indicators"]["5.4"]["score"] == 5.4
    assert data["indicators"]["4.3"]["score"] == 1.5
    assert data["indicators"]["5.2"] == {"num": 0, "den": 0, "ratio": None, "score": 6.0, "max": 6}
    assert data["groups"]["5"] == {"score": 11.4, "max": 18}
    assert data["total"] == 32.3
    assert list(data["indicators"]) == list(INDICATORS)
    assert set(data) == {"indicators", "groups", "total"}


def test_everything_at_100_percent(tmp_path):
    full = {key: {"num": 5, "den": 5} for key in INDICATORS}
    data = run(tmp_path, json.dumps({"indicators": full}))
    assert data["total"] == 100
    assert {g: v["score"] for g, v in data["groups"].items()} == {"1": 18, "2": 20, "3": 22, "4": 22, "5": 18}


def test_decimal_counts_and_overrides(tmp_path):
    text = '{"indicators": {"1.4": {"num": 50, "den": 83.5}}, "overrides": {"3.4": 10.25}}'
    data = run(tmp_path, text)
    assert data["indicators"]["1.4"]["den"] == 83.5
    assert data["indicators"]["1.4"]["score"] == 3.59  # 6 × 50 / 83.5 = 3.5928…
    assert data["indicators"]["3.4"]["score"] == 10.25
    assert data["total"] == 13.84


def test_details_add_the_grade_and_the_losses(tmp_path):
    full = {key: {"num": 1, "den": 1} for key in INDICATORS}
    full["2.1"] = {"num": 0, "den": 10}
    data = run(tmp_path, json.dumps({"indicators": full}), "--details")
    assert data["total"] == 80
    assert data["grade"]["label"] == "Tốt"
    assert data["losses"] == [{"id": "2.1", "name": INDICATORS["2.1"].name, "lost": 20}]


@override_settings(MOTCUA_INDEX_PAYMENT_UNCAPPED=True)
def test_setting_selects_the_empirical_payment_variant(tmp_path):
    assert run(tmp_path, counts(**{"3_5": (1, 1)}))["indicators"]["3.5"]["score"] == 2.5


@override_settings(MOTCUA_INDEX_BANDS="[{")
def test_broken_band_setting_is_reported(tmp_path):
    with pytest.raises(CommandError, match="MOTCUA_INDEX_BANDS"):
        run(tmp_path, counts(), "--details")


@pytest.mark.parametrize("text, words", [
    ("not json", "not valid JSON"),
    ("[1, 2]", 'needs an "indicators" object'),
    ('{"indicators": []}', 'needs an "indicators" object'),
    ('{"indicators": {}, "unit": "H15"}', "unknown keys: unit"),
    ('{"indicators": {}, "overrides": [1]}', '"overrides" must be an object'),
    ('{"indicators": {"2.1": {"num": 1}}}', 'needs exactly "num" and "den"'),
    ('{"indicators": {"2.1": [1, 2]}}', 'needs exactly "num" and "den"'),
    ('{"indicators": {"2.1": {"num": 1001, "den": 1000}}}', "exceeds denominator"),
    ('{"indicators": {"2.1": {"num": -1, "den": 1000}}}', "must not be negative"),
    ('{"indicators": {"2.1": {"num": "970", "den": 1000}}}', "must be a number"),
    ('{"indicators": {"2.1": {"num": NaN, "den": 1000}}}', "not a valid number"),
    ('{"indicators": {"7.7": {"num": 1, "den": 2}}}', "unknown indicator id"),
    ('{"indicators": {"2.1": {"num": 1, "den": 2}, "2.1": {"num": 2, "den": 2}}}', "repeated keys: 2.1"),
    ('{"indicators": {}, "overrides": {"3.4": 13}}', "exceeds its maximum"),
])
def test_bad_files_exit_2_with_a_bilingual_message(tmp_path, text, words):
    with pytest.raises(CommandError) as error:
        run(tmp_path, text)
    assert error.value.returncode == 2
    assert words in str(error.value) and " / " in str(error.value)


def test_missing_file_exits_2(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("index766", "--counts", str(tmp_path / "nope.json"))
    assert error.value.returncode == 2 and "cannot read file" in str(error.value)


def cli(*args, stdin=""):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "motcua.conf.test"}
    return subprocess.run([sys.executable, "-m", "motcua.cli", "index766", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=60)


def test_command_line_reads_stdin():
    done = cli("--counts", "-", stdin=counts(**{"2_1": (970, 1000)}))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["indicators"]["2.1"]["score"] == 19.4


def test_command_line_bad_input_exits_2_on_stderr():
    done = cli("--counts", "-", stdin=counts(**{"2_1": (5, 4)}))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "tử số 5 lớn hơn mẫu số 4 / indicator 2.1: numerator 5 exceeds denominator 4" in done.stderr


def test_command_line_without_counts_exits_2():
    assert cli().returncode == 2
