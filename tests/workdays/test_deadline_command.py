"""``motcua deadline``: output, the unit's calendar, and exit status 2 with a bilingual message."""

import os
import subprocess
import sys
from datetime import date

import pytest
from django.core.management import call_command, execute_from_command_line

from motcua.workdays.models import DayOverride


def deadline(*args):
    """Run the command as the ``motcua`` CLI does (exit status included) in this process."""
    execute_from_command_line(["motcua", "deadline", *args])


def test_tet_example(capsys):
    deadline("--received", "2026-02-13T16:30", "--amount", "5", "--unit", "working-days")
    assert capsys.readouterr().out == "2026-02-27T16:30:00+07:00\n"


@pytest.mark.parametrize("args, due", [
    (["--received", "2026-03-10T18:00", "--amount", "1"], "2026-03-11T17:00:00+07:00"),  # after hours
    (["--received", "2026-03-10T02:00:00Z", "--amount", "2", "--unit", "working-hours"],  # 09:00 local
     "2026-03-10T11:00:00+07:00"),
    (["--received", "2026-03-06", "--amount", "2", "--unit", "days"], "2026-03-09T07:00:00+07:00"),
    (["--received", "2026-01-30T10:00+07:00", "--amount", "1", "--unit", "months"], "2026-03-02T10:00:00+07:00"),
    (["--received", "2026-03-10T09:00", "--amount", "0.5"], "2026-03-10T15:00:00+07:00"),
])
def test_units_and_formats(capsys, args, due):
    deadline(*args)
    assert capsys.readouterr().out.strip() == due


def test_unit_code_uses_the_units_hours_and_overrides(org, capsys):
    DayOverride.objects.create(province=org.province, date=date(2026, 3, 11), is_working_day=False,
                               reason="Ngày hội của tỉnh")
    org.commune_a.working_periods = [["07:30", "11:30"], ["13:00", "17:00"]]
    org.commune_a.save()
    deadline("--received", "2026-03-10T12:00", "--amount", "1", "--unit-code", org.commune_a.code)
    # The clock starts at 13:00 (this unit's lunch ends then): 4 h on Tuesday, Wednesday 11/03 is
    # off, 4 h on Thursday morning end at 11:30.
    assert capsys.readouterr().out == "2026-03-12T11:30:00+07:00\n"
    call_command("deadline", received="2026-03-10T12:00", amount="1")  # the national calendar
    assert capsys.readouterr().out == "2026-03-11T11:30:00+07:00\n"  # 3.5 h + 4.5 h


@pytest.mark.parametrize("args, message", [
    (["--received", "13/02/2026", "--amount", "5"], "Ngày giờ tiếp nhận không hợp lệ / invalid --received"),
    (["--received", "2026-02-13T16:30", "--amount", "-5"], "Thời hạn phải là số không âm / amount must be"),
    (["--received", "2026-02-13T16:30", "--amount", "năm"],
     "Thời hạn không phải là số / amount is not a number"),
    (["--received", "2026-02-13T16:30", "--amount", "5", "--unit", "weeks"],
     "Đơn vị thời gian không hợp lệ / unknown unit 'weeks'"),
    (["--received", "2026-02-13T16:30", "--amount", "1.5", "--unit", "days"], "phải là số nguyên / days must be"),
    (["--received", "9999-12-30", "--amount", "5", "--unit", "days"], "vượt quá năm 9999 / due date out of range"),
])
def test_bad_input_exits_2(capsys, args, message):
    with pytest.raises(SystemExit) as exit_:
        deadline(*args)
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_unknown_unit_code_exits_2(db, capsys):
    with pytest.raises(SystemExit) as exit_:
        deadline("--received", "2026-02-13T16:30", "--amount", "5", "--unit-code", "H00.99")
    assert exit_.value.code == 2
    assert "Không tìm thấy đơn vị / unknown unit code: H00.99" in capsys.readouterr().err


def run_cli(*args):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "motcua.conf.test"}
    return subprocess.run([sys.executable, "-m", "motcua.cli", "deadline", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_the_motcua_command_in_a_subprocess():
    ok = run_cli("--received", "2026-02-13T16:30", "--amount", "5", "--unit", "working-days")
    assert (ok.returncode, ok.stdout) == (0, "2026-02-27T16:30:00+07:00\n")
    bad = run_cli("--received", "2026-02-13T16:30", "--amount", "-1")
    assert bad.returncode == 2 and "Thời hạn phải là số không âm" in bad.stderr
