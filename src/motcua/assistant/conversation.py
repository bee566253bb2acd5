"""Conversation state (ngữ cảnh hội thoại) carried in a signed token, not in the database.

The state is tiny — the procedure under discussion, the choices just offered, a dossier code
waiting for its second factor — so it travels with each request as a token signed with the
site's secret (``django.core.signing``): the client can hold it but not forge it, no table grows
with anonymous chats, and any web process can answer the next message. A token older than
``MOTCUA_ASSISTANT_CONVERSATION_SECONDS`` or tampered with simply starts a new conversation.
"""

from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core import signing

SALT = "motcua.assistant.conversation"
MAX_CHOICES = 5


@dataclass(frozen=True)
class State:
    code: str = ""  # the procedure under discussion
    choices: tuple[str, ...] = field(default_factory=tuple)  # codes just offered, in order
    dossier: str = ""  # a dossier code waiting for the second factor

    def to_token(self) -> str:
        data = {k: v for k, v in asdict(self).items() if v}
        if "choices" in data:
            data["choices"] = list(data["choices"])[:MAX_CHOICES]
        return signing.dumps(data, salt=SALT, compress=True)

    @classmethod
    def from_token(cls, token: str | None) -> "State":
        if not token:
            return cls()
        try:
            data = signing.loads(token, salt=SALT, max_age=settings.MOTCUA_ASSISTANT_CONVERSATION_SECONDS)
        except signing.BadSignature:  # also SignatureExpired
            return cls()
        if not isinstance(data, dict):
            return cls()
        choices = data.get("choices") or []
        return cls(code=str(data.get("code", ""))[:40],
                   choices=tuple(str(c)[:40] for c in choices[:MAX_CHOICES] if isinstance(c, str)),
                   dossier=str(data.get("dossier", ""))[:60])
