"""The 24-hour result locker (tủ nhận kết quả 24 giờ): placing a result, the one-time code, the
locker screen, and taking uncollected results back to the counter.

The code exists in clear only in the SMS: the placement keeps a keyed hash (rules.code_digest).
A try at the screen is counted against the client (core.ratelimit) and, when the dossier is in
the locker, against that placement; its answer is the same whatever went wrong. Opening the door
is the dossier's ``return_result`` done by the system, with the locker as receiver.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.core import ratelimit
from motcua.core.errors import UserFacingError
from motcua.dossiers import services as dossier_services
from motcua.dossiers.models import Dossier

from . import notify, rules
from .access import require_return_role
from .base import DeliveryError
from .models import Locker, LockerOpening, LockerSlot, Placement
from .post import require_waiting
from .registry import hardware

_DUMMY_SALT, _DUMMY_DIGEST = "no-such-placement", "0" * 64
# The one answer to every failed try: wrong code, expired, locked, used, or no such dossier here.
WRONG_CODE = ("Mã hồ sơ hoặc mã mở tủ không đúng, hoặc mã đã hết hạn. Kiểm tra tin nhắn, "
              "hoặc liên hệ bộ phận trả kết quả.",
              "Wrong dossier code or opening code, or the code has expired. Check the SMS or ask the return desk.")


class TooManyTries(UserFacingError):
    def __init__(self, minutes: int):
        super().__init__(f"Nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút hoặc liên hệ cán bộ.",
                         f"too many tries; try again in {minutes} minutes or ask the staff", code="rate_limited")


def _locked(placement: Placement) -> Placement:
    return Placement.objects.select_for_update(of=("self",)).select_related("dossier", "slot__locker").get(
        pk=placement.pk)


def _secret() -> bytes:
    return settings.SECRET_KEY.encode()


def _new_code(placement: Placement, now) -> str:
    """Give ``placement`` a fresh code (only its hash is kept) and return the code for the SMS."""
    code = f"{secrets.randbelow(10 ** rules.CODE_DIGITS):0{rules.CODE_DIGITS}d}"
    placement.code_hash = rules.code_digest(_secret(), str(placement.dossier.public_id), code)
    placement.code_expires_at = now + timedelta(hours=settings.MOTCUA_LOCKER_CODE_HOURS)
    placement.failed_attempts = 0
    return code


def _open(slot: LockerSlot, placement, reason, *, actor=None, client="", now) -> None:
    """Unlatch the door and log it. Raising (device down) rolls back the caller's transaction."""
    try:
        hardware.get().open(slot.locker, slot.number)
    except DeliveryError as err:
        raise UserFacingError(f"Không mở được tủ: {err.message_vi}", f"the locker did not open: {err.message_en}",
                              code="locker_unavailable") from err
    LockerOpening.objects.create(slot=slot, placement=placement, reason=reason,
                                 actor=actor if getattr(actor, "pk", None) else None, client=client[:64], at=now)


def _send_code(placement: Placement, code: str) -> None:
    dossier, slot = placement.dossier, placement.slot
    expires = timezone.localtime(placement.code_expires_at).strftime("%H:%M %d/%m/%Y")
    notify.sms(dossier, f"locker:{placement.pk}:{placement.code_hash[:12]}",
               f"Ket qua ho so {dossier.code} o {slot.locker.name}, o so {slot}. Ma mo tu: {code} "
               f"(het han {expires}). Khong dua ma nay cho nguoi khac.")


def free_slots(*, unit_id):
    """Empty, usable slots of the lockers at the centres of ``unit_id``, in locker and slot order."""
    return (LockerSlot.objects.filter(locker__centre__unit_id=unit_id, locker__is_active=True, is_enabled=True)
            .exclude(placements__status__in=Placement.IN_SLOT).order_by("locker__name", "number"))


@transaction.atomic
def place(dossier: Dossier, slot: LockerSlot, actor, *, now=None) -> Placement:
    """Put the result in ``slot``: the door opens for the officer, the applicant gets the code."""
    now = now or timezone.now()
    dossier = Dossier.objects.select_for_update(of=("self",)).select_related("unit").get(pk=dossier.pk)
    require_return_role(actor, dossier)
    require_waiting(dossier)
    if not dossier.applicant_phone:
        raise UserFacingError("Hồ sơ không có số điện thoại để gửi mã mở tủ: trả tại quầy",
                              "no phone number to send the code to: return at the counter", code="no_phone")
    slot = LockerSlot.objects.select_related("locker__centre").get(pk=slot.pk)
    if not (slot.is_enabled and slot.locker.is_active) or slot.locker.centre.unit_id != dossier.unit_id:
        raise UserFacingError("Ô tủ này không dùng được cho hồ sơ của đơn vị", "this slot cannot take this result",
                              field="slot")
    placement = Placement(dossier=dossier, slot=slot, placed_by=actor, placed_at=now)
    code = _new_code(placement, now)
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError as err:
        raise UserFacingError("Ô tủ vừa có kết quả khác; chọn ô khác", "the slot was just taken; choose another",
                              field="slot", code="slot_taken") from err
    _open(slot, placement, LockerOpening.Reason.PLACE, actor=actor, now=now)
    _send_code(placement, code)
    return placement


