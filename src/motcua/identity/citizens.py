"""From what the identity provider says to a citizen account of this system (tài khoản công dân).

``person_from_claims`` is pure. ``account_for`` matches the account by the personal ID number
(SoDinhDanh), or creates it, in one transaction.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from motcua.accounts.models import User
from motcua.core.errors import UserFacingError

from .levels import level_from_claim


@dataclass(frozen=True)
class Person:
    personal_id: str
    full_name: str
    birth_date: date | None
    level: int
    provider: str  # loginIdp: "BCA" is VNeID


def person_from_claims(claims: dict, level_claim: str = "acr") -> Person:
    """The citizen described by VNeID / national-portal claims (domain-vn.md §3.4)."""
    personal_id = str(claims.get("SoDinhDanh") or "").strip()
    if not re.fullmatch(r"\d{12}", personal_id):
        raise UserFacingError("Tài khoản định danh không có số định danh cá nhân hợp lệ (12 chữ số)",
                              "the identity has no valid 12-digit personal ID number (SoDinhDanh)",
                              code="oidc_personal_id")
    full_name = " ".join(str(claims.get("HoVaTen") or claims.get("name") or "").split())
    return Person(personal_id=personal_id, full_name=full_name[:200],
                  birth_date=_yyyymmdd(claims.get("NgayThangNamSinh")),
                  level=level_from_claim(claims.get(level_claim)), provider=str(claims.get("loginIdp") or ""))


def _yyyymmdd(value) -> date | None:
    text = str(value or "")
    if not re.fullmatch(r"\d{8}", text):
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


@transaction.atomic
def account_for(person: Person) -> User:
    """The citizen account with this personal ID (the oldest, if data entry made two), else a new one.

    Staff and business accounts are never matched: a national identity signs in a citizen only.
    The provider is the authority on the name, so the account takes the name it gives.
    """
    user = (User.objects.select_for_update().filter(kind=User.Kind.CITIZEN, personal_id=person.personal_id)
            .order_by("pk").first())
    if user is None:
        # A fixed username makes a second, simultaneous first sign-in find this row, not make another.
        user, created = User.objects.get_or_create(
            username=f"vneid-{person.personal_id}",
            defaults={"kind": User.Kind.CITIZEN, "personal_id": person.personal_id, "full_name": person.full_name})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        elif user.kind != User.Kind.CITIZEN or user.personal_id != person.personal_id:
            raise UserFacingError("Tên tài khoản dành cho số định danh này đã bị dùng. Hãy liên hệ quản trị hệ thống.",
                                  "the username reserved for this ID number is taken by another account",
                                  code="account_conflict")
        return _usable(user)
    if person.full_name and user.full_name != person.full_name:
        user.full_name = person.full_name
        user.save(update_fields=["full_name"])
    return _usable(user)


def _usable(user: User) -> User:
    if not user.is_active:
        raise UserFacingError("Tài khoản đã bị khóa. Hãy liên hệ trung tâm phục vụ hành chính công.",
                              "this account is disabled", code="account_disabled")
    return user
