"""Bulk loading of a seeded province: every unit's dossiers and what goes with them, in several
processes (one unit at a time each, each with its own COPY stream) on PostgreSQL, in this
process with executemany on SQLite.

Determinism: each unit draws from its own random stream (seed, province, unit code) and owns a
fixed block of the reserved ids, so the rows do not depend on the number of processes or on which
process took the unit. Rows that other rows point at (dossiers, fee notices, payments, tickets)
take ids from blocks reserved once before the load (decision 0560); the others get theirs from the
database.
"""

import multiprocessing
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, connections, transaction

from motcua.dossiers.models import CodeSequence, Dossier, DossierEvent, DossierStep
from motcua.feedback.models import Rating
from motcua.payments.models import FeeNotice, FeeNoticeLine, GatewayTransaction, Payment, Receipt, ReceiptSequence
from motcua.queueing.models import Ticket, TicketDossier, TicketPeriod, TicketSequence

from . import extras, indexes
from .rows import NULL, Table, text
from .stories import VN, Mix, Place, story

STEP_NAMES = {1: ("Tiếp nhận hồ sơ", "reception"), 2: ("Thẩm định", "specialist"), 3: ("Phê duyệt, ký", "leader")}
OWN_IDS = (Dossier, FeeNotice, Payment, Ticket)  # pointed at by other seeded rows: ids reserved here
OTHER = (DossierEvent, DossierStep, FeeNoticeLine, GatewayTransaction, Receipt, Rating, TicketPeriod, TicketDossier,
         CodeSequence, ReceiptSequence, TicketSequence)
BIG = [m._meta.db_table for m in OWN_IDS + OTHER[:-3]]  # the tables whose indexes wait for the end of a load

__all__ = ["VN", "analyze", "load", "receipt_days", "reserve", "split"]


def receipt_days(until: datetime, days: int) -> list:
    """Working days (Monday–Friday, aware midnights) of the ``days`` calendar days before ``until``."""
    start = until - timedelta(days=days)
    return [d for d in (start + timedelta(days=n) for n in range(days)) if d.weekday() < 5]


def split(total: int, weights: list) -> list:
    """``total`` shared out in proportion to ``weights``, largest remainders first (sums to ``total``)."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    shares = [int(x) for x in exact]
    for n in sorted(range(len(weights)), key=lambda n: shares[n] - exact[n])[:total - sum(shares)]:
        shares[n] += 1
    return shares


def reserve(model, count: int) -> int:
    """The first of ``count`` consecutive ids taken for ``model``'s rows. On PostgreSQL the
    sequence moves past them at once, so live inserts during a seed do not collide (the gap
    between nextval and setval is one statement: seed an idle database all the same)."""
    table = model._meta.db_table
    if connection.vendor != "postgresql":
        return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"GREATEST(nextval(pg_get_serial_sequence('{table}', 'id')), "
                       f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table})) + %s - 1)", [max(count, 1)])
        (last,) = cursor.fetchone()
    return last - max(count, 1) + 1


@dataclass
class Job:
    """What every unit's loader needs: the same in every process (inherited by fork)."""

    seed: int
    province_code: str
    procedures: list
    calendar: list
    until: datetime
    batch: int
    mix: Mix
    bases: dict = field(default_factory=dict)  # model → first reserved id


_JOB: Job | None = None
_DONE = None  # shared counter of dossiers written, for the progress bar


