"""The in-process index against the database: what it holds and when it is rebuilt."""

import pytest
from django.utils import timezone

from motcua.catalog import search
from motcua.catalog.models import Field, Procedure, UnitProcedure

from .catalogue_samples import make_catalogue

pytestmark = pytest.mark.django_db


def found(text, **filters) -> list[str]:
    ids = search.search(text, search.Filters(**filters))
    by_id = Procedure.objects.in_bulk(ids)
    return [by_id[pk].code for pk in ids]


def test_index_holds_active_procedures_only():
    make_catalogue()
    assert "1.999999" not in found("ket hon")
    assert found("ket hon")[0] == "1.000894"


def test_new_renamed_and_deleted_procedures_are_seen_at_once():
    made = make_catalogue()
    assert "1.000419" not in found("khai tu")
    Procedure.objects.create(code="1.000419", name="Thủ tục đăng ký khai tử")
    assert found("khai tu")[0] == "1.000419"
    made["1.002804"].name = "Đổi giấy phép lái xe"
    made["1.002804"].save()
    assert found("doi giay phep")[0] == "1.002804"
    made["1.001193"].delete()
    assert "1.001193" not in found("khai sinh")


def test_deactivated_procedure_disappears():
    made = make_catalogue()
    made["1.000894"].is_active = False
    made["1.000894"].save()
    assert "1.000894" not in found("dang ky ket hon")


def test_unchanged_catalogue_reuses_the_index():
    make_catalogue()
    assert search.current_index() is search.current_index()


def test_changes_invisible_to_the_fingerprint_wait_for_the_rebuild_period(monkeypatch):
    make_catalogue()
    search.current_index()
    Field.objects.filter(name="Đường bộ").update(name="Giao thông vận tải")  # no procedure row changes
    assert found("giao thong") == []  # the index built before the rename still answers
    monkeypatch.setattr(search, "REBUILD_AFTER", 0.0)
    assert found("giao thong") == ["1.002804"]


def test_changes_from_other_processes_are_seen_within_the_check_period(monkeypatch):
    make_catalogue()
    search.current_index()
    # a queryset update sends no signal, like a write made by another process or a bulk import
    Procedure.objects.filter(code="1.002804").update(name="Cấp chứng chỉ hành nghề kiến trúc", updated_at=timezone.now())
    assert found("kien truc") == []  # checked less than CHECK_EVERY ago: the old index answers
    monkeypatch.setattr(search, "CHECK_EVERY", 0.0)
    assert found("kien truc") == ["1.002804"]


def test_unit_filter_uses_enabled_unit_procedures(org):
    made = make_catalogue()
    UnitProcedure.objects.create(unit=org.commune_a, procedure=made["1.000894"])
    UnitProcedure.objects.create(unit=org.commune_a, procedure=made["1.004746"], is_enabled=False)
    UnitProcedure.objects.create(unit=org.commune_b, procedure=made["2.000806"])
    enabled = frozenset(UnitProcedure.objects.filter(unit=org.commune_a, is_enabled=True)
                        .values_list("procedure_id", flat=True))
    assert found("ket hon", procedure_ids=enabled) == ["1.000894"]
