"""A password rule for Vietnamese staff (quy tắc mật khẩu): nothing from the person, even without
diacritics, and none of the passwords Vietnamese users pick most.

Django's own validators compare with accents and case: 'nguyenvanan1990' passes for Nguyễn Văn An.
This one folds both sides (``core.text.fold``: lower case, no diacritics, đ→d) before comparing.
``password_problem`` is pure.
"""

import re

from django.core.exceptions import ValidationError

from motcua.core.text import fold

# Common choices seen in leaked Vietnamese password lists, folded and without digits or symbols:
# a password that is one of these plus digits/symbols ('matkhau@123', 'Anhyeuem1') is refused.
COMMON_WORDS = frozenset({
    "matkhau", "anhyeuem", "emyeuanh", "yeuem", "yeuanh", "iloveyou", "vietnam", "hanoi", "saigon",
    "hochiminh", "motcua", "dichvucong", "hanhchinh", "congchuc", "canbo", "admin", "quantri",
    "password", "abc", "qwerty", "asdfgh", "zxcvbn", "nguoiyeu", "tinhyeu", "conyeu", "hoilamgi",
})
MIN_PART = 3  # shorter name parts ("an", "le") are common syllables, not personal data


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text or ""))


def password_problem(password: str, personal: dict[str, str]) -> str | None:
    """Why ``password`` is too easy to guess for the person described by ``personal``
    ({"họ tên": "Nguyễn Văn An", "tên đăng nhập": ..., "số định danh": ..., "điện thoại": ...}),
    or None."""
    folded = _letters(password)
    if re.sub(r"[0-9]", "", folded) in COMMON_WORDS:
        return "Mật khẩu quá phổ biến, dễ bị đoán / this password is too common"
    for label, value in personal.items():
        if label == "họ tên":
            found = _has_name(folded, value)
        else:
            value = _letters(value)
            found = len(value) >= MIN_PART and value in folded
        if found:
            return f"Mật khẩu không được chứa {label} của bạn / the password must not contain your {_EN[label]}"
    return None


def _has_name(folded: str, name: str) -> bool:
    """The name is in the password: all of it, or the given name (last word) joined to another
    part of the name ('nguyenan', 'anvan'), or the given name alone when it has 4 letters or more."""
    words = [w for w in (_letters(word) for word in (name or "").split()) if w]
    if not words:
        return False
    given, others = words[-1], words[:-1]
    return ("".join(words) in folded or (len(given) >= 4 and given in folded)
            or any(other + given in folded or given + other in folded for other in others))


_EN = {"họ tên": "name", "tên đăng nhập": "username", "số định danh": "ID number", "điện thoại": "phone number",
       "thư điện tử": "e-mail address"}


class PersonalDataValidator:
    """AUTH_PASSWORD_VALIDATORS entry: refuses ``password_problem`` passwords."""

    def validate(self, password, user=None):
        personal = {}
        if user is not None:
            # The given-name rule is about people: a business's name has no given name.
            person_name = "" if getattr(user, "kind", "") == "business" else getattr(user, "full_name", "")
            personal = {"họ tên": person_name, "tên đăng nhập": getattr(user, "username", ""),
                        "số định danh": getattr(user, "personal_id", ""), "điện thoại": getattr(user, "phone", ""),
                        "thư điện tử": (getattr(user, "email", "") or "").split("@")[0]}
        problem = password_problem(password, {k: v for k, v in personal.items() if v})
        if problem:
            raise ValidationError(problem, code="password_personal_or_common")

    def get_help_text(self):
        return ("Mật khẩu không chứa họ tên, tên đăng nhập, số định danh, số điện thoại của bạn và không phải mật khẩu "
                "phổ biến (như 'matkhau', 'anhyeuem') / no name, username, ID or phone number, no common password")
