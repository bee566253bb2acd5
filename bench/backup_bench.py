"""Benchmark: `motcua backup`, `backup --verify` and `restore` on an embedded (SQLite) installation.

    python bench/backup_bench.py                                  # 20 000 dossiers, 500 files of 200 KB
    python bench/backup_bench.py --dossiers 100000 --files 2000 --file-kb 300

Builds a throw-away installation in a temporary directory: `motcua migrate`, `motcua seed` (quick
mode: three communes, stand-in procedures) and FILES random files (incompressible, like scanned
PDFs and photos) under files/dossiers/. Then runs the real commands, each in its own process as an
operator would: backup, verify, restore into a second, empty directory. Prints sizes, wall-clock
and CPU seconds per command (Django start-up included; the start-up alone is measured too) and
the load average, and removes both directories.
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def motcua(data_dir: Path, *args) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of one `motcua` command in its own process."""
    env = {**os.environ, "MOTCUA_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "motcua.conf.dev"}
    env.pop("DATABASE_URL", None)
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run([sys.executable, "-m", "motcua.cli", *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, _children_cpu() - cpu


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=20_000)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--file-kb", type=int, default=200)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="motcua-bench-backup-"))
    source, target, archive = root / "source", root / "target", root / "backup.tar.gz"
    try:
        motcua(source, "migrate", "-v", "0")
        motcua(source, "seed", "--dossiers", str(args.dossiers), "--communes", "3", "--province", "H96")
        for n in range(args.files):
            path = source / "files" / "dossiers" / f"{n // 50:04d}" / f"{n:06d}-scan.pdf"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(os.urandom(args.file_kb * 1024))
        figures = {
            "start-up (backup --help)": motcua(source, "backup", "--help"),
            "backup": motcua(source, "backup", "--output", str(archive)),
            "backup --verify": motcua(source, "backup", "--verify", str(archive)),
            "restore (empty target)": motcua(target, "restore", str(archive)),
        }
        print(f"database {size(source / 'motcua.sqlite3') / 1e6:.1f} MB, {args.dossiers} dossiers; "
              f"files {size(source / 'files') / 1e6:.1f} MB in {args.files}; archive {size(archive) / 1e6:.1f} MB")
        for name, (wall, cpu) in figures.items():
            print(f"  {name:28s} {wall:6.2f} s wall  {cpu:6.2f} s CPU")
        print(f"load average {os.getloadavg()}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
