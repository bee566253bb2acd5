"""``motcua catalog import|export``: load the national procedure data, write the catalogue as JSON.

    motcua catalog import dvcqg_procedures_7_bodies.jsonl bqp_procedures_structured.jsonl \\
        --lists dvcqg_procedure_lists.csv
    motcua catalog export --output catalogue.json
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from motcua.catalog.importer.export import export_catalog
from motcua.catalog.importer.run import BATCH_SIZE, SourceError, import_files


class Command(BaseCommand):
    help = "Danh mục thủ tục hành chính / procedure catalogue: import national data files, export JSON."
    requires_system_checks = []  # a data command: URL or template checks have no bearing on it

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="import|export")
        load = actions.add_parser("import", help="nhập tệp / import files (JSON Lines, JSON, or an export)")
        load.add_argument("files", nargs="+", type=Path, metavar="FILE",
                          help="tệp dữ liệu / data files: JSON Lines, JSON, an export, or a list CSV")
        load.add_argument("--lists", action="append", type=Path, default=[], metavar="CSV",
                          help="danh mục thủ tục (ma_so, co_quan_thuc_hien) / official list giving the agency")
        load.add_argument("--json", dest="as_json", action="store_true",
                          help="kết quả dạng JSON / print the report as JSON")
        load.add_argument("--batch-size", type=int, default=BATCH_SIZE, help=f"records per transaction ({BATCH_SIZE})")
        dump = actions.add_parser("export", help="xuất toàn bộ danh mục / export every procedure as JSON")
        dump.add_argument("--output", type=Path, metavar="FILE", help="tệp kết quả / output file (default: stdout)")

    def handle(self, *args, action, **options):
        if action == "import":
            return self._import(**options)
        return self._export(options["output"])

    def _import(self, files, lists, as_json, batch_size, **_):
        missing = [str(p) for p in [*files, *lists] if not p.is_file()]
        if missing:
            raise CommandError(f"Không tìm thấy tệp / file not found: {', '.join(missing)}", returncode=2)
        if batch_size < 1:
            raise CommandError("--batch-size phải ≥ 1 / --batch-size must be at least 1", returncode=2)
        quiet = as_json or not sys.stderr.isatty()
        with tqdm(file=sys.stderr, disable=quiet, unit=" thủ tục", desc="Nhập / importing") as progress:
            try:
                report = import_files(files, lists, batch_size, progress)
            except SourceError as exc:
                raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(_json_text(report.as_json()) if as_json else report.summary())
        if not as_json:
            for problem in report.problems:
                self.stderr.write(f"{problem.status} {problem.code or '?'} ({problem.source}): "
                                  + "; ".join(problem.reasons))
        if report.failed:
            raise CommandError(f"{report.failed} bản ghi không nhập được / records failed", returncode=1)

    def _export(self, output: Path | None):
        text = _json_text(export_catalog())
        if output is None:
            self.stdout.write(text)
            return
        try:
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp / cannot write {output}: {exc}", returncode=2) from exc


def _json_text(document) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1)
