"""Errors that reach people: always a Vietnamese message first, with the English one available."""


class UserFacingError(Exception):
    """Bad input or a refused action, explained. ``field`` names the input at fault, if any."""

    def __init__(self, message_vi: str, message_en: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(f"{message_vi} / {message_en}")
        self.message_vi, self.message_en, self.field, self.code = message_vi, message_en, field, code

    def message(self, language: str = "vi") -> str:
        return self.message_en if language.startswith("en") else self.message_vi

    def as_dict(self) -> dict:
        return {"code": self.code, "field": self.field, "message": self.message_vi, "message_en": self.message_en}