@transaction.atomic
def reissue_code(placement: Placement, actor, *, now=None) -> Placement:
    """A new code for a result still waiting (the old one expired, was lost, or got locked)."""
    now = now or timezone.now()
    placement = _locked(placement)
    require_return_role(actor, placement.dossier)
    if placement.status not in (Placement.Status.WAITING, Placement.Status.LOCKED):
        raise UserFacingError("Kết quả không còn chờ trong tủ", "the result is no longer waiting in the locker")
    code = _new_code(placement, now)
    placement.status = Placement.Status.WAITING
    placement.save(update_fields=["code_hash", "code_expires_at", "failed_attempts", "status"])
    _send_code(placement, code)
    return placement


@transaction.atomic
def collect(locker: Locker, dossier_code: str, code: str, *, client: str, now=None) -> Placement | None:
    """One try at the locker screen; the collected placement, or None (always the same None).

    Counted against the client first, so that a burst of guesses is stopped before any lookup.
    """
    now = now or timezone.now()
    rate = ratelimit.parse_rate(settings.MOTCUA_LOCKER_RATE_PER_CLIENT)
    if not ratelimit.hit("locker", f"{locker.code}:{client}", rate):
        raise TooManyTries(max(1, rate.seconds // 60))
    placement = (Placement.objects.select_for_update(of=("self",)).select_related("dossier", "slot__locker")
                 .filter(slot__locker=locker, dossier__code=rules.clean_dossier_code(dossier_code),
                         status__in=Placement.IN_SLOT).first())
    code = rules.clean_code(code)
    # The hash is computed on every path, so a missing dossier answers as slowly as a wrong code.
    salt, digest = (str(placement.dossier.public_id), placement.code_hash) if placement \
        else (_DUMMY_SALT, _DUMMY_DIGEST)
    matches = rules.code_matches(_secret(), salt, code, digest) and bool(code)
    if placement is None:
        return None
    verdict = rules.judge_attempt(status=placement.status, expires_at=placement.code_expires_at,
                                  failed_attempts=placement.failed_attempts,
                                  max_attempts=settings.MOTCUA_LOCKER_MAX_ATTEMPTS, now=now, matches=matches)
    if verdict == rules.Verdict.OPEN:
        return _hand_over(placement, client, now)
    if verdict in (rules.Verdict.WRONG, rules.Verdict.LOCK):
        placement.failed_attempts += 1
        if verdict == rules.Verdict.LOCK:
            placement.status = Placement.Status.LOCKED
            notify.sms(placement.dossier, f"locker:{placement.pk}:locked:{placement.code_hash[:12]}",
                       f"Ma mo tu cua ho so {placement.dossier.code} bi khoa do nhap sai nhieu lan. "
                       f"Lien he {notify.place_name(placement.dossier)} de nhan ma moi.")
        placement.save(update_fields=["failed_attempts", "status"])
    return None


def _hand_over(placement: Placement, client: str, now) -> Placement:
    slot = placement.slot
    placement.status, placement.closed_at = Placement.Status.COLLECTED, now
    placement.save(update_fields=["status", "closed_at"])
    dossier_services.perform(
        placement.dossier, "return_result", None, now=now,
        received_by_name=f"Tủ 24h: {slot.locker.name}, ô {slot}", received_by_id_number="",
        event_data={"receiver": "locker", "locker": slot.locker.code, "slot": slot.number})
    _open(slot, placement, LockerOpening.Reason.COLLECT, client=client, now=now)
    return placement


def sweep(*, now=None) -> list[Placement]:
    """Uncollected results placed MOTCUA_LOCKER_KEEP_DAYS ago or more: the code stops working, the
    applicant is told, and the return desk sees them in its 'to recall' list."""
    now = now or timezone.now()
    due = [p for p in Placement.objects.filter(status__in=[Placement.Status.WAITING, Placement.Status.LOCKED])
           .select_related("dossier__unit", "dossier__centre")
           if rules.recall_due(p.placed_at, settings.MOTCUA_LOCKER_KEEP_DAYS, now)]
    for placement in due:
        with transaction.atomic():
            if not Placement.objects.filter(pk=placement.pk, status=placement.status).update(
                    status=Placement.Status.EXPIRED):
                continue  # collected meanwhile
            placement.status = Placement.Status.EXPIRED
            notify.sms(placement.dossier, f"locker:{placement.pk}:expired",
                       f"Ket qua ho so {placement.dossier.code} da qua thoi han nhan tai tu 24 gio, "
                       f"duoc chuyen ve {notify.place_name(placement.dossier)}. Moi ong/ba den quay nhan.")
    return due


@transaction.atomic
def recall(placement: Placement, actor, *, now=None) -> Placement:
    """The officer opens the slot and takes the result back to the counter."""
    now = now or timezone.now()
    placement = _locked(placement)
    require_return_role(actor, placement.dossier)
    if placement.status not in Placement.IN_SLOT:
        raise UserFacingError("Kết quả không còn trong tủ", "the result is no longer in the locker")
    placement.status, placement.closed_at = Placement.Status.RECALLED, now
    placement.save(update_fields=["status", "closed_at"])
    _open(placement.slot, placement, LockerOpening.Reason.RECALL, actor=actor, now=now)
    return placement
