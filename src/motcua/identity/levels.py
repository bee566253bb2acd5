"""Assurance levels (mức độ định danh) of the signed-in person, kept in the session at sign-in.

0: not signed in. 1: signed in with a password of this system, or with a level-1 electronic
identity. 2: a level-2 electronic identity (VNeID mức 2), which procedures marked
``requires_verified_identity`` need for online submission.

No model import here: ``motcua.identity`` re-exports ``assurance`` and must stay importable early.
"""

import re

NONE, BASIC, VERIFIED = 0, 1, 2
SESSION_KEY = "motcua_identity"


def level_from_claim(value) -> int:
    """The level an identity provider states: 'LoA2', '2', 2 or '...loa-2' → 2; any other value,
    or none at all, → 1 (the person did sign in, at the provider's lowest level)."""
    digits = re.findall(r"\d", str(value if value is not None else ""))
    return VERIFIED if digits and int(digits[-1]) >= VERIFIED else BASIC


def remember(request, level: int, method: str, provider: str = "") -> None:
    """Store how this session signed in. Call after ``login()``, which renews the session."""
    request.session[SESSION_KEY] = {"level": int(level), "method": method, "provider": provider}


def assurance(request) -> int:
    """The assurance level of the person signed in on ``request`` (0 when nobody is)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return NONE
    stored = request.session.get(SESSION_KEY) or {}
    return int(stored.get("level", BASIC))
