"""The bench's quick mode runs on the test database (SQLite and PostgreSQL) and produces figures."""

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "perf.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_perf", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_quick_mode_times_every_scenario(capsys):
    result = load_bench().quick(province="H96", dossiers=120, rounds=3)
    figures = result["scenarios"]
    assert {"submission (API, 1 PDF)", "lookup (API)", "inbox: Việc của tôi", "dossier page"} <= set(figures)
    for name, f in figures.items():
        assert f["count"] == 3, name
        assert f["errors"] == 0, name
        assert 0 < f["p50"] <= f["p95"] <= f["p99"], name
        assert f["per_second"] > 0, name
    from motcua.dossiers.models import Dossier

    # 120 seeded, then warm-up + 3 timed submissions
    assert Dossier.objects.filter(province__code="H96").count() == 124


@pytest.mark.django_db
def test_growth_plans_name_the_scan_of_each_page():
    """On PostgreSQL every page's dossier query is explained; the lookup uses the code's index."""
    from django.db import connection

    from motcua.perf import plans

    load_bench().seed("H95", 200, communes=2)
    result = plans.explain_all("H95")
    if connection.vendor != "postgresql":
        assert result == {}
        return
    assert "lookup (API)" in result and "inbox: Việc của tôi" in result
    assert all(line.split(" | ")[0] in ("index", "Seq Scan") for text in result.values() for line in text.splitlines())
