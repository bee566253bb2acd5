"""Optional rewording of a templated answer by an OpenAI-compatible endpoint (off by default).

The model may only rephrase: its output is kept only if every number in it and every document
phrase ("giấy …", "bản sao …", "tờ khai …") already appears in the templated answer, which is
built from the record. Anything else — an invented fee, time limit or document, a timeout, an
error — falls back to the template.
"""

import json
import logging
import re
import urllib.request

from django.conf import settings

from .text import normalise

log = logging.getLogger(__name__)
PROMPT = ("Viết lại câu trả lời sau cho ngắn gọn, lịch sự, dễ hiểu với người dân. Chỉ dùng đúng các thông tin "
          "có trong câu trả lời; không thêm giấy tờ, số tiền, thời hạn hay thông tin nào khác.")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DOCUMENT_HEADS = ("giấy", "bản sao", "bản chính", "tờ khai", "đơn", "phiếu", "sổ", "thẻ", "văn bản", "quyết định")
_DOCUMENT = re.compile(rf"(?<!\w)(?:{'|'.join(_DOCUMENT_HEADS)})(?:\s+\w+){{1,3}}")


def numbers(text: str) -> set[str]:
    """Numbers as written, thousands separators removed: '135.000 đồng' → {'135000'}."""
    return {n.replace(".", "").replace(",", "") for n in _NUMBER.findall(text)}


def is_grounded(candidate: str, facts_text: str) -> bool:
    """Every number and every document phrase of ``candidate`` is in ``facts_text``."""
    if not numbers(candidate) <= numbers(facts_text):
        return False
    source = normalise(facts_text)
    return all(m.group(0) in source for m in _DOCUMENT.finditer(normalise(candidate)))


def reword(text: str) -> str:
    """The rephrased answer when an endpoint is configured and its output is grounded; else ``text``."""
    if not settings.MOTCUA_ASSISTANT_LLM_URL:
        return text
    try:
        candidate = _complete(text)
    except (OSError, ValueError, KeyError, IndexError) as exc:  # network, HTTP, JSON or shape trouble
        log.warning("Diễn đạt lại thất bại / rewording failed: %s", exc)
        return text
    return candidate if candidate and is_grounded(candidate, text) else text


def _complete(text: str) -> str:
    body = {"model": settings.MOTCUA_ASSISTANT_LLM_MODEL, "temperature": 0,
            "messages": [{"role": "system", "content": PROMPT}, {"role": "user", "content": text}]}
    request = urllib.request.Request(
        settings.MOTCUA_ASSISTANT_LLM_URL.rstrip("/") + "/chat/completions", data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json",
                 **({"Authorization": f"Bearer {settings.MOTCUA_ASSISTANT_LLM_KEY}"}
                    if settings.MOTCUA_ASSISTANT_LLM_KEY else {})})
    with urllib.request.urlopen(request, timeout=settings.MOTCUA_ASSISTANT_LLM_TIMEOUT) as response:
        return json.load(response)["choices"][0]["message"]["content"].strip()
