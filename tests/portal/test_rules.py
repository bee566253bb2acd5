"""Pure rules and wording of the portal, with plain values."""

from types import SimpleNamespace

import pytest

from motcua.dossiers.workflow import ACTIONS, State
from motcua.portal import rules, wording


@pytest.mark.parametrize("name,masked", [
    ("Nguyễn Văn An", "Nguyễn V. A."),
    ("  Trần   thị   bích  ngọc ", "Trần T. B. N."),
    ("Đỗ Đức", "Đỗ Đ."),
    ("An", "A."),  # a one-word name never appears whole
    ("", ""),
])
def test_names_are_masked_to_family_name_and_initials(name, masked):
    assert rules.mask_name(name) == masked


@pytest.mark.parametrize("factor,phone,id_number,ok", [
    ("5678", "0912345678", "001098012345", True),    # last 4 of the phone
    ("2345", "0912345678", "001098012345", True),    # last 4 of the ID number
    ("1234", "0912345678", "001098012345", False),
    ("5678", "0912 345 678", "", True),             # spaces as typed at the counter
    ("", "", "", False),
    ("xxxx", "", "001098012345", False),             # the filler for a missing phone never matches
    ("0000", "", "", False),
    ("12345", "0912345", "", False),                # exactly 4 digits
    ("4567", "", "0101234567", True),                # a tax code's last 4 digits
])
def test_the_second_factor_is_the_last_4_digits_of_phone_or_id(factor, phone, id_number, ok):
    assert rules.factor_matches(factor, phone, id_number) is ok


def test_codes_are_normalised_and_recognised_by_shape():
    assert rules.normalise_code(" h15.50 - 251203-2035 ") == "H15.50-251203-2035"
    assert rules.is_dossier_code("H15.50-251203-2035")
    assert rules.is_dossier_code("000.17.22.H56-210531-0001")  # TT 01/2018 style
    assert not rules.is_dossier_code("H15.50-2512-2035")
    assert not rules.is_dossier_code("khai sinh")


def doc(pk, required=True, case=""):
    return SimpleNamespace(pk=pk, is_required=required, case=case)


def test_only_required_papers_of_the_common_case_block_submission():
    documents = [doc(1), doc(2), doc(3, case="Trường hợp ủy quyền"), doc(4, required=False)]
    assert [d.pk for d in rules.missing_documents(documents, set())] == [1, 2]
    assert [d.pk for d in rules.missing_documents(documents, {1})] == [2]
    assert rules.missing_documents(documents, {1, 2}) == []


def test_only_delivery_by_post_needs_an_address():
    assert rules.needs_address("post")
    assert not any(rules.needs_address(d) for d in ("counter", "locker", "electronic"))


def test_every_workflow_action_has_plain_words_and_every_state_a_next_step():
    assert set(ACTIONS) <= set(wording.EVENT_TEXT)
    assert set(State.LABELS) == set(wording.TODO)
    assert wording.event_text("forward", step="Thẩm định") == "Hồ sơ được chuyển sang bước: Thẩm định"
    assert wording.event_text("transfer", unit="Công an xã") == (
        "Hồ sơ được chuyển tới Công an xã để phối hợp giải quyết")
    assert wording.event_text("some_new_action") == "Hồ sơ được cập nhật"
    assert wording.todo(State.COMPLETED, "Qua bưu chính") == (
        "Đã có kết quả. Bạn nhận kết quả theo cách đã chọn: qua bưu chính.")


def test_supplements_hand_back_with_the_action_the_workflow_allows_the_applicant():
    for state, action in wording.SUPPLEMENT_ACTION.items():
        assert state in ACTIONS[action].sources and "applicant" in ACTIONS[action].actors
