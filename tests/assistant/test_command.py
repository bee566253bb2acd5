import json

import pytest
from django.core.management import CommandError, call_command


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("ask", *args, stdout=out)
    return out.getvalue()


def test_one_question_as_json(catalogue):
    line = json.loads(run("Bố tôi vừa mất, làm giấy báo tử thế nào?", "--json", "--no-embeddings"))
    assert line["procedures"][0]["code"] == "1.000656" and "Giấy báo tử" in line["answer"]
    assert set(line) == {"q", "procedures", "answer"} and len(line["procedures"]) <= 10


def test_batch_prints_one_line_per_question(catalogue, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"q": "đăng ký tạm trú"}\n\n{"q": "mất sổ đỏ"}\n', encoding="utf-8")
    lines = [json.loads(line) for line in run("--batch", str(batch), "--json", "--no-embeddings").splitlines()]
    assert [line["procedures"][0]["code"] for line in lines] == ["1.004194", "1.012786"]


def test_eval_reports_hits_mrr_and_latency(catalogue, tmp_path):
    labelled = tmp_path / "gold.jsonl"
    labelled.write_text('{"q": "đăng ký tạm trú", "gold": ["1.004194"]}\n'
                        '{"q": "mất sổ đỏ", "gold": ["3.000346"]}\n', encoding="utf-8")
    figures = json.loads(run("--eval", str(labelled), "--json", "--no-embeddings"))
    assert figures["questions"] == 2 and figures["hit1"] == 0.5 and figures["mode"] == "bm25"
    assert figures["p95_ms"] >= figures["p50_ms"] >= 0


@pytest.mark.parametrize("args, message", [
    ((), "exactly one"),
    (("câu hỏi", "--eval", "x.jsonl"), "exactly one"),
    (("--eval", "/nonexistent.jsonl"), "cannot read"),
    (("khai sinh", "--unit-code", "X99.99"), "no unit with code X99.99"),
])
def test_bad_input_exits_2_with_a_message(catalogue, args, message):
    with pytest.raises(CommandError, match=message) as raised:
        run(*args, "--no-embeddings")
    assert raised.value.returncode == 2


def test_a_line_that_is_not_json_is_named(catalogue, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"q": "khai sinh", "gold": []}\n{oops\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2 is not JSON"):
        run("--eval", str(bad), "--no-embeddings")
    bad.write_text('{"question": "khai sinh"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 1 lacks q"):
        run("--batch", str(bad), "--no-embeddings")