def load(world, count: int, *, seed: int, days: int, until: datetime, batch: int = 10_000, jobs: int = 2,
         defer_indexes: bool = True, progress=None, mix: Mix = Mix()) -> dict:
    """Write ``count`` dossiers received over ``days`` days before ``until`` and what goes with
    them; return row counts per table and the seconds of each phase."""
    global _JOB, _DONE
    weights_rng = random.Random(f"{seed}:{world.province.code}")  # two provinces of one seed are not copies
    shares = split(count, [weights_rng.uniform(0.4, 1.6) for _ in world.places])
    offsets = [sum(shares[:n]) for n in range(len(shares))]
    _JOB = Job(seed, world.province.code, world.procedures, receipt_days(until, days), until, batch, mix,
               {m: reserve(m, count) for m in OWN_IDS})
    tasks = [(place, share, offset) for place, share, offset in zip(world.places, shares, offsets) if share]
    tasks.sort(key=lambda t: -t[1])  # biggest units first: the processes finish together
    phases, totals = {}, Counter()
    started = time.perf_counter()
    with indexes.deferred(BIG, defer_indexes and count > 0):
        phases["indexes_dropped"] = round(time.perf_counter() - started, 1)
        # Forked processes write on their own connections: not inside a transaction (a test's) they cannot see.
        multi = connection.vendor == "postgresql" and jobs > 1 and not connection.in_atomic_block
        _DONE = multiprocessing.get_context("fork").Value("q", 0) if multi else None
        for counts in (_in_processes(tasks, jobs, progress) if multi else _here(tasks, progress)):
            totals.update(counts)
        phases["rows"] = round(time.perf_counter() - started, 1)
    phases["indexes_rebuilt"] = round(time.perf_counter() - started - phases["rows"], 1)
    mark = time.perf_counter()
    analyze(OWN_IDS + OTHER)
    phases["analyze"] = round(time.perf_counter() - mark, 1)
    return {"rows": dict(totals), "phases": phases}


def _here(tasks, progress):
    for task in tasks:
        yield _unit(task, progress.update if progress else None)


def _in_processes(tasks, jobs, progress):
    """Units shared out over ``jobs`` forked processes, each with its own database connection."""
    connections.close_all()  # a forked child must not share the parent's socket
    with multiprocessing.get_context("fork").Pool(jobs, initializer=connections.close_all) as pool:
        result = pool.map_async(_unit_in_child, tasks, chunksize=1)
        while not result.ready():
            result.wait(0.5)
            if progress:
                progress.update(_DONE.value - progress.n)
        counts = result.get()
    if progress:
        progress.update(_DONE.value - progress.n)
    return counts


def _unit_in_child(task) -> Counter:
    def advance(n):
        with _DONE.get_lock():
            _DONE.value += n

    return _unit(task, advance)


def _unit(task, advance) -> Counter:
    """Generate and write one unit's dossiers in batches, received in time order; return row counts."""
    place, count, offset = task
    job = _JOB
    rng = random.Random(f"{job.seed}:{job.province_code}:{place.unit_code}")
    unit = UnitLoad(job, place)
    received = sorted(_moment(rng, job.calendar) for _ in range(count))
    for start in range(0, count, job.batch):
        rows = unit.rows(rng, received[start:start + job.batch], offset + start)
        if start + job.batch >= count:
            rows.update(unit.sequences())
        with transaction.atomic():
            for model, model_rows in rows.items():
                TABLES[model].write(model_rows)
                unit.totals[model._meta.model_name] += len(model_rows)
        if advance:
            advance(min(job.batch, count - start))
    return unit.totals


def _moment(rng, calendar):
    """A moment of reception: later days more likely (the volume grows over the year), 07:30–16:30."""
    day = calendar[min(len(calendar) - 1, int(len(calendar) * rng.random() ** 0.9))]
    return day + timedelta(minutes=450 + rng.randrange(540))


