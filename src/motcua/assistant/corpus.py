"""The catalogue as the retriever sees it: one plain ``ProcedureDoc`` per active procedure.

Reading the database happens only in ``load_docs``; everything downstream is pure and can be fed
hand-made documents in tests.
"""

import hashlib
from dataclasses import dataclass

from django.db.models import Prefetch

from motcua.catalog.models import Procedure, RequiredDocument

MAX_DOCUMENTS = 12  # document names beyond these add noise, not recall


@dataclass(frozen=True)
class ProcedureDoc:
    """What retrieval needs of one procedure (thủ tục)."""

    code: str
    name: str
    field: str = ""
    levels: frozenset[str] = frozenset()
    applicants: str = ""
    agency: str = ""
    details: str = ""  # result, conditions and document names: used for reranking only
    stamp: str = ""  # last change, part of the catalogue version

    @property
    def passage(self) -> str:
        """The text embedded for this procedure: its name and field (lĩnh vực)."""
        return f"{self.name}. Lĩnh vực: {self.field}" if self.field else self.name


def catalogue_version(docs: list[ProcedureDoc]) -> str:
    """A short hash that changes when any procedure is added, removed, renamed or re-imported."""
    digest = hashlib.sha256()
    for doc in sorted(docs, key=lambda d: d.code):
        digest.update(f"{doc.code}\x1f{doc.name}\x1f{doc.field}\x1f{doc.stamp}\x1e".encode())
    return digest.hexdigest()[:16]


def load_docs() -> list[ProcedureDoc]:
    """Every active procedure with its field and first document names (three queries)."""
    documents = RequiredDocument.objects.only("procedure_id", "name", "position").order_by("position")
    rows = (Procedure.objects.filter(is_active=True).select_related("field")
            .prefetch_related(Prefetch("documents", queryset=documents))
            .only("code", "name", "levels", "applicants", "implementing_agency", "competent_agency",
                  "result_text", "conditions", "updated_at", "field__name")
            .order_by("code"))
    return [_doc(p) for p in rows]


def _doc(p: Procedure) -> ProcedureDoc:
    names = [d.name for d in list(p.documents.all())[:MAX_DOCUMENTS]]
    details = " ".join(filter(None, [p.result_text, p.conditions[:1000], *names]))
    return ProcedureDoc(
        code=p.code, name=" ".join(p.name.split()), field=p.field.name if p.field else "",
        levels=frozenset(p.levels.split()), applicants=p.applicants[:500],
        agency=p.implementing_agency or p.competent_agency, details=details,
        stamp=p.updated_at.isoformat() if p.updated_at else "",
    )
