import numpy as np

from motcua.assistant.corpus import ProcedureDoc, catalogue_version
from motcua.assistant.embeddings import cached_passages
from motcua.assistant.retrieval import Retriever, decisive


def codes(retriever, question, level=""):
    return [c.code for c in retriever.search(question, level)]


def test_colloquial_questions_find_the_procedure(retriever):
    assert codes(retriever, "Bố tôi vừa mất, làm giấy báo tử thế nào?")[0] == "1.000656"
    assert codes(retriever, "Bị mất sổ đỏ thì xin cấp lại thế nào")[0] == "1.012786"
    assert codes(retriever, "thuê phòng trọ thì đăng ký ở đâu")[0] == "1.004194"
    assert codes(retriever, "nhập hộ khẩu vào nhà chồng")[0] == "1.004222"
    assert codes(retriever, "mở quán tạp hóa nhỏ")[0] == "1.001612"


def test_questions_without_diacritics(retriever):
    assert codes(retriever, "bo toi mat roi lam giay bao tu o dau")[0] == "1.000656"
    assert codes(retriever, "lam mat so do phai lam sao")[0] == "1.012786"


def test_the_situation_picks_the_variant(retriever):
    assert codes(retriever, "Chồng tôi là người Hàn Quốc mất ở Việt Nam, đăng ký khai tử thế nào?")[0] == "1.001766"
    assert codes(retriever, "Bà tôi già yếu mất ở bản xa, cán bộ có đến tận nhà làm khai tử không")[0] == "1.000419"
    # without that situation the plain procedure comes first
    assert codes(retriever, "đăng ký khai tử cho mẹ")[0] == "1.000656"


def test_the_level_named_or_the_units_level_picks_the_variant(retriever):
    assert codes(retriever, "đổi thẻ căn cước ở xã")[0] == "1.014063"
    assert codes(retriever, "đổi thẻ căn cước ở tỉnh")[0] == "2.001195"
    assert codes(retriever, "đổi thẻ căn cước", level="province")[0] == "2.001195"
    assert codes(retriever, "đổi thẻ căn cước", level="commune")[0] == "1.014063"


def test_nothing_matching_gives_nothing(retriever):
    assert retriever.search("xyzzy qwerty") == []


class FakeEmbedder:
    """Vectors that make 'ABC' mean the second procedure: the dense score alone decides."""

    def __init__(self, vectors):
        self.vectors = vectors

    def query(self, text):
        return self.vectors[1] if "ABC" in text else self.vectors[0]


class CountingEmbedder(FakeEmbedder):
    def __init__(self, vectors):
        super().__init__(vectors)
        self.asked = []

    def query(self, text):
        self.asked.append(text)
        return super().query(text)


def test_dense_scores_take_part_in_the_ranking():
    docs = [ProcedureDoc("1", "Đăng ký khai sinh"), ProcedureDoc("2", "Đăng ký kết hôn")]
    vectors = np.eye(2, dtype=np.float32)
    retriever = Retriever(docs, vectors=vectors, embedder=FakeEmbedder(vectors))
    assert retriever.mode == "bm25+e5"
    assert [c.code for c in retriever.search("đăng ký ABC")][0] == "2"
    assert [c.code for c in retriever.search("đăng ký")][0] == "1"


def test_the_query_embedding_is_skipped_only_when_bm25_is_decisive():
    docs = [ProcedureDoc("1", "Đăng ký khai sinh"), ProcedureDoc("2", "Đăng ký kết hôn")]
    vectors = np.eye(2, dtype=np.float32)
    model = CountingEmbedder(vectors)
    retriever = Retriever(docs, vectors=vectors, embedder=model)
    assert codes(retriever, "đăng ký khai sinh ABC")[0] == "1"  # the name's words lead: e5 not asked
    assert model.asked == []
    assert codes(retriever, "đăng ký ABC")[0] == "2"  # a tie on BM25: the dense score decides
    assert model.asked == ["đăng ký ABC"]


def test_decisive_is_the_lead_of_the_best_score_over_the_second():
    assert decisive(np.array([0.5, 0.9, 0.79], dtype=np.float32), 0.1)
    assert not decisive(np.array([0.5, 0.9, 0.81], dtype=np.float32), 0.1)
    assert decisive(np.array([0.3], dtype=np.float32), 0.1) and not decisive(np.array([]), 0.1)


class CountingModel:
    def __init__(self):
        self.calls = 0

    def passages(self, texts):
        self.calls += 1
        return np.ones((len(texts), 3), dtype=np.float32)


def test_passage_vectors_are_cached_per_catalogue_version(tmp_path):
    docs = [ProcedureDoc("1", "Đăng ký khai sinh", stamp="a")]
    model = CountingModel()
    first = cached_passages(model, [d.passage for d in docs], tmp_path, catalogue_version(docs))
    again = cached_passages(model, [d.passage for d in docs], tmp_path, catalogue_version(docs))
    assert model.calls == 1 and np.array_equal(first, again)
    changed = [ProcedureDoc("1", "Đăng ký khai sinh", stamp="b")]  # re-imported: new version, new file
    assert catalogue_version(changed) != catalogue_version(docs)
    cached_passages(model, [d.passage for d in changed], tmp_path, catalogue_version(changed))
    assert model.calls == 2 and len(list(tmp_path.glob("passages-*.npy"))) == 2
