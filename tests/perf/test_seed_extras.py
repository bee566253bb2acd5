"""Fees, payments, ratings and queue tickets of seeded dossiers; the row text; determinism per unit;
the loader's deferred indexes and the facts after a seed."""

import random
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID

import pytest
from django.core.management import call_command
from django.db import connection

from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import State
from motcua.feedback.models import Rating
from motcua.payments.models import FeeNotice, Payment, Receipt, ReceiptSequence
from motcua.perf import extras, indexes, loader
from motcua.perf.rows import NULL, text
from motcua.perf.stories import VN, Mix, Place, story
from motcua.queueing.models import Ticket, TicketPeriod, TicketSequence

PLACE = Place(unit_id=7, unit_code="H99.101", province_id=1, centre_id=3, reception=11, specialist=12, leader=13,
              group_id=5, group_code="1", counters=(21, 22, 23))
NOW = datetime(2026, 11, 23, tzinfo=VN)
FEE = (41, "Lệ phí đăng ký", 50_000)


def stories(seed, n=400, mix=Mix()):
    rng = random.Random(seed)
    return rng, [story(rng, mix, i, PLACE, (5, 5, FEE), NOW - timedelta(days=1 + i % 90, hours=-9), NOW, i + 1)
                 for i in range(n)]


def test_split_shares_out_every_dossier_in_proportion():
    assert loader.split(10, [1, 1, 2]) == [3, 2, 5] or loader.split(10, [1, 1, 2]) == [2, 3, 5]
    assert sum(loader.split(1_000_003, [0.4, 1.6, 0.9, 1.1])) == 1_000_003
    assert loader.split(0, [1, 2]) == [0, 0]
    assert loader.split(7, [1]) == [7]


def test_text_is_copy_text_of_every_story_type():
    at = datetime(2026, 11, 23, 9, 30, 15, tzinfo=VN)
    assert text(at) == "2026-11-23 02:30:15"  # naive UTC, as the sessions and SQLite store it
    assert text(None) == NULL and text(True) == "1" and text(False) == "0" and text(12) == "12"
    assert text(UUID(int=1)) == "00000000000000000000000000000001"
    assert text(Decimal("5.00")) == "5.00" and text({}) == "{}" and text({"a": "x\\y"}) == '{"a": "x\\\\\\\\y"}'
    assert text(State.RECEIVED) == "received"
    with pytest.raises(TypeError):
        text(object())


def test_seeded_texts_need_no_escaping():
    _, made = stories(8)
    values = [v for s in made for row in [s.dossier, *s.events] for v in row.values() if isinstance(v, str)]
    assert values and not any(set(v) & {"\t", "\n", "\\"} for v in values)


def test_fee_notice_paid_at_once_online_by_channel_cancelled_when_withdrawn():
    rng, made = stories(9, 1500, Mix(withdrawn=0.05))
    fees = [(s, extras.fee_notice(rng, Mix(unpaid=0.0), s, PLACE, FEE, 1000 + n, NOW)) for n, s in enumerate(made)]
    for s, fee in fees:
        d = s.dossier
        if not d.get("received_at"):
            assert fee is None
            continue
        notice, payment = fee["notice"], fee["payment"]
        assert notice["total"] == fee["line"]["amount"] == 50_000 and notice["issued_at"] >= d["received_at"]
        if d["state"] == State.WITHDRAWN:
            assert notice["status"] == "cancelled" and payment is None
            continue
        assert notice["status"] == "paid" and payment["amount"] == 50_000 and payment["paid_at"] <= NOW
        assert payment["paid_online"] == (payment["method"] == "online") == (fee["transaction"] is not None)
        assert (payment["platform_flag"] > 0) == payment["paid_online"]
    paid = [(s.dossier["channel"], f["payment"]["paid_online"]) for s, f in fees if f and f["payment"]]
    online_share = {ch: sum(online for c, online in paid if c == ch) / sum(1 for c, _ in paid if c == ch)
                    for ch in ("online", "direct")}
    assert online_share["online"] > 0.7 and online_share["direct"] < 0.2
    assert extras.fee_notice(rng, Mix(), made[0], PLACE, None, 1, NOW) is None  # no fee, no notice


def test_ratings_only_of_returned_dossiers_in_the_share_asked():
    rng, made = stories(10, 1500)
    rated = [(s, extras.rating(rng, Mix(rated=0.5, liked=1.0), s, PLACE, NOW)) for s in made]
    assert all(s.dossier.get("returned_at") for s, r in rated if r)
    returned = sum(1 for s, _ in rated if s.dossier.get("returned_at"))
    given = [r for _, r in rated if r]
    assert 0.4 < len(given) / returned < 0.6
    assert {r["overall"] for r in given} == {"like"} and all(r["created_at"] <= NOW for r in given)
    assert {r["channel"] for s, r in rated if r and s.dossier["channel"] == "online"} == {"portal"}


