"""``motcua queue_stats``: tickets, waiting time (average, p90), service time and no-show rate per
centre, service, counter, officer or hour of day."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from motcua.organizations.models import Centre
from motcua.queueing.stats import DIMENSIONS, queue_figures


def _day(text: str) -> date:
    for parse in (date.fromisoformat, lambda t: date(*reversed([int(p) for p in t.split("/")]))):
        try:
            return parse(text)
        except (ValueError, TypeError):
            continue
    raise CommandError(f"Ngày không hợp lệ / invalid day: {text!r} (DD/MM/YYYY or YYYY-MM-DD)", returncode=2)


class Command(BaseCommand):
    help = "Số liệu xếp hàng / queue figures"

    def add_arguments(self, parser):
        parser.add_argument("--centre", help="mã trung tâm / centre code (default: all)")
        parser.add_argument("--from", dest="first", required=True, help="từ ngày / first day, e.g. 01/10/2026")
        parser.add_argument("--to", dest="last", help="đến ngày / last day (default: the first)")
        parser.add_argument("--by", default="service", choices=list(DIMENSIONS))
        parser.add_argument("--json", dest="as_json", action="store_true")

    def handle(self, *args, centre, first, last, by, as_json: bool, **options):
        found = None
        if centre:
            found = Centre.objects.filter(code=centre).first()
            if found is None:
                raise CommandError(f"Không có trung tâm {centre!r} / no such centre", returncode=2)
        try:
            rows = queue_figures(found, first=_day(first), last=_day(last or first), by=by)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        if as_json:
            self.stdout.write(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, default=str))
            return
        self.stdout.write(f"{by:<28} {'vé':>5} {'xong':>5} {'vắng':>5} {'chờ TB':>7} {'chờ p90':>7} "
                          f"{'PV TB':>6} {'tỉ lệ vắng':>10}")
        for r in rows:
            self.stdout.write(f"{r.label[:28]:<28} {r.tickets:>5} {r.served:>5} {r.no_shows:>5} "
                              f"{_num(r.wait_avg_min):>7} {_num(r.wait_p90_min):>7} {_num(r.service_avg_min):>6} "
                              f"{_pct(r.no_show_rate):>10}")



def _num(value) -> str:
    return "—" if value is None else f"{value:.1f}"


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"
