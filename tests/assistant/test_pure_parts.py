from django.test import override_settings

from motcua.assistant.conversation import State
from motcua.assistant.evaluation import first_hit, percentile, report
from motcua.assistant.rewording import is_grounded, numbers


def test_token_round_trip_and_tampering():
    state = State(code="1.000656", choices=("1.000656", "1.001766"))
    assert State.from_token(state.to_token()) == state
    assert State.from_token(state.to_token() + "x") == State()
    assert State.from_token("") == State() and State.from_token("garbage") == State()


@override_settings(MOTCUA_ASSISTANT_CONVERSATION_SECONDS=-1)
def test_an_expired_token_starts_over():
    assert State.from_token(State(code="1.000656").to_token()) == State()


def test_percentile_is_nearest_rank():
    assert percentile([5, 1, 4, 2, 3], 0.5) == 3
    assert percentile(list(range(1, 101)), 0.95) == 95
    assert percentile([], 0.95) == 0.0


def test_report_counts_hits_and_reciprocal_ranks():
    ranked = [["a", "b"], ["x", "y", "a"], ["x"] * 10]
    figures = report(ranked, [["a"], ["a"], ["a"]], [0.010, 0.020, 0.030])
    assert (figures.hit1, figures.hit5, figures.hit10) == (1 / 3, 2 / 3, 2 / 3)
    assert abs(figures.mrr - (1 + 1 / 3) / 3) < 1e-9
    assert figures.p50_ms == 20 and figures.p95_ms == 30
    assert first_hit(["x", "a"], ["a", "b"]) == 2 and first_hit(["x"], ["a"]) is None


def test_rewording_keeps_only_grounded_output():
    facts = "Phí, lệ phí:\n• Lệ phí — 135.000 đồng\nHồ sơ cần nộp:\n• Đơn đề nghị cấp giấy phép lái xe (1 bản chính)"
    assert numbers("135.000 đồng, 5 ngày") == {"135000", "5"}
    assert is_grounded("Bạn nộp đơn đề nghị cấp giấy phép lái xe, lệ phí 135.000 đồng.", facts)
    assert not is_grounded("Lệ phí 150.000 đồng.", facts)  # invented fee
    assert not is_grounded("Mang theo giấy khám sức khỏe.", facts)  # invented document


def test_rewording_falls_back_to_the_template(settings, monkeypatch):
    from motcua.assistant import rewording

    settings.MOTCUA_ASSISTANT_LLM_URL = "http://127.0.0.1:9/v1"
    monkeypatch.setattr(rewording, "_complete", lambda text: "Lệ phí chỉ 10.000 đồng thôi!")
    assert rewording.reword("Lệ phí — 135.000 đồng") == "Lệ phí — 135.000 đồng"
    monkeypatch.setattr(rewording, "_complete", lambda text: "Bạn đóng lệ phí 135.000 đồng.")
    assert rewording.reword("Lệ phí — 135.000 đồng") == "Bạn đóng lệ phí 135.000 đồng."

    def down(text):
        raise OSError("connection refused")

    monkeypatch.setattr(rewording, "_complete", down)
    assert rewording.reword("Lệ phí — 135.000 đồng") == "Lệ phí — 135.000 đồng"
    settings.MOTCUA_ASSISTANT_LLM_URL = ""
    assert rewording.reword("x") == "x"
