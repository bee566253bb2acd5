"""Queue figures (số liệu xếp hàng) per centre, service, counter, officer or hour of day: tickets,
waiting time (average, p90), service time, no-show rate. Read from the periods, so the times are
exact sums of the time each ticket spent waiting and being served.

``queue_figures()`` is what the monitoring dashboard and ``motcua queue_stats`` call. The
arithmetic (``summarise``) is pure; the queries only gather one row per ticket.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, OuterRef, Subquery, Sum

from . import rules
from .models import Ticket, TicketDossier, TicketPeriod
from .rules import State

# A ticket counts for the first dossier received while serving it (its procedure and channel);
# a ticket no dossier was received from has neither (None).
_FIRST_DOSSIER = TicketDossier.objects.filter(ticket=OuterRef("pk")).order_by("pk")
LINKED = {
    "dossier_procedure": Subquery(_FIRST_DOSSIER.values("dossier__procedure_id")[:1]),
    "dossier_procedure_name": Subquery(_FIRST_DOSSIER.values("dossier__procedure__name")[:1]),
    "dossier_channel": Subquery(_FIRST_DOSSIER.values("dossier__channel")[:1]),
}
DIMENSIONS = {  # name → (ticket field, label field)
    "centre": ("centre_id", "centre__name"),
    "service": ("group_id", "group__name"),
    "counter": ("counter_id", "counter__number"),
    "officer": ("officer_id", "officer__username"),
    "procedure": ("dossier_procedure", "dossier_procedure_name"),
    "channel": ("dossier_channel", "dossier_channel"),
    "hour": (None, None),
}


@dataclass(frozen=True)
class TicketTimes:
    """One ticket's totals, in seconds."""

    key: object
    label: str
    state: str
    waited: float
    served: float


@dataclass(frozen=True)
class Figures:
    key: object
    label: str
    tickets: int
    served: int
    no_shows: int
    wait_avg_min: float | None
    wait_p90_min: float | None
    service_avg_min: float | None
    no_show_rate: float | None  # among tickets that were called

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def summarise(rows: list[TicketTimes]) -> list[Figures]:
    """Group per key. Waiting figures count every ticket that left the line (called at least
    once); service figures only served ones; the no-show rate is no-shows over called tickets.

    Waits of 60, 120 and 600 s → average 4.33 min, p90 10 min.
    """
    groups: dict[object, list[TicketTimes]] = {}
    for row in rows:
        groups.setdefault(row.key, []).append(row)
    result = []
    for key, items in groups.items():
        called = [r for r in items if r.state in (State.DONE, State.NO_SHOW, State.SERVING, State.ON_HOLD,
                                                  State.CALLED)]
        served = [r for r in items if r.state == State.DONE]
        no_shows = sum(1 for r in items if r.state == State.NO_SHOW)
        waits = [r.waited / 60 for r in called]
        services = [r.served / 60 for r in served]
        result.append(Figures(
            key=key, label=items[0].label, tickets=len(items), served=len(served), no_shows=no_shows,
            wait_avg_min=_round(sum(waits) / len(waits)) if waits else None,
            wait_p90_min=_round(rules.percentile(waits, 0.9)) if waits else None,
            service_avg_min=_round(sum(services) / len(services)) if services else None,
            no_show_rate=round(no_shows / len(called), 4) if called else None))
    return sorted(result, key=lambda f: (str(f.label), str(f.key)))


def _round(value: float) -> float:
    return round(value, 2)


def _seconds(value: timedelta | None) -> float:
    return value.total_seconds() if value else 0.0


def _totals(tickets, state: str) -> dict[int, float]:
    """Seconds spent in ``state`` per ticket (closed periods only)."""
    spent = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
    rows = (TicketPeriod.objects.filter(ticket__in=tickets, state=state, ended_at__isnull=False)
            .values("ticket_id").annotate(total=Sum(spent)).values_list("ticket_id", "total"))
    return {ticket_id: _seconds(total) for ticket_id, total in rows}


def queue_figures(centre=None, *, first: date, last: date, by="service", province=None) -> list[Figures]:
    """Figures for tickets of days ``first``..``last`` (local days) grouped ``by`` one of
    centre, service, counter, officer, procedure, channel, hour — or a tuple of them, whose keys
    are then tuples (``("centre", "procedure", "channel")``: the monitoring grain). Limit to one
    centre, or to a province's centres."""
    dimensions = (by,) if isinstance(by, str) else tuple(by)
    unknown = [d for d in dimensions if d not in DIMENSIONS]
    if unknown or not dimensions:
        raise ValueError(f"Không có chiều thống kê {by!r} / unknown dimension; choose one of {', '.join(DIMENSIONS)}")
    if first > last:
        raise ValueError("Ngày bắt đầu sau ngày kết thúc / the first day is after the last")
    tickets = Ticket.objects.filter(day__gte=first, day__lte=last)
    if centre is not None:
        tickets = tickets.filter(centre=centre)
    if province is not None:
        tickets = tickets.filter(centre__unit__province=province)
    waited, served = _totals(tickets, State.WAITING), _totals(tickets, State.SERVING)
    fields = [f for d in dimensions for f in dict.fromkeys(DIMENSIONS[d]) if f]
    tickets = tickets.annotate(**{f: LINKED[f] for f in fields if f in LINKED})
    rows = []
    for pk, state, created, *values in tickets.values_list("id", "state", "created_at", *fields):
        found = dict(zip(fields, values))
        keys, names = [], []
        for d in dimensions:
            key_field, label_field = DIMENSIONS[d]
            if key_field:
                keys.append(found[key_field])
                names.append("" if found[label_field] is None else str(found[label_field]))
            else:
                keys.append(created.astimezone(rules.VIETNAM).hour)
                names.append(f"{keys[-1]:02d}:00")
        rows.append(TicketTimes(keys[0] if len(keys) == 1 else tuple(keys), " / ".join(names), state,
                                waited.get(pk, 0.0), served.get(pk, 0.0)))
    return summarise(rows)


def measured_service_minutes(group, day: date, minimum: int = 5) -> float | None:
    """Average service time of ``group`` on ``day`` once ``minimum`` tickets were served; None before."""
    spent = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
    done = (TicketPeriod.objects.filter(ticket__group=group, ticket__day=day, state=State.SERVING,
                                        ended_at__isnull=False).aggregate(total=Sum(spent), n=Count("id")))
    if done["n"] < minimum:
        return None
    return _seconds(done["total"]) / 60 / done["n"]