def test_ticket_periods_follow_one_another_to_done():
    rng, made = stories(11, 300)
    direct = [s for s in made if s.dossier["channel"] == "direct" and s.dossier.get("received_at")]
    taken = extras.ticket(rng, direct[0], PLACE, 77, 12, "t" * 24)
    assert taken["ticket"]["label"] == "1012" and taken["ticket"]["state"] == "done"
    periods = taken["periods"]
    assert [p["state"] for p in periods] == ["waiting", "called", "serving", "done"]
    assert all(a["ended_at"] == b["started_at"] for a, b in zip(periods, periods[1:])) and periods[-1]["ended_at"] is None
    assert periods[0]["started_at"] < direct[0].dossier["received_at"] < periods[2]["ended_at"]
    online = next(s for s in made if s.dossier["channel"] == "online")
    assert extras.ticket(rng, online, PLACE, 78, 1, "u" * 24) is None  # not received at a centre


def test_a_unit_draws_the_same_rows_whatever_else_is_loaded():
    """Per-unit random streams: the rows of a unit do not depend on the other units or the process."""
    job = loader.Job(766, "H99", [(5, 5, FEE), (6, 3, None)], loader.receipt_days(NOW, 60), NOW, 100, Mix(),
                     {m: 1 for m in loader.OWN_IDS})

    def rows(seed):
        job.seed = seed
        rng = random.Random(f"{seed}:H99:{PLACE.unit_code}")
        moments = sorted(loader._moment(rng, job.calendar) for _ in range(150))
        return loader.UnitLoad(job, PLACE).rows(rng, moments, 0)

    first, again, other = rows(766), rows(766), rows(767)
    assert first == again and first != other
    assert len(first[Dossier]) == 150 and first[FeeNotice] and first[Ticket]


@pytest.mark.django_db
def test_seed_numbers_receipts_and_tickets_without_gaps_and_rates_returned_dossiers():
    call_command("seed", "--dossiers", "600", "--communes", "2", "--province", "H92", "--until", "2026-11-23",
                 "--json")
    payments = Payment.objects.filter(unit__province__code="H92")
    assert payments.exists() and payments.filter(paid_online=True).exists() and payments.filter(method="cash").exists()
    numbers = defaultdict(list)
    for unit, year, number in Receipt.objects.filter(unit__province__code="H92").values_list("unit", "year", "number"):
        numbers[unit, year].append(number)
    assert all(sorted(n) == list(range(1, len(n) + 1)) for n in numbers.values())
    assert {(s.unit_id, s.year): s.last for s in ReceiptSequence.objects.filter(unit__province__code="H92")} == \
        {k: len(n) for k, n in numbers.items()}
    assert Receipt.objects.filter(unit__province__code="H92").count() == payments.count()
    assert not FeeNotice.objects.filter(dossier__province__code="H92", status="paid", payment__isnull=True).exists()
    ratings = Rating.objects.filter(unit__province__code="H92")
    assert ratings.exists() and not ratings.filter(dossier__returned_at__isnull=True).exists()
    tickets = Ticket.objects.filter(centre__unit__province__code="H92")
    per_day = Counter(tickets.values_list("group", "day"))
    assert {(s.group_id, s.day): s.last for s in TicketSequence.objects.filter(group__in=tickets.values("group"))} \
        == dict(per_day)
    assert TicketPeriod.objects.filter(ticket__in=tickets).count() == 4 * tickets.count()
    assert not tickets.exclude(dossier_links__dossier__channel="direct").exists()


@pytest.mark.django_db
def test_seed_with_facts_leaves_no_difference_to_rebuild():
    from motcua.monitoring import facts

    call_command("seed", "--dossiers", "300", "--communes", "2", "--province", "H91", "--days", "30", "--facts",
                 "--json")
    assert Dossier.objects.filter(province__code="H91").count() == 300
    outcome = facts.rebuild(Dossier.objects.filter(province__code="H91").first().province_id, check=True)
    assert outcome.differences == []


@pytest.mark.django_db
def test_deferred_indexes_come_back_as_they_were():
    if connection.vendor != "postgresql":
        with indexes.deferred(loader.BIG) as items:
            assert items == []
        return
    before = indexes.saved(loader.BIG)
    assert any(name == "dossier_inbox" for _, _, name, _, _ in before)
    with indexes.deferred(loader.BIG):
        assert indexes.saved(loader.BIG) == []
    assert indexes.saved(loader.BIG) == before
    with pytest.raises(RuntimeError), indexes.deferred(loader.BIG):
        raise RuntimeError("a failed load")
    assert indexes.saved(loader.BIG) == before
