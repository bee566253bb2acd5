import pytest
from django.core.cache import cache

from motcua.assistant import engine
from tests.assistant.catalogue import make_catalogue


@pytest.fixture(autouse=True)
def _bm25_only_and_fresh(settings, db, tmp_path):
    """Tests run on BM25 (fast, no model); limits and the process-wide retriever start empty."""
    settings.MOTCUA_ASSISTANT_EMBEDDINGS = False
    settings.MOTCUA_ASSISTANT_CACHE_DIR = str(tmp_path / "assistant-cache")
    cache.clear()
    engine.reset()
    yield
    engine.reset()


@pytest.fixture
def catalogue(db):
    return make_catalogue()


@pytest.fixture
def retriever(catalogue):
    return engine.build(use_embeddings=False)
