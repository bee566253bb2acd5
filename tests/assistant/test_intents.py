from motcua.assistant.intents import aspects_of, parse


def test_aspects_asked():
    assert aspects_of("còn lệ phí bao nhiêu?") == ("fee",)
    assert aspects_of("mất bao lâu thì có kết quả") == ("time", "result")
    assert aspects_of("nop online duoc khong") == ("online",)
    assert aspects_of("cần mang giấy tờ gì") == ("documents",)


def test_follow_ups_have_no_new_subject():
    assert parse("còn lệ phí bao nhiêu?").is_follow_up
    assert parse("nộp online được không?").is_follow_up
    assert not parse("Đăng ký tạm trú cần giấy tờ gì?").is_follow_up
    assert not parse("Bố tôi vừa mất, làm giấy báo tử?").is_follow_up  # no aspect: a new question


def test_dossier_code_and_factor():
    intent = parse("Hồ sơ h15.50-251203-2035 của tôi đến đâu rồi? số cuối điện thoại 5678")
    assert intent.dossier_code == "H15.50-251203-2035" and intent.factor == "5678"
    assert parse("5678").factor == "5678"
    assert parse("mã 1.000656 cần gì").factor == ""  # the digits of a procedure code are no factor


def test_choices_and_procedure_codes():
    assert parse("2").choice == 2 and parse("chọn 3").choice == 3
    assert parse("thủ tục 1.000656").procedure_code == "1.000656"
