"""``motcua seed``: a synthetic province with N dossiers over a year, for the benchmarks.

    motcua catalog import ../shared/data/catalog/dvcqg_procedures_7_bodies.jsonl \\
        --lists ../shared/data/catalog/dvcqg_procedure_lists.csv
    motcua seed --dossiers 1000000 --seed 766
    motcua seed --dossiers 300 --communes 3 --province H96 --json     # quick mode
    nice -n 10 motcua seed --dossiers 10000000 --province H70 --jobs 2  # see docs/developers/seeding.md

Never on a production database: it writes a whole province of made-up people.
"""

import json
import sys
from io import StringIO
import time
from datetime import date, datetime

from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from motcua.perf import loader, world
from motcua.perf.stories import VN


class Command(BaseCommand):
    help = "Sinh dữ liệu đo thử / seed a province of synthetic dossiers (benchmarks only)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=100_000, help="số hồ sơ / dossiers (100000)")
        parser.add_argument("--province", default="H98", help="mã tỉnh mới / code of the new province (H98)")
        parser.add_argument("--communes", type=int, default=110,
                            help="số xã, phường / communes and wards (110; with 13 departments: 123 units)")
        parser.add_argument("--procedures", type=int, default=300,
                            help="số thủ tục dùng / procedures used, first by code (300)")
        parser.add_argument("--days", type=int, default=365, help="số ngày / days of history (365)")
        parser.add_argument("--until", type=date.fromisoformat, default=None,
                            help="ngày cuối (không gồm) / end date, exclusive (today); with --seed: same data")
        parser.add_argument("--seed", type=int, default=766, help="hạt giống / random seed (766)")
        parser.add_argument("--batch", type=int, default=5_000, help="hồ sơ mỗi giao dịch / dossiers per transaction")
        parser.add_argument("--jobs", type=int, default=2,
                            help="số tiến trình ghi (PostgreSQL) / writing processes, one unit at a time each (2)")
        parser.add_argument("--keep-indexes", action="store_true",
                            help="giữ chỉ mục khi nạp / keep the secondary indexes during the load (slower)")
        parser.add_argument("--facts", action="store_true",
                            help="dựng lại bảng số liệu giám sát / rebuild the monitoring facts afterwards "
                                 "(facts rebuild, and facts collect of the days up to today)")
        parser.add_argument("--json", dest="as_json", action="store_true", help="kết quả dạng JSON / JSON report")

    def handle(self, *args, dossiers, province, communes, procedures, days, until, seed, batch, jobs, keep_indexes,
               facts, as_json, **_):
        if dossiers < 0 or communes < 1 or procedures < 1 or days < 7 or batch < 1 or jobs < 1:
            raise CommandError("Tham số không hợp lệ: --dossiers ≥ 0, --communes ≥ 1, --procedures ≥ 1, --days ≥ 7, "
                               "--batch ≥ 1, --jobs ≥ 1 / invalid arguments", returncode=2)
        until = datetime.combine(until or date.today(), datetime.min.time(), tzinfo=VN)
        started = time.perf_counter()
        try:
            with transaction.atomic():
                place = world.build(province, communes, procedures)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        quiet = as_json or not sys.stderr.isatty()
        with tqdm(total=dossiers, file=sys.stderr, disable=quiet, unit=" hồ sơ", desc="Sinh / seeding") as bar:
            loaded = loader.load(place, dossiers, seed=seed, days=days, until=until, batch=batch, jobs=jobs,
                                 defer_indexes=not keep_indexes, progress=bar)
        if facts and "facts" in get_commands():
            from django.core.management import call_command

            mark = time.perf_counter()
            call_command("facts", "rebuild", "--province", province, stdout=self.stderr)
            loaded["phases"]["facts"] = round(time.perf_counter() - mark, 1)
            mark = time.perf_counter()  # the other apps' daily figures (payments, queue) up to today
            call_command("facts", "collect", "--days", str(min(days + 1, 400)), "--province", province,
                         stdout=StringIO())
            loaded["phases"]["facts_collect"] = round(time.perf_counter() - mark, 1)
            from motcua.monitoring.models import (DailyFact, MonthFact, SourceFact, SourceMonthFact,
                                                  SourceUnitMonthFact, UnitMonthFact)

            loader.analyze([DailyFact, MonthFact, UnitMonthFact, SourceFact, SourceMonthFact, SourceUnitMonthFact])
        seconds = time.perf_counter() - started
        rows = loaded["rows"]
        report = dict(province=province, units=len(place.places), procedures=len(place.procedures),
                      seconds=round(seconds, 1), jobs=jobs, indexes="kept" if keep_indexes else "deferred",
                      dossiers_per_second=round(dossiers / seconds), events_per_second=round(
                          rows.get("dossierevent", 0) / seconds), phases=loaded["phases"], **rows)
        if as_json:
            self.stdout.write(json.dumps(report))
        else:
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in report.items()))
