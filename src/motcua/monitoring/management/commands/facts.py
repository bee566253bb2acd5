"""``motcua facts rebuild [--check]`` and ``motcua facts collect`` — the monitoring fact tables.

rebuild  replays the dossier event log and replaces the dossier facts (day, month and unit-month
         rows) with the result, and recounts the other apps' figures of every collected day
         (collecting again the days that differ); with --check it only compares, lists the
         differences and exits with status 1 if there are any.
collect  gathers the other apps' figures (payments, results, digitisation, queue) per unit for
         some days: ``--days 7`` (default 1: today), or ``--day 2025-10-31``. Run from cron.
See docs/operators/reports.md.
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.organizations.models import Province

from ... import facts, sources

SHOWN = 50  # differences printed at most; the count is always given


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _province(code: str | None) -> Province | None:
    if not code:
        return None
    found = Province.objects.filter(code=code.upper()).first()
    if found is None:
        raise _bad(f"Không có tỉnh mã {code} / no province with code {code}")
    return found


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _bad(f"Ngày không hợp lệ: {text!r} (YYYY-MM-DD) / invalid day") from None


class Command(BaseCommand):
    help = "Dữ liệu tổng hợp giám sát: dựng lại, đối chiếu, thu thập / rebuild, check and collect the facts"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="dựng lại từ nhật ký hồ sơ / rebuild from the dossier log")
        rebuild.add_argument("--check", action="store_true",
                             help="chỉ đối chiếu, thoát mã 1 nếu lệch / compare only, exit 1 on differences")
        rebuild.add_argument("--province", metavar="MÃ", help="chỉ một tỉnh, ví dụ H15 / one province only")
        collect = sub.add_parser("collect", help="thu thập số liệu phân hệ / collect the other apps' figures")
        collect.add_argument("--day", help="một ngày YYYY-MM-DD / one day")
        collect.add_argument("--days", type=int, default=1, help="số ngày gần nhất, tính cả hôm nay / recent days")
        collect.add_argument("--province", metavar="MÃ")

    def handle(self, *args, action, **options):
        province = _province(options["province"])
        if action == "rebuild":
            self._rebuild(province, options["check"])
        else:
            self._collect(province, options["day"], options["days"])

    def _rebuild(self, province, check):
        outcome = facts.rebuild(province.pk if province else None, check=check)
        days, source_differences = 0, []
        for p in [province] if province else Province.objects.all():
            checked, found = sources.check(p.pk, repair=not check)
            days, source_differences = days + checked, source_differences + found
        differences = [*outcome.differences, *source_differences]
        shown = differences[:SHOWN]
        units = _unit_codes([_unit_of(d) for d in shown])
        for d in shown:
            self.stdout.write(_describe(d, units))
        summary = (f"{outcome.events} sự kiện, {outcome.rows} dòng số liệu, {days} ngày số liệu phân hệ, "
                   f"{len(differences)} chênh lệch / {outcome.events} events, {outcome.rows} fact rows, "
                   f"{days} days of source figures, {len(differences)} differences")
        if check and differences:
            raise CommandError(f"Số liệu không khớp khi tính lại / facts differ from a recomputation — {summary}",
                               returncode=1)
        verdict = "khớp khi tính lại / match a recomputation" if not differences else "đã dựng lại / rebuilt"
        self.stdout.write(f"Số liệu {verdict}: {summary}")

    def _collect(self, province, day_text, days):
        if day_text:
            days_list = [_day(day_text)]
        elif not 1 <= days <= 400:
            raise _bad("--days phải từ 1 đến 400 / --days must be between 1 and 400")
        else:
            today = timezone.localdate()
            days_list = [today - timedelta(days=n) for n in range(days)]
        provinces = [province] if province else list(Province.objects.all())
        for p in provinces:
            for day in days_list:
                rows = sources.collect(p.pk, day)
                self.stdout.write(f"{p.code} {day}: {rows} đơn vị / units")


def _unit_of(difference) -> int:
    """The unit of a dossier fact key (province, unit, day, …) or a source key (province, day, unit, …)."""
    return difference.key[1] if isinstance(difference, facts.Difference) else difference.key[2]


def _describe(d, units: dict) -> str:
    """One line per difference: table, unit code, day, procedure and channel where the row has them."""
    if isinstance(d, facts.Difference):
        _, unit, day, *rest = d.key
        name = d.measure
    else:
        _, day, unit, *rest = d.key
        name = d.column
    where = " ".join([f"thủ tục#{rest[0]}" if rest[0] else "không thủ tục", rest[1] or "-"] if rest else [])
    return (f"[{d.table}] {units.get(unit, unit)} {day} {where} {name}: "
            f"tính lại/recounted {d.expected} ≠ bảng/stored {d.stored}").replace("  ", " ")


def _unit_codes(unit_ids) -> dict:
    from motcua.organizations.models import Unit

    return dict(Unit.objects.filter(pk__in=set(unit_ids)).values_list("pk", "code"))
