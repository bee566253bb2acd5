"""Answers never state a document, fee or time limit the procedure record does not have.

Property-style: for many procedures — generated ones with random documents, fees and time limits,
and a slice of the real national catalogue — every number in the answer is a value of the record,
and every document listed is one of the record's documents.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.assistant.dialogue import ASPECT_NAMES, answer_procedure
from motcua.catalog.models import Fee, Procedure, ProcedureChannel, RequiredDocument

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "catalog"
NUMBER = re.compile(r"\d+(?:\.\d{3})*(?:,\d+)?")  # 135.000 and 0,5: the Vietnamese style
ALL_ASPECTS = tuple(a for a in ASPECT_NAMES if a != "process")


def value(token: str) -> Decimal:
    """'135.000' → 135000, '0,5' → 0.5, '1.000656' → 1000656: the page's Vietnamese number style."""
    if "," in token:
        return Decimal(token.replace(".", "").replace(",", ".")).normalize()
    return Decimal(token.replace(".", "")).normalize()


def numbers_in(text: str) -> set[Decimal]:
    return {value(t) for t in NUMBER.findall(text or "")}


def record_numbers(p: Procedure) -> set[Decimal]:
    """Every number the record holds: its fields' own values and the numbers written in its texts."""
    found = set()
    texts = [p.code, p.name, p.conditions, p.result_text, p.steps_text, p.receiving_address, p.implementing_agency,
             p.competent_agency, *(f"{i.get('number', '')} {i.get('title', '')}" for i in p.legal_basis or [])]
    for d in p.documents.all():
        texts += [d.name, d.case, d.form_template]
        found |= {Decimal(d.originals), Decimal(d.copies)}
    for f in p.fees.all():
        texts += [f.name, f.conditions]
        found |= {Decimal(f.amount).normalize()} if f.amount is not None else set()
        found |= {f.foreign_amount.normalize()} if f.foreign_amount is not None else set()
    for c in p.channels.all():
        texts.append(c.description)
        found |= {c.duration.normalize()} if c.duration is not None else set()
    for text in texts:
        found |= numbers_in(text)
    return found


def check_grounded(procedure: Procedure) -> None:
    reply = answer_procedure(procedure.code, ALL_ASPECTS)
    stray = numbers_in(reply.text) - record_numbers(procedure)
    assert not stray, f"{procedure.code}: numbers not in the record: {stray}\n{reply.text}"
    names = [" ".join(d.name.split()) for d in procedure.documents.all()]
    for fact in reply.facts:
        if fact.aspect == "documents":
            for line in fact.lines:
                assert line.startswith("…") or any(line.startswith(name) for name in names), line
        if fact.aspect == "fee":
            fee_names = [f.name for f in procedure.fees.all()]
            assert all(any(name in line for name in fee_names) or line.startswith("Hồ sơ thủ tục không ghi")
                       for line in fact.lines)


WORDS = st.sampled_from(["giấy", "tờ khai", "bản sao", "đơn", "chứng nhận", "đất", "căn cước", "hộ khẩu", "mẫu",
                         "số 02/TK", "năm 2024", "theo Nghị định 123/2015/NĐ-CP", "của", "người", "con"])
DOCUMENT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
DOCS = st.lists(st.tuples(DOCUMENT, st.integers(0, 3), st.integers(0, 3)), max_size=12)
FEES = st.lists(st.one_of(st.none(), st.integers(0, 5_000_000)), max_size=3)
TIMES = st.lists(st.tuples(st.sampled_from(["direct", "online", "postal"]),
                           st.one_of(st.none(), st.decimals("0.5", "90", places=1)),
                           st.sampled_from(["working-days", "days", "months", "working-hours"])), max_size=3)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=DOCS, fees=FEES, times=TIMES, conditions=st.sampled_from(["", "Đủ 18 tuổi trở lên", "Có nhà ở hợp pháp"]))
def test_generated_procedures_answer_only_from_their_record(docs, fees, times, conditions):
    Procedure.objects.filter(code="9.999999").delete()
    p = Procedure.objects.create(code="9.999999", name="Thủ tục thử", levels="commune", conditions=conditions,
                                 online_level="partial")
    RequiredDocument.objects.bulk_create(RequiredDocument(procedure=p, name=n, originals=o, copies=c, position=i)
                                         for i, (n, o, c) in enumerate(docs))
    Fee.objects.bulk_create(Fee(procedure=p, name=f"Lệ phí {i + 1}", amount=a, position=i) for i, a in enumerate(fees))
    ProcedureChannel.objects.bulk_create(ProcedureChannel(procedure=p, channel=ch, duration=d, duration_unit=u,
                                                          position=i) for i, (ch, d, u) in enumerate(times))
    check_grounded(p)


@pytest.mark.django_db
def test_real_catalogue_records_answer_only_from_their_record():
    path = SHARED / "dvcqg_procedures_7_bodies.jsonl"
    if not path.exists():
        pytest.skip("shared data not present")
    from motcua.catalog.importer.run import Importer, read_records

    importer = Importer()
    for source, record in read_records(path)[::20]:  # 133 records spread over the seven ministries
        importer.add(source, record)
    importer.finish()
    procedures = Procedure.objects.prefetch_related("documents", "fees", "channels")
    assert procedures.count() > 100
    for procedure in procedures:
        check_grounded(procedure)


@pytest.mark.django_db
def test_the_check_catches_an_invented_fee_or_document(catalogue, monkeypatch):
    """The property above can fail: an answer that adds a number or a document is caught."""
    from motcua.assistant import dialogue

    real_render = dialogue.render
    monkeypatch.setattr(dialogue, "render", lambda pf, aspects: (real_render(pf, aspects)[0] + "\nLệ phí: 30.000 đồng",
                                                                 real_render(pf, aspects)[1]))
    with pytest.raises(AssertionError, match="numbers not in the record"):
        check_grounded(catalogue["1.000656"])
    monkeypatch.setattr(dialogue, "render", real_render)
    catalogue["1.000656"].documents.first().delete()
    from motcua.assistant import facts

    monkeypatch.setattr(facts, "documents_fact", lambda docs: facts.Fact("documents", "Hồ sơ", ("Sổ hộ khẩu",), "x"))
    with pytest.raises(AssertionError, match="Sổ hộ khẩu"):
        check_grounded(catalogue["1.000656"])
