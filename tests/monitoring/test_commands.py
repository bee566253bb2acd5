"""The operator's commands: monthly reports and collecting source figures."""

import pytest
from django.core.management import CommandError, call_command

from motcua.monitoring.models import ReportJob, SourceFact, SourceRun
from tests.monitoring.flows import accepted, at

pytestmark = pytest.mark.django_db


def test_monthly_reports_are_queued_and_built(world, applicant, settings, tmp_path, capsys,
                                               django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    accepted(world, applicant, at(2026, 3, 2, 8))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reports", "monthly", "--month", "2026-03", "--province", "h99")
    jobs = ReportJob.objects.order_by("format")
    assert [(j.period, j.format, j.status, j.requested_by) for j in jobs] == [
        ("2026-03", "pdf", "done", None), ("2026-03", "xlsx", "done", None)]
    assert all((tmp_path / j.storage_name).is_file() for j in jobs)
    assert "2 báo cáo Tháng 03/2026" in capsys.readouterr().out


@pytest.mark.parametrize("args, text", [
    (["--month", "2026-13"], "Tháng 13"), (["--month", "2026"], "YYYY-MM"), (["--province", "H00"], "H00")])
def test_monthly_reports_refuse_bad_arguments(db, args, text):
    with pytest.raises(CommandError) as err:
        call_command("reports", "monthly", *args)
    assert err.value.returncode == 2 and text in str(err.value)
    assert not ReportJob.objects.exists()


def test_collect_command_gathers_a_day(world, applicant, capsys):
    accepted(world, applicant, at(2026, 3, 2, 8))
    call_command("facts", "collect", "--day", "2026-03-02")
    assert SourceFact.objects.get(unit=world.org.commune_a).results_received == 1
    assert SourceRun.objects.filter(day=at(2026, 3, 2).date()).exists()
    assert "H99 2026-03-02: 1" in capsys.readouterr().out
    call_command("facts", "collect", "--days", "3")
    assert SourceRun.objects.count() == 4
    for bad in (["--day", "2026-02-30"], ["--days", "0"]):
        with pytest.raises(CommandError) as err:
            call_command("facts", "collect", *bad)
        assert err.value.returncode == 2