class UnitLoad:
    """One unit's running numbers — dossier codes per day, receipts per year, tickets per day —
    and the rows of its stories."""

    def __init__(self, job: Job, place: Place):
        self.job, self.place = job, place
        self.codes, self.receipts, self.tickets, self.totals = Counter(), Counter(), Counter(), Counter()

    def rows(self, rng, moments: list, offset: int) -> dict:
        job, place, out = self.job, self.place, {m: [] for m in OWN_IDS + OTHER}
        for n, received in enumerate(moments):
            index = offset + n
            procedure = rng.choice(job.procedures)
            day = received.date()
            s = story(rng, job.mix, job.bases[Dossier] + index, place, procedure, received, job.until,
                      self.codes[day] + 1)
            if s.dossier.get("code"):
                self.codes[day] += 1
            self._dossier(s, out)
            self._fee(rng, s, procedure, job.bases[FeeNotice] + index, out)
            self._rating(rng, s, out)
            self._ticket(rng, s, job.bases[Ticket] + index, out)
        return out

    def _dossier(self, s, out):
        out[Dossier].append(TABLES[Dossier].row(s.dossier))
        out[DossierEvent].extend(map(event_row, s.events))
        if s.open_step:
            name, role = STEP_NAMES[s.open_step]
            d = s.dossier
            out[DossierStep].append(TABLES[DossierStep].row(dict(
                dossier_id=d["id"], position=s.open_step, name=name, role=role, unit_id=d["current_unit_id"],
                working_hours=8, started_at=s.events[-1]["at"], due_at=d["due_at"])))

    def _fee(self, rng, s, procedure, notice_id, out):
        fee = extras.fee_notice(rng, self.job.mix, s, self.place, procedure[2], notice_id, self.job.until)
        if not fee:
            return
        out[FeeNotice].append(TABLES[FeeNotice].row(fee["notice"]))
        out[FeeNoticeLine].append(TABLES[FeeNoticeLine].row(fee["line"]))
        payment = fee["payment"]
        if payment:
            out[Payment].append(TABLES[Payment].row(payment))
            year = payment["paid_at"].astimezone(VN).year
            self.receipts[year] += 1
            out[Receipt].append(TABLES[Receipt].row(extras.receipt(payment, self.receipts[year],
                                                                   s.dossier["applicant_name"])))
        if fee["transaction"]:
            out[GatewayTransaction].append(TABLES[GatewayTransaction].row(fee["transaction"]))

    def _rating(self, rng, s, out):
        rated = extras.rating(rng, self.job.mix, s, self.place, self.job.until)
        if rated:
            out[Rating].append(TABLES[Rating].row(rated))

    def _ticket(self, rng, s, ticket_id, out):
        if not s.dossier.get("centre_id") or not s.dossier.get("received_at"):
            return
        day = s.dossier["received_at"].date()  # the moments are local: their date is the centre's day
        taken = extras.ticket(rng, s, self.place, ticket_id, self.tickets[day] + 1, f"{rng.getrandbits(96):024x}")
        if not taken:
            return
        self.tickets[day] += 1
        out[Ticket].append(TABLES[Ticket].row(taken["ticket"]))
        out[TicketPeriod].extend(TABLES[TicketPeriod].row(p) for p in taken["periods"])
        out[TicketDossier].append(TABLES[TicketDossier].row(taken["link"]))

    def sequences(self) -> dict:
        """The unit's last numbers, so live receptions, receipts and tickets continue after them."""
        unit = self.place.unit_id
        return {CodeSequence: [TABLES[CodeSequence].row(dict(unit_id=unit, day=day, last=last))
                               for day, last in self.codes.items() if last],
                ReceiptSequence: [TABLES[ReceiptSequence].row(dict(unit_id=unit, year=year, last=last))
                                  for year, last in self.receipts.items()],
                TicketSequence: [TABLES[TicketSequence].row(dict(group_id=self.place.group_id, day=day, last=last))
                                 for day, last in self.tickets.items()]}


EVENT_COLUMNS = ("dossier_id", "seq", "at", "actor_id", "actor_name", "actor_role", "unit_id", "action", "from_state",
                 "to_state", "from_step", "to_step", "comment", "data", "prev_hash", "hash")
TABLES = {m: Table(m, own_ids=m in OWN_IDS, order=EVENT_COLUMNS if m is DossierEvent else ()) for m in OWN_IDS + OTHER}


def event_row(e: dict) -> list:
    """``Table.row`` for an event, unrolled: seven of them per dossier make it the hottest row."""
    actor = e["actor_id"]
    return [str(e["dossier_id"]), str(e["seq"]), text(e["at"]), NULL if actor is None else str(actor), e["actor_name"],
            e["actor_role"], str(e["unit_id"]), e["action"], e["from_state"], e["to_state"], str(e["from_step"]),
            str(e["to_step"]), e["comment"], text(e["data"]), e["prev_hash"], e["hash"]]


def analyze(models) -> None:
    """Refresh the planner's statistics of ``models``' tables after a bulk write (PostgreSQL): a
    table loaded in one go looks empty to the planner until then, and it picks plans for one row."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {model._meta.db_table}")
