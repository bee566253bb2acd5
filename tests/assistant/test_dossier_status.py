"""A dossier code in a question: its status only with the public lookup's second factor."""

import pytest

from motcua.assistant import engine
from motcua.assistant.conversation import State
from motcua.assistant.dialogue import answer_question
from motcua.dossiers import services
from tests.fixtures_dossiers import at


@pytest.fixture
def retriever(world):
    """Over the dossier world's own procedures (its 1.001193 would clash with the test catalogue)."""
    return engine.build(use_embeddings=False)


@pytest.fixture
def received(world):
    applicant = services.Applicant(name="Nguyễn Văn An", id_number="001098012345", phone="0912345678")
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                        actor=world.citizen, owner=world.citizen, submit=True, now=at(2026, 3, 2, 7, 50))
    return services.perform(d, "accept", world.reception, now=at(2026, 3, 2, 8, 0))


def test_without_the_factor_nothing_is_revealed_and_it_is_asked_for(received, retriever):
    result = answer_question(f"Hồ sơ {received.code} của tôi đến đâu rồi?", retriever, client="192.0.2.1")
    assert result.reply.kind == "need_factor" and result.reply.status is None
    assert received.procedure.name not in result.reply.text and "Nguyễn" not in result.reply.text
    assert result.state.dossier == received.code


def test_the_factor_in_the_next_message_shows_the_status(received, retriever):
    waiting = answer_question(f"tra cứu hồ sơ {received.code}", retriever, client="192.0.2.1")
    result = answer_question("5678", retriever, State.from_token(waiting.state.to_token()), client="192.0.2.1")
    assert result.reply.kind == "status" and result.reply.status["code"] == received.code
    assert "Đã tiếp nhận" in result.reply.text or result.reply.status["status"] in result.reply.text
    assert result.state.code == received.procedure.code  # follow-ups now refer to its procedure


def test_a_wrong_factor_and_an_unknown_code_read_the_same(received, retriever):
    wrong = answer_question(f"hồ sơ {received.code} số 0000", retriever, client="192.0.2.1")
    unknown = answer_question("hồ sơ H99.50-260302-0777 số 5678", retriever, client="192.0.2.1")
    assert wrong.reply.kind == unknown.reply.kind == "status"
    assert wrong.reply.text == unknown.reply.text and wrong.reply.status is None


def test_guessing_hits_the_lookup_limits(received, retriever, settings):
    settings.MOTCUA_LOOKUP_RATE_PER_CODE = "2/3600"
    for factor in ("0001", "0002"):
        answer_question(f"hồ sơ {received.code} {factor}", retriever, client="192.0.2.9")
    result = answer_question(f"hồ sơ {received.code} 5678", retriever, client="192.0.2.9")
    assert result.reply.kind == "limited"
