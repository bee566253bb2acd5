from motcua.assistant.conversation import State
from motcua.assistant.dialogue import answer_question, base_name


def ask(retriever, question, state=State(), **kw):
    return answer_question(question, retriever, state, **kw)


def test_a_clear_question_gets_the_procedure_its_facts_and_links(retriever):
    result = ask(retriever, "Bố tôi vừa mất, làm giấy báo tử thế nào?")
    reply = result.reply
    assert reply.kind == "answer" and reply.procedure["code"] == "1.000656"
    assert reply.procedure["url"] == "/thu-tuc/1.000656/" and reply.procedure["submit_url"] == "/ho-so/nop/1.000656/"
    assert "Giấy báo tử hoặc giấy tờ thay thế giấy báo tử (1 bản sao)" in reply.text
    assert "Trực tiếp: 1 ngày làm việc" in reply.text and "Miễn phí" in reply.text
    assert "Nguồn: Cơ sở dữ liệu thủ tục hành chính, trang /thu-tuc/1.000656/" in reply.text
    assert {f.source for f in reply.facts} >= {"catalog.RequiredDocument", "catalog.ProcedureChannel", "catalog.Fee"}
    assert result.state.code == "1.000656"


def test_follow_ups_refer_to_the_procedure_under_discussion(retriever):
    first = ask(retriever, "Thuê phòng trọ ở phường mới thì đăng ký tạm trú thế nào?")
    assert first.reply.procedure["code"] == "1.004194"
    state = State.from_token(first.state.to_token())  # the token travels through the client
    fee = ask(retriever, "còn lệ phí bao nhiêu?", state)
    assert fee.reply.procedure["code"] == "1.004194"
    assert [f.aspect for f in fee.reply.facts] == ["fee"] and "15.000 đồng" in fee.reply.text
    online = ask(retriever, "nộp online được không?", fee.state)
    assert [f.aspect for f in online.reply.facts] == ["online"]
    assert "Nộp trực tuyến: /ho-so/nop/1.004194/" in online.reply.text


def test_without_a_procedure_under_discussion_a_follow_up_is_searched(retriever):
    result = ask(retriever, "còn lệ phí bao nhiêu?")
    assert result.reply.kind in {"choose", "clarify", "answer", "not_found"}
    assert result.state.code == "" or result.reply.kind == "answer"


def test_level_variants_get_one_clarifying_question_then_the_choice_answers(retriever):
    result = ask(retriever, "thẻ căn cước bị mờ muốn đổi thẻ")
    assert result.reply.kind == "clarify"
    assert {c["code"] for c in result.reply.choices} == {"1.014063", "2.001195"}
    picked = ask(retriever, "2", result.state)
    assert picked.reply.kind == "answer" and picked.reply.procedure["code"] == result.state.choices[1]


def test_the_units_level_settles_the_variant(retriever, org):
    result = ask(retriever, "thẻ căn cước bị mờ muốn đổi thẻ", unit=org.commune_a)
    assert result.reply.kind == "answer" and result.reply.procedure["code"] == "1.014063"


def test_a_procedure_code_is_answered_directly(retriever):
    result = ask(retriever, "thủ tục 3.000346 lệ phí bao nhiêu")
    assert result.reply.procedure["code"] == "3.000346" and "135.000 đồng" in result.reply.text


def test_an_unknown_fee_is_said_to_be_unknown_never_guessed(retriever):
    result = ask(retriever, "thủ tục 1.012786 lệ phí bao nhiêu")
    assert "Lệ phí — xem chi tiết" in result.reply.text


def test_staff_get_the_internal_process_with_hours_per_step(retriever):
    result = ask(retriever, "thủ tục 1.000656", staff=True)
    process = next(f for f in result.reply.facts if f.aspect == "process")
    # 1 working day = 8 h: reception 0.5, specialist 70 % of 7 h, leader the rest, return 0.5 (decision 0123)
    assert process.lines == ("Bước 1: Tiếp nhận hồ sơ — 0,5 giờ làm việc", "Bước 2: Thẩm định, xử lý hồ sơ — 4,9 giờ làm việc",
                             "Bước 3: Phê duyệt kết quả — 2,1 giờ làm việc", "Bước 4: Trả kết quả — 0,5 giờ làm việc")
    assert process.source == "catalog.services.default_process"
    citizen = ask(retriever, "thủ tục 1.000656")
    assert "process" not in {f.aspect for f in citizen.reply.facts}


def test_nonsense_is_not_answered(retriever):
    assert ask(retriever, "xyzzy qwerty").reply.kind == "not_found"
    assert ask(retriever, "   ").reply.kind == "empty"


def test_base_name_drops_the_level_qualifier():
    assert base_name("Cấp đổi thẻ căn cước (thực hiện tại cấp tỉnh)") == base_name("Cấp đổi thẻ căn cước")
    assert base_name("Thủ tục đăng ký khai tử") == "đăng ký khai tử"
