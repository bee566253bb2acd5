"""What happens around a seeded dossier besides its own log: the fee notice and its payment
(thông báo phí, khoản đã nộp, biên lai), the satisfaction rating (đánh giá hài lòng) and the queue
ticket (vé số thứ tự) the applicant took at the counter. Pure functions over a ``Story``: field
name → value dicts, no database; the loader numbers receipts and tickets per unit and day.
"""

from datetime import timedelta

from motcua.dossiers.workflow import State

from .stories import VN, Mix, Place, Story

PLUGINS = (("national", 1), ("bank_transfer", 2))  # plugin id, DuocThanhToanTrucTuyen flag


def fee_notice(rng, mix: Mix, s: Story, place: Place, fee: tuple | None, notice_id: int, now) -> dict | None:
    """The notice of a received dossier whose procedure has a fee (``fee``: id, name, amount), with
    its one line and, unless it is still waiting, its payment; None when there is nothing to pay.
    Keys: notice, line, payment (or None), transaction (an online payment's gateway report or None)."""
    d = s.dossier
    if fee is None or not d.get("received_at"):
        return None
    fee_id, name, amount = fee
    issued = d["received_at"] + timedelta(minutes=rng.randrange(1, 15))
    if issued > now:
        return None
    notice = dict(id=notice_id, dossier_id=d["id"], status="issued", total=amount, issued_by_id=place.reception,
                  issued_at=issued)
    line = dict(notice_id=notice_id, position=0, fee_id=fee_id, name=name, catalogue_amount=amount,
                unit_amount=amount, quantity=1, amount=amount)
    out = dict(notice=notice, line=line, payment=None, transaction=None)
    if d["state"] == State.WITHDRAWN:
        notice.update(status="cancelled", closed_at=d["finished_at"], close_reason="Rút hồ sơ")
        return out
    if d["state"] in State.OPEN and rng.random() < mix.unpaid:
        return out
    online = rng.random() < dict(mix.pay_online).get(d["channel"], 0.0)
    paid = issued + (timedelta(minutes=rng.randrange(5, 240)) if online else timedelta(minutes=rng.randrange(1, 10)))
    paid = min(paid, now)
    notice.update(status="paid", closed_at=paid)
    plugin, flag = PLUGINS[0] if rng.random() < mix.national_platform else PLUGINS[1]
    out["payment"] = dict(id=notice_id, notice_id=notice_id, dossier_id=d["id"], unit_id=place.unit_id,
                          procedure_id=d["procedure_id"], amount=amount, method="online" if online else "cash",
                          plugin_id=plugin if online else "", transaction_id=f"{d['code']}-{notice_id}" if online else "",
                          platform_flag=flag if online else 0, paid_online=online, paid_at=paid,
                          recorded_by_id=None if online else place.reception)
    if online:
        out["transaction"] = dict(plugin_id=plugin, transaction_id=out["payment"]["transaction_id"], amount=amount,
                                  paid_at=paid, note=f"{d['code']} nop phi", reference=d["code"], status="matched",
                                  unit_id=place.unit_id, notice_id=notice_id, payment_id=notice_id, raw={},
                                  received_at=paid + timedelta(seconds=rng.randrange(1, 30)))
    return out


def receipt(payment: dict, number: int, payer: str) -> dict:
    """Biên lai of ``payment``, number ``number`` of its unit and year (given by the caller)."""
    return dict(payment_id=payment["id"], unit_id=payment["unit_id"], year=_local(payment["paid_at"]).year,
                number=number, issued_at=payment["paid_at"], payer_name=payer)


def rating(rng, mix: Mix, s: Story, place: Place, now) -> dict | None:
    """The applicant's rating of a returned dossier (a share ``mix.rated`` of them), a few hours later."""
    d = s.dossier
    if not d.get("returned_at") or rng.random() >= mix.rated:
        return None
    at = d["returned_at"] + timedelta(minutes=rng.randrange(5, 48 * 60))
    if at > now:
        return None
    channel = {"online": "portal", "postal": "sms"}.get(d["channel"]) or ("tablet" if rng.random() < 0.5 else "sms")

    def verdict():
        return "like" if rng.random() < mix.liked else "dislike"

    return dict(dossier_id=d["id"], unit_id=place.unit_id, officer_id=place.reception, channel=channel,
                overall=verdict(), attitude=verdict(), timeliness=verdict(), guidance=verdict(), created_at=at)


def ticket(rng, s: Story, place: Place, ticket_id: int, number: int, token: str) -> dict | None:
    """The queue ticket a direct applicant took at the centre's kiosk before being received: waiting,
    called, served, done — one period per state as the queue records them. None when the dossier
    was not received at a centre. Keys: ticket, periods, link (the ticket ↔ dossier row)."""
    d = s.dossier
    if not (d.get("received_at") and d.get("centre_id") and place.group_id and place.counters):
        return None
    received = d["received_at"]
    called = received - timedelta(minutes=2)
    taken = called - timedelta(minutes=rng.randrange(1, 45))
    done = received + timedelta(minutes=rng.randrange(3, 20))
    counter = place.counters[rng.randrange(len(place.counters))]
    row = dict(id=ticket_id, centre_id=place.centre_id, group_id=place.group_id, day=_local(taken).date(),
               number=number, label=f"{place.group_code}{number:03d}", token=token, source="kiosk", lane=2,
               state="done", queued_at=taken, created_at=taken, counter_id=counter, officer_id=place.reception,
               calls=1)
    spans = (("waiting", taken, called), ("called", called, called + timedelta(minutes=1)),
             ("serving", called + timedelta(minutes=1), done), ("done", done, None))
    periods = [dict(ticket_id=ticket_id, centre_id=place.centre_id, state=state, started_at=start, ended_at=end,
                    counter_id=None if state == "waiting" else counter,
                    officer_id=None if state == "waiting" else place.reception) for state, start, end in spans]
    return dict(ticket=row, periods=periods, link=dict(ticket_id=ticket_id, dossier_id=d["id"], created_at=received))


def _local(moment):
    return moment.astimezone(VN)
