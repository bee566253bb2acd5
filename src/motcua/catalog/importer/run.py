"""Import files into the catalogue: read, parse, save in batches, report what was not read.

Reading and parsing are pure; ``motcua.catalog.services`` does the writing. A batch that the
database refuses is retried record by record, so one bad record fails alone and nothing of it is
half-saved.
"""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError

from motcua.catalog import services

from .formats import to_procedure_data
from .records import ProcedureData, RecordError

BATCH_SIZE = 500
LIST_COLUMNS = {"ma_so", "co_quan_thuc_hien"}


class SourceError(ValueError):
    """A file that cannot be read at all (missing, not JSON, a list without its columns)."""


@dataclass
class Problem:
    """One record the import could not read fully (incomplete) or at all (failed)."""

    source: str
    code: str
    status: str
    reasons: list[str]


@dataclass
class ImportReport:
    imported: int = 0
    updated: int = 0
    incomplete: int = 0
    failed: int = 0
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return f"imported {self.imported}, updated {self.updated}, incomplete {self.incomplete}, failed {self.failed}"

    def as_json(self) -> dict:
        return {"imported": self.imported, "updated": self.updated, "incomplete": self.incomplete,
                "failed": self.failed, "problems": [vars(p) for p in self.problems]}

    def fail(self, source: str, code: str, reason: str) -> None:
        self.failed += 1
        self.problems.append(Problem(source, code, "failed", [reason]))


def load_lists(path: Path) -> dict[str, dict]:
    """The official procedure list CSV (``ma_so``, ``co_quan_thuc_hien``...) as code → row."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(f"Không đọc được danh mục / cannot read the list {path}: {exc}") from exc
    if not rows or not LIST_COLUMNS <= rows[0].keys():
        raise SourceError(f"Danh mục thiếu cột {', '.join(sorted(LIST_COLUMNS))} / "
                          f"the list {path} lacks the columns {', '.join(sorted(LIST_COLUMNS))}")
    return {row["ma_so"].strip(): row for row in rows}


def read_records(path: Path) -> list[tuple[str, object]]:
    """(``file:line`` or ``file#n``, decoded record or RecordError) for every record of a file.

    A JSON document is an export (``{"procedures": [...]}``), a list of records or one record;
    anything else is read as JSON Lines, one record per line.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"Không đọc được tệp / cannot read {path}: {exc}") from exc
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return [(f"{path.name}:{number}", _decode_line(line))
                for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if isinstance(document, dict) and isinstance(document.get("procedures"), list):
        document = document["procedures"]
    records = document if isinstance(document, list) else [document]
    return [(f"{path.name}#{number}", record) for number, record in enumerate(records, start=1)]


def _decode_line(line: str):
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return RecordError(f"dòng không phải JSON / line is not JSON: {exc.msg} (cột / column {exc.colno})")


def _code_of(record) -> str:
    if isinstance(record, dict):
        return str(record.get("ma_thu_tuc") or record.get("thu_tuc_id") or record.get("code") or "")
    return ""


class Importer:
    """Feed records in with ``add``; batches are saved as they fill; ``finish`` returns the report."""

    def __init__(self, lists: dict[str, dict] | None = None, batch_size: int = BATCH_SIZE):
        self.lists, self.batch_size = lists or {}, batch_size
        self.report = ImportReport()
        self.batch: dict[str, tuple[str, ProcedureData]] = {}
        self.bundles: dict[str, list[dict]] = {}

    def add(self, source: str, record) -> None:
        try:
            if isinstance(record, RecordError):
                raise record
            data = to_procedure_data(record, self.lists)
        except RecordError as exc:
            self.report.fail(source, _code_of(record), str(exc))
            return
        if data.code in self.batch:  # the same code twice: save the first before the second updates it
            self.flush()
        self.batch[data.code] = (source, data)
        if len(self.batch) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        items, self.batch = list(self.batch.values()), {}
        if not items:
            return
        try:
            self._count(items, *services.save_procedures([data for _, data in items]))
        except DatabaseError:
            for item in items:
                self._save_alone(item)

    def _save_alone(self, item: tuple[str, ProcedureData]) -> None:
        source, data = item
        try:
            self._count([item], *services.save_procedures([data]))
        except DatabaseError as exc:
            self.report.fail(source, data.code, f"cơ sở dữ liệu từ chối / database refused the record: {exc}")

    def _count(self, items: list[tuple[str, ProcedureData]], created: int, updated: int) -> None:
        self.report.imported += created
        self.report.updated += updated
        for source, data in items:
            if data.bundle_members is not None:
                self.bundles[data.code] = data.bundle_members
            if data.issues:
                self.report.incomplete += 1
                self.report.problems.append(Problem(source, data.code, "incomplete", data.issues))

    def finish(self) -> ImportReport:
        self.flush()
        if self.bundles:
            for code, reason in services.link_bundle_members(self.bundles):
                self._bundle_problem(code, reason)
        return self.report

    def _bundle_problem(self, code: str, reason: str) -> None:
        known = next((p for p in self.report.problems if p.code == code and p.status == "incomplete"), None)
        if known:
            known.reasons.append(reason)
        else:
            self.report.incomplete += 1
            self.report.problems.append(Problem("", code, "incomplete", [reason]))


def import_files(paths: list[Path], list_paths: list[Path] = (), batch_size: int = BATCH_SIZE,
                 progress=None) -> ImportReport:
    """Import every record of ``paths``; CSV files (given or listed) supply implementing agencies."""
    lists = {}
    for path in [*list_paths, *(p for p in paths if p.suffix.lower() == ".csv")]:
        lists.update(load_lists(path))
    records = [item for path in paths if path.suffix.lower() != ".csv" for item in read_records(path)]
    if progress is not None:
        progress.reset(total=len(records))
    importer = Importer(lists, batch_size)
    for source, record in records:
        importer.add(source, record)
        if progress is not None:
            progress.update(1)
    return importer.finish()
