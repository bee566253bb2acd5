"""One turn of the conversation (một lượt hỏi đáp): read the message, pick what to do, answer.

In order: a dossier code → its status, only with the second factor (the public lookup's rule);
a number picking one of the choices just offered; a procedure code; a follow-up about the
procedure under discussion ("còn lệ phí bao nhiêu?"); otherwise find the procedure — a clear best
one is answered, close variants get one clarifying question, anything else gets the top choices.
"""

import re
from dataclasses import dataclass, field

from django.urls import reverse

from motcua.catalog.models import Procedure
from motcua.catalog.presentation import level_labels

from . import intents, vocabulary
from .conversation import State
from .facts import Fact, collect
from .retrieval import Candidate, Retriever

# A best candidate this far ahead of the second is answered directly. On the dev set (BM25 + e5)
# 131 of 181 questions clear it and their first candidate is right 95 % of the time; below it only
# 58 %, so those get choices instead.
CONFIDENT_MARGIN = 0.06
CHOICES = 3
ALTERNATIVE_WITHIN = 0.15  # next to an answer, other candidates this close are offered as buttons
STAFF_ASPECTS = ("process", "forms", "documents", "time", "fee")
ASPECT_NAMES = {"documents": "hồ sơ", "fee": "phí, lệ phí", "time": "thời hạn", "online": "nộp trực tuyến",
                "where": "nơi nộp", "conditions": "điều kiện", "result": "kết quả", "legal": "căn cứ pháp lý",
                "steps": "trình tự", "forms": "mẫu đơn", "process": "quy trình nội bộ"}
_QUALIFIER = re.compile(r"\s*\((?:thực hiện )?tại[^)]*\)\s*$|\s*\(cấp [^)]*\)\s*$", re.IGNORECASE)


@dataclass
class Reply:
    """What the person sees. ``kind``: answer, clarify, choose, status, need_factor, not_found, limited, empty."""

    kind: str
    text: str
    procedure: dict | None = None
    facts: list[Fact] = field(default_factory=list)
    choices: list[dict] = field(default_factory=list)
    status: dict | None = None

    def as_dict(self) -> dict:
        return {
            "kind": self.kind, "text": self.text, "procedure": self.procedure, "choices": self.choices,
            "facts": [{"aspect": f.aspect, "label": f.label, "lines": list(f.lines), "source": f.source}
                      for f in self.facts],
            "status": self.status,
        }


@dataclass
class Result:
    reply: Reply
    candidates: list[Candidate]
    state: State
    question: str = ""

    def as_batch_line(self) -> dict:
        """The line ``motcua ask --batch --json`` prints."""
        return {"q": self.question,
                "procedures": [{"code": c.code, "name": c.name, "score": c.score} for c in self.candidates[:10]],
                "answer": self.reply.text}


def unit_level(unit) -> str:
    """The catalogue level (cấp) a unit works at: communes and wards 'commune', the province 'province'."""
    if unit is None:
        return ""
    return {"commune": "commune", "ward": "commune", "special_zone": "commune",
            "province": "province", "department": "province"}.get(unit.kind, "")


def procedure_card(code: str, name: str, levels: str | list[str], agency: str = "") -> dict:
    labels = level_labels(levels) if isinstance(levels, str) else list(levels)
    return {"code": code, "name": name, "levels": labels, "agency": agency,
            "url": reverse("catalog:detail", args=[code]), "submit_url": reverse("portal:submit", args=[code])}


def _candidate_card(c: Candidate) -> dict:
    return {**procedure_card(c.code, c.name, " ".join(sorted(c.levels)), c.agency), "score": c.score}


def base_name(name: str) -> str:
    """The name without its level qualifier: 'Cấp lại thẻ căn cước (thực hiện tại cấp tỉnh)' → 'cấp lại thẻ căn cước'."""
    return _QUALIFIER.sub("", " ".join(name.split())).lower().removeprefix("thủ tục ").strip()


def decide(candidates: list[Candidate], level_known: bool = False) -> str:
    """answer (one clear best), clarify (level variants of one procedure) or choose (several fit).

    Variants of one procedure at two levels (cấp xã / cấp tỉnh) are asked about whatever the
    scores say, unless the question or the unit already names the level.
    """
    if len(candidates) == 1:
        return "answer"
    first, second = candidates[0], candidates[1]
    if not level_known and base_name(first.name) == base_name(second.name) and first.levels != second.levels:
        return "clarify"
    return "answer" if first.score - second.score >= CONFIDENT_MARGIN else "choose"


def render(pf, aspects: tuple[str, ...]) -> tuple[str, list[Fact]]:
    """The answer text: the procedure, the facts asked for, and where they come from."""
    shown = [pf.facts[a] for a in aspects if a in pf.facts]
    missing = [a for a in aspects if a not in pf.facts]
    head = f"{pf.name} (mã {pf.code}; {', '.join(pf.levels) or 'cấp thực hiện: xem trang thủ tục'})"
    parts = [head]
    for fact in shown:
        parts.append(f"{fact.label}:\n" + "\n".join(f"• {line}" for line in fact.lines))
    if missing:
        parts.append("Hồ sơ thủ tục không có thông tin về: "
                     + ", ".join(ASPECT_NAMES[a] for a in missing) + ". Xem trang thủ tục hoặc hỏi cán bộ.")
    parts.append(f"Nguồn: Cơ sở dữ liệu thủ tục hành chính, trang /thu-tuc/{pf.code}/")
    return "\n\n".join(parts), shown



