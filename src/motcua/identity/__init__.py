"""Identity (định danh): citizen sign-in by OpenID Connect (VNeID), assurance levels, the simulated
VNeID provider, and the staff-side defences (second factor, lockout, idle sessions).

``assurance(request)`` is the one function other apps call: the level of the signed-in person's
identity (0 anonymous, 1 basic, 2 VNeID level 2).
"""

from .levels import assurance

__all__ = ["assurance"]
