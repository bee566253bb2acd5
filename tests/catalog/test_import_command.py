"""``motcua catalog import|export``: summary line, JSON report, exit codes, progress bar, real files."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motcua.catalog.models import Procedure

from .test_import_parsers import NATIONAL

pytestmark = pytest.mark.django_db

SHARED = Path(os.environ.get("MOTCUA_SHARED_DATA", Path(__file__).resolve().parents[2] / ".." / "shared" / "data"))
CATALOG = SHARED / "catalog"
LIST_HEADER = "source_file,ma_so,ten,co_quan_ban_hanh,co_quan_thuc_hien,linh_vuc\n"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("catalog", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def records(tmp_path):
    path = tmp_path / "dvcqg.jsonl"
    kethon = {**NATIONAL, "ma_thu_tuc": "1.000894", "ten_thu_tuc": "Thủ tục đăng ký kết hôn"}
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (NATIONAL, kethon)) + "\n", encoding="utf-8")
    return path


def test_summary_line_then_update_on_reimport(records):
    out, _ = run("import", records)
    assert out.strip() == "imported 2, updated 0, incomplete 2, failed 0"
    out, _ = run("import", records)
    assert out.strip() == "imported 0, updated 2, incomplete 2, failed 0"
    assert Procedure.objects.count() == 2


def test_json_report(records):
    out, _ = run("import", records, "--json")
    report = json.loads(out)
    assert {k: report[k] for k in ("imported", "updated", "incomplete", "failed")} == {
        "imported": 2, "updated": 0, "incomplete": 2, "failed": 0}
    assert report["problems"][0] == {"source": "dvcqg.jsonl:1", "code": "1.001193", "status": "incomplete",
                                     "reasons": report["problems"][0]["reasons"]}
    assert "without unit" in report["problems"][0]["reasons"][0]


def test_a_bad_line_fails_alone_and_the_exit_code_says_so(records):
    records.write_text(records.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("catalog", "import", str(records), stdout=out, stderr=err)
    assert raised.value.returncode == 1
    assert out.getvalue().strip() == "imported 2, updated 0, incomplete 2, failed 1"
    assert "failed ? (dvcqg.jsonl:3): dòng không phải JSON / line is not JSON" in err.getvalue()


def test_lists_supply_the_implementing_agency(records, tmp_path):
    lists = tmp_path / "lists.csv"
    lists.write_text(LIST_HEADER + 'x.xlsx,1.001193,Đăng ký khai sinh,Bộ Tư pháp,"Ủy ban nhân dân cấp xã\n'
                     'Ủy ban nhân dân cấp xã",Hộ tịch\n', encoding="utf-8")
    run("import", records, "--lists", lists)
    assert Procedure.objects.get(code="1.001193").implementing_agency == "Ủy ban nhân dân cấp xã"
    assert Procedure.objects.get(code="1.000894").implementing_agency == ""


@pytest.mark.parametrize("setup, message", [
    (lambda tmp: [tmp / "missing.jsonl"], "Không tìm thấy tệp / file not found"),
    (lambda tmp: [tmp / "r.jsonl", "--lists", tmp / "bad.csv"], "Danh mục thiếu cột"),
    (lambda tmp: [tmp / "r.jsonl", "--batch-size", "0"], "--batch-size must be at least 1"),
])
def test_bad_input_exits_2_with_a_vietnamese_then_english_message(tmp_path, setup, message):
    (tmp_path / "r.jsonl").write_text(json.dumps(NATIONAL), encoding="utf-8")
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match=message) as raised:
        run("import", *setup(tmp_path))
    assert raised.value.returncode == 2
    assert Procedure.objects.count() == 0


def test_progress_bar_only_on_a_terminal(records, monkeypatch, capsys):
    call_command("catalog", "import", str(records), stdout=io.StringIO())
    assert "importing" not in capsys.readouterr().err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    call_command("catalog", "import", str(records), stdout=io.StringIO())
    assert "Nhập / importing" in capsys.readouterr().err
    call_command("catalog", "import", str(records), "--json", stdout=io.StringIO())
    assert "importing" not in capsys.readouterr().err


def test_export_to_a_file_imports_back(records, tmp_path):
    run("import", records)
    exported = tmp_path / "catalogue.json"
    run("export", "--output", exported)
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert (document["format"], len(document["procedures"])) == ("motcua-catalog", 2)
    Procedure.objects.all().delete()
    out, _ = run("import", exported)
    assert out.strip() == "imported 2, updated 0, incomplete 2, failed 0"


def test_the_motcua_command_exits_2_on_a_missing_file(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "motcua.conf.test", "MOTCUA_DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "motcua.cli", "catalog", "import", str(tmp_path / "none.jsonl")],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert "Không tìm thấy tệp / file not found" in result.stderr


@pytest.mark.skipif(not (CATALOG / "dvcqg_procedures_7_bodies.jsonl").is_file(), reason="../shared/data is absent")
def test_the_real_files_import_and_reimport():
    files = [CATALOG / "dvcqg_procedures_7_bodies.jsonl", CATALOG / "bqp_procedures_structured.jsonl",
             "--lists", CATALOG / "dvcqg_procedure_lists.csv", "--json"]
    report = json.loads(run("import", *files)[0])
    assert (report["imported"], report["updated"], report["failed"]) == (2849, 0, 0)
    assert report["incomplete"] == len(report["problems"]) > 0
    licence = Procedure.objects.get(code="3.000347")
    assert 135000 in [fee.amount for fee in licence.fees.all()]
    assert Procedure.objects.get(code="1.013313").implementing_agency == "Ủy ban nhân dân cấp xã"
    assert Procedure.objects.filter(process_steps__isnull=True).count() == 0
    report = json.loads(run("import", *files)[0])
    assert (report["imported"], report["updated"], report["failed"]) == (0, 2849, 0)
    assert Procedure.objects.count() == 2849