def answer_procedure(code: str, aspects: tuple[str, ...], unit=None, staff: bool = False) -> Reply | None:
    procedure = (Procedure.objects.filter(code=code, is_active=True)
                 .prefetch_related("documents", "channels", "fees", "process_steps").first())
    if procedure is None:
        return None
    centre = unit.centres.order_by("pk").first() if unit is not None else None
    pf = collect(procedure, centre=centre, staff=staff)
    text, shown = render(pf, aspects or (STAFF_ASPECTS if staff else intents.SUMMARY))
    card = procedure_card(pf.code, pf.name, procedure.levels, pf.agency)
    card["can_submit_online"] = pf.can_submit_online
    return Reply("answer", text, procedure=card, facts=shown)


def _status_reply(intent: intents.Intent, state: State, client: str) -> tuple[Reply, State]:
    from motcua.portal.lookup import RateLimited, checked_lookup

    code = intent.dossier_code or state.dossier
    if not intent.factor:
        return Reply("need_factor", f"Để xem hồ sơ {code}, vui lòng nhập 4 số cuối điện thoại hoặc số định danh "
                                    "của người nộp."), State(code=state.code, dossier=code)
    try:
        found = checked_lookup(code, intent.factor, client)
    except RateLimited as exc:
        return Reply("limited", exc.message_vi), State(code=state.code)
    if found is None:
        return Reply("status", "Không tìm thấy hồ sơ khớp với mã và 4 số đã nhập. Vui lòng kiểm tra lại "
                               "phiếu hẹn."), State(code=state.code)
    lines = [f"Hồ sơ {found['code']}: {found['status']}", f"Thủ tục: {found['procedure']}"]
    if found.get("current_step"):
        lines.append(f"Đang ở bước: {found['current_step']} ({found['current_unit']})")
    if found.get("due_at"):
        lines.append(f"Hẹn trả kết quả: {found['due_at']:%d/%m/%Y %H:%M}")
    status = {k: found[k] for k in ("code", "status", "procedure_code", "procedure", "current_step", "current_unit")}
    return Reply("status", "\n".join(lines), status=status), State(code=found["procedure_code"])


def answer_question(question: str, retriever: Retriever, state: State = State(), unit=None, staff: bool = False,
                    client: str = "") -> Result:
    """Answer one message given the conversation so far."""
    question = (question or "").strip()[:500]
    if not question:
        return Result(Reply("empty", "Bạn muốn hỏi về thủ tục nào?"), [], state, question)
    intent = intents.parse(question)
    if intent.dossier_code or (state.dossier and intent.factor):
        reply, new_state = _status_reply(intent, state, client)
        return Result(reply, [], new_state, question)
    picked = ""
    if intent.choice and 0 < intent.choice <= len(state.choices):
        picked = state.choices[intent.choice - 1]
    elif intent.procedure_code:
        picked = intent.procedure_code
    elif intent.is_follow_up and state.code:
        picked = state.code
    if picked:
        reply = answer_procedure(picked, intent.aspects, unit, staff)
        if reply is not None:
            return Result(reply, [], State(code=picked), question)
    candidates = retriever.search(question, unit_level(unit))
    reply = _from_candidates(question, candidates, intent, unit, staff)
    code = reply.procedure["code"] if reply.procedure else ""
    return Result(reply, candidates, State(code=code, choices=tuple(c["code"] for c in reply.choices)), question)


def _from_candidates(question: str, candidates: list[Candidate], intent: intents.Intent, unit, staff: bool) -> Reply:
    if not candidates:
        return Reply("not_found", "Chưa tìm thấy thủ tục phù hợp. Bạn hãy mô tả rõ hơn việc cần làm, ví dụ: "
                                  "“đăng ký khai sinh cho con”.")
    level_known = bool(unit_level(unit) or vocabulary.levels_asked(vocabulary.Prepared.of(question)))
    kind = decide(candidates, level_known)
    if kind == "answer":
        reply = answer_procedure(candidates[0].code, intent.aspects, unit, staff)
        top = candidates[0].score
        reply.choices = [_candidate_card(c) for c in candidates[1:CHOICES] if c.score >= top - ALTERNATIVE_WITHIN]
        return reply
    if kind == "clarify":
        pair = candidates[:2]
        text = ("Thủ tục này làm ở nhiều cấp. Bạn nộp hồ sơ ở đâu?\n"
                + "\n".join(f"{i}. {c.name} — {', '.join(level_labels(' '.join(sorted(c.levels))))}"
                            for i, c in enumerate(pair, start=1)))
        return Reply("clarify", text, choices=[_candidate_card(c) for c in pair])
    top = candidates[:CHOICES]
    text = ("Có phải bạn hỏi về một trong các thủ tục sau? Chọn số tương ứng:\n"
            + "\n".join(f"{i}. {c.name} (mã {c.code})" for i, c in enumerate(top, start=1)))
    return Reply("choose", text, choices=[_candidate_card(c) for c in top])

