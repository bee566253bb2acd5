"""Query plans of the real pages (PostgreSQL): every SELECT a page runs on the dossier and fact tables is
captured and run again under EXPLAIN (ANALYZE, BUFFERS), so the growth run shows which index each
one uses and how many buffers it touches — a page that scans every dossier shows at once.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from . import measure

BIG_TABLES = ("dossiers_dossier", "dossiers_dossierevent", "monitoring_dailyfact", "monitoring_monthfact",
              "monitoring_sourcefact", "monitoring_sourcemonthfact")


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def worst_scan(plan: str) -> str:
    """'Seq Scan' when any big table is read whole, else 'index'."""
    return "Seq Scan" if any(f"Seq Scan on {t}" in plan for t in BIG_TABLES) else "index"


def explain_all(province_code: str) -> dict:
    """Scenario name → the plans of its dossier queries (empty off PostgreSQL)."""
    if connection.vendor != "postgresql":
        return {}
    out = {}
    with measure.UNLIMITED, measure.override_settings(ALLOWED_HOSTS=["*"]):
        for name, request in measure.scenarios(province_code).items():
            if name.startswith("submission"):
                continue  # writes: its plan is the inserts'
            with CaptureQueriesContext(connection) as captured:
                request(0)
            sqls = [q["sql"] for q in captured.captured_queries
                    if q["sql"].startswith("SELECT") and any(t in q["sql"] for t in BIG_TABLES)]
            plans = [explain(sql) for sql in sqls]
            summary = [f"{worst_scan(p)} | {p.splitlines()[0][:110]} | {_execution(p)}" for p in plans]
            out[name] = "\n".join(summary)
    return out


def _execution(plan: str) -> str:
    return next((line.strip() for line in plan.splitlines() if line.startswith("Execution Time")), "")
