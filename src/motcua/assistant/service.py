"""The one entry point the web page, the officer panel and the API share: rate limit, unit, turn.

No HTTP here: callers pass the client address (for the rate limit) and whether the person is
staff (for the internal process). Replies go back as plain dicts with the next conversation token.
"""

from django.conf import settings

from motcua.core import ratelimit
from motcua.core.errors import UserFacingError
from motcua.organizations.models import Unit

from . import engine, rewording
from .conversation import State
from .dialogue import answer_question

MAX_QUESTION = 500


class TooManyQuestions(UserFacingError):
    def __init__(self):
        super().__init__("Bạn đã hỏi quá nhiều lần. Vui lòng thử lại sau ít phút.",
                         "Too many questions. Please try again in a few minutes.", code="rate_limited")


def find_unit(code: str) -> Unit | None:
    """The receiving unit (đơn vị) named by ``code``; empty means none; unknown is an error."""
    if not code:
        return None
    unit = Unit.objects.filter(code=code.strip().upper(), is_active=True).first()
    if unit is None:
        raise UserFacingError(f"Không có đơn vị mã {code}", f"no unit with code {code}", field="unit_code")
    return unit


def ask(question: str, token: str = "", unit_code: str = "", client: str = "", staff: bool = False) -> dict:
    """Answer one message; the result carries the token for the next one."""
    if not ratelimit.hit("assistant", client or "-", ratelimit.parse_rate(settings.MOTCUA_ASSISTANT_RATE)):
        raise TooManyQuestions()
    if len(question or "") > MAX_QUESTION:
        raise UserFacingError(f"Câu hỏi dài quá {MAX_QUESTION} ký tự", f"question longer than {MAX_QUESTION} characters",
                              field="question")
    unit = find_unit(unit_code)
    result = answer_question(question, engine.current(), State.from_token(token), unit=unit, staff=staff,
                             client=client)
    reply = result.reply
    if reply.kind == "answer":
        reply.text = rewording.reword(reply.text)
    return {**reply.as_dict(), "token": result.state.to_token(),
            "candidates": [{"code": c.code, "name": c.name, "score": c.score} for c in result.candidates[:10]]}
