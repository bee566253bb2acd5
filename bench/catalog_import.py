"""Benchmark: import the whole national catalogue (2,642 + 207 records; target < 15 s), re-import, export.

    python bench/catalog_import.py                                # fresh SQLite in a temporary directory
    DATABASE_URL=postgres://... python bench/catalog_import.py    # an EMPTY throw-away PostgreSQL database

Reads ../shared/data/catalog (or MOTCUA_SHARED_DATA/catalog). Times, wall clock and CPU:
  import     — ``motcua catalog import`` as a user runs it (a new process, empty catalogue)
  re-import  — the same files again (every record an update)
  export     — ``motcua catalog export`` of everything
and prints seconds, records per second and the import summary line. Wall time depends on what
else the machine runs; the CPU column is the command's own work.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MOTCUA_SHARED_DATA", ROOT / ".." / "shared" / "data")).resolve()
TARGET_SECONDS = 15


def motcua(*args: str) -> tuple[float, float, str]:
    """Run ``motcua ARGS`` in a new process; (wall seconds, CPU seconds of the child, stdout)."""
    before = os.times()
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "motcua.cli", *args], capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = os.times()
    if result.returncode != 0:
        sys.exit(f"motcua {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, result.stdout.strip()


def main() -> None:
    data = SHARED / "catalog"
    files = [data / "dvcqg_procedures_7_bodies.jsonl", data / "bqp_procedures_structured.jsonl"]
    lists = data / "dvcqg_procedure_lists.csv"
    if not all(p.is_file() for p in [*files, lists]):
        sys.exit(f"Không có dữ liệu / no data in {data}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.dev")
    os.environ.setdefault("MOTCUA_DEBUG", "false")  # time what production runs, without query logging
    workdir = Path(tempfile.mkdtemp(prefix="motcua-bench-import-"))
    if "DATABASE_URL" not in os.environ:
        os.environ["MOTCUA_DATA_DIR"] = str(workdir)
    database = os.environ.get("DATABASE_URL", "").split(":")[0] or "sqlite"
    motcua("migrate", "--no-input", "-v", "0", "--skip-checks")
    records = sum(1 for path in files for line in path.open(encoding="utf-8") if line.strip())
    importing = ["catalog", "import", *map(str, files), "--lists", str(lists)]

    print(f"database: {database}, records: {records}, cores: {os.cpu_count()}")
    print(f"{'step':<10} {'wall s':>7} {'cpu s':>7} {'records/s':>10}  result")
    for step, args in [("import", importing), ("re-import", importing),
                       ("export", ["catalog", "export", "--output", str(workdir / "catalogue.json")])]:
        wall, cpu, out = motcua(*args)
        print(f"{step:<10} {wall:>7.2f} {cpu:>7.2f} {records / wall:>10.0f}  {out.splitlines()[-1] if out else ''}")
        if step == "import":
            verdict = "ok" if wall < TARGET_SECONDS else "OVER"
            print(f"{'':<10} target < {TARGET_SECONDS} s: {verdict}")


if __name__ == "__main__":
    main()
