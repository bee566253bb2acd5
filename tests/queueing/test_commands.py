"""The queue's commands: setup from the catalogue, closing the day, figures, voice clips."""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.catalog.models import Field, Procedure, UnitProcedure
from motcua.queueing import services
from motcua.queueing.models import ServiceGroup, Ticket
from motcua.queueing.rules import State, clip_texts
from motcua.queueing.setup import icon_for

from .world import at

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_queue_setup_makes_a_group_per_field_of_the_units_procedures(org):
    for code, name, field in [("1.1", "Khai sinh", "Hộ tịch"), ("1.2", "Kết hôn", "Hộ tịch"),
                              ("2.1", "Đăng ký hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh")]:
        procedure = Procedure.objects.create(code=code, name=name, field=Field.objects.get_or_create(name=field)[0])
        UnitProcedure.objects.create(unit=org.commune_a, procedure=procedure)
    other = Procedure.objects.create(code="3.1", name="Cấp phép", field=Field.objects.create(name="Xây dựng"))
    UnitProcedure.objects.create(unit=org.dept, procedure=other)  # another unit's: not at this centre
    out = run("queue_setup", org.centre.code)
    groups = list(ServiceGroup.objects.filter(centre=org.centre).order_by("code"))
    assert [(g.code, g.name, g.icon) for g in groups] == [
        ("1", "Hộ tịch", "family"), ("2", "Thành lập và hoạt động của hộ kinh doanh", "briefcase")]
    assert all(g.counters.count() == 3 for g in groups) and "2 nhóm" in out
    assert "0 nhóm" in run("queue_setup", org.centre.code)  # again: nothing new
    with pytest.raises(CommandError, match="Không có trung tâm"):
        run("queue_setup", "nowhere")
    assert icon_for("Đất đai") == "house" and icon_for("Lý lịch tư pháp") == "document"


def test_queue_close_day(q):
    services.issue_ticket(q.civil, now=at(2026, 10, 8, 16, 0))
    assert "1 vé" in run("queue_close_day", "--centre", q.centre.code, "--day", "2026-10-08")
    assert Ticket.objects.get().state == State.EXPIRED
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        run("queue_close_day", "--day", "08/13/2026")


def test_queue_stats_table_and_json(q):
    t = services.issue_ticket(q.civil, now=at(2026, 10, 8, 8, 0))
    t = services.call_next(q.counters[0], q.officers[0], now=at(2026, 10, 8, 8, 12))
    services.act(t, "no_show", q.counters[0], q.officers[0], now=at(2026, 10, 8, 8, 14))
    table = run("queue_stats", "--centre", q.centre.code, "--from", "08/10/2026")
    assert "Hộ tịch, chứng thực" in table and "12.0" in table and "100.0 %" in table
    rows = json.loads(run("queue_stats", "--from", "2026-10-08", "--by", "counter", "--json"))
    assert rows[0]["label"] == "1" and rows[0]["no_shows"] == 1
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        run("queue_stats", "--from", "hôm qua")
    with pytest.raises(CommandError, match="first day is after"):
        run("queue_stats", "--from", "09/10/2026", "--to", "08/10/2026")


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_queue_voice_records_every_clip(tmp_path):
    run("queue_voice", "--out", str(tmp_path))
    for name in clip_texts():
        assert (tmp_path / f"{name}.wav").read_bytes()[:4] == b"RIFF"


def test_queue_voice_without_espeak_explains(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="apt-get install espeak-ng"):
        run("queue_voice")
