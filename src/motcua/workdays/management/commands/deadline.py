"""``motcua deadline``: the due moment (ngày hẹn trả) of a dossier received at a given moment."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from motcua.organizations.models import Unit
from motcua.workdays.calendar import UNITS, VIETNAM, WorkCalendar
from motcua.workdays.services import calendar_for_unit


class Command(BaseCommand):
    help = ("Tính ngày hẹn trả / compute the due moment: the clock starts at the next working time "
            "after --received, then --amount --unit is added.")

    def add_arguments(self, parser):
        parser.add_argument("--received", required=True,
                            help="ngày giờ tiếp nhận, ISO 8601, e.g. 2026-02-13T16:30 "
                                 "(no offset: Asia/Ho_Chi_Minh)")
        parser.add_argument("--amount", required=True, help="thời hạn / time limit, e.g. 5 or 0.5")
        parser.add_argument("--unit", default="working-days", help=f"đơn vị / unit: {', '.join(UNITS)}")
        parser.add_argument("--unit-code",
                            help="mã định danh đơn vị / unit code (its hours and days off), e.g. H15.50")

    def handle(self, *args, received, amount, unit, unit_code, **options):
        calendar = self._calendar(unit_code)
        try:
            due = calendar.due(_parse_received(received), amount, unit)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        except OverflowError as exc:
            raise CommandError("Ngày hẹn trả vượt quá năm 9999 / due date out of range",
                               returncode=2) from exc
        self.stdout.write(due.isoformat())

    @staticmethod
    def _calendar(unit_code: str | None) -> WorkCalendar:
        if not unit_code:
            return WorkCalendar()
        unit = Unit.objects.select_related("province").filter(code=unit_code).first()
        if unit is None:
            raise CommandError(f"Không tìm thấy đơn vị / unknown unit code: {unit_code}", returncode=2)
        return calendar_for_unit(unit)


def _parse_received(text: str) -> datetime:
    """ISO 8601 date or date-time; without an offset it is Vietnamese local time."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("Ngày giờ tiếp nhận không hợp lệ / invalid --received (ISO 8601 expected): "
                         f"{text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM)
