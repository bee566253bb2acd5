"""Saving imported procedures: idempotence, the standard process, bundles, failures, export round trip."""

import copy
from decimal import Decimal

import pytest
from django.db import DatabaseError

from motcua.catalog import services
from motcua.catalog.importer.export import export_catalog
from motcua.catalog.importer.formats import from_motcua, from_national
from motcua.catalog.importer.run import Importer
from motcua.catalog.models import Fee, Field, ProcessStep, Procedure, ProcedureChannel, RequiredDocument

from .test_import_parsers import DRIVING_LICENCE, NATIONAL

pytestmark = pytest.mark.django_db


def national(**change):
    return {**copy.deepcopy(NATIONAL), **change}


class TestTimeLimitSplit:
    """Decision 0123: reception 0.5 h, return 0.5 h, the rest 70 % specialist / 30 % leader."""

    def hours(self, total):
        return [step.working_hours for step in services.split_time_limit(total)]

    def test_five_working_days(self):
        total = services.time_limit_hours(Decimal(5), "working-days")
        assert total == Decimal(40)
        assert self.hours(total) == [Decimal("0.5"), Decimal("27.30"), Decimal("11.70"), Decimal("0.5")]

    def test_shares_always_add_up_to_the_limit(self):
        for total in (Decimal("2"), Decimal("7.33"), Decimal("85.71"), Decimal("176")):
            assert sum(self.hours(total)) == total

    def test_under_two_hours_the_fixed_steps_take_a_quarter(self):
        assert self.hours(Decimal(1)) == [Decimal("0.25"), Decimal("0.35"), Decimal("0.15"), Decimal("0.25")]

    def test_unknown_limit_leaves_the_middle_steps_unset(self):
        assert self.hours(None) == [Decimal("0.5"), Decimal(0), Decimal(0), Decimal("0.5")]

    @pytest.mark.parametrize("duration, unit, hours", [
        (Decimal(8), "working-hours", Decimal(8)),
        (Decimal(15), "days", Decimal("85.71")),  # 15 × 8 × 5/7
        (Decimal(1), "months", Decimal(176)),     # 22 working days
        (Decimal(3), "", None),
    ])
    def test_units_as_working_hours(self, duration, unit, hours):
        assert services.time_limit_hours(duration, unit) == hours

    def test_default_process_follows_the_counter_channel(self):
        procedure = Procedure.objects.create(code="1.000001", name="Thử")
        ProcedureChannel.objects.create(procedure=procedure, channel="online", duration=1, duration_unit="working-days")
        ProcedureChannel.objects.create(procedure=procedure, channel="direct", duration=5,
                                        duration_unit="working-days", position=1)
        steps = services.default_process(procedure)
        assert [(s.position, s.role, s.working_hours) for s in steps] == [
            (1, "reception", Decimal("0.5")), (2, "specialist", Decimal("27.30")),
            (3, "leader", Decimal("11.70")), (4, "reception", Decimal("0.5"))]
        assert all(s.pk is None for s in steps)


class TestSave:
    def test_creates_the_procedure_and_its_parts(self):
        data = from_national(national(cach_thuc_thuc_hien=DRIVING_LICENCE, ten_thu_tuc="Đổi giấy phép lái xe"))
        assert services.save_procedures([data]) == (1, 0)
        procedure = Procedure.objects.get(code="1.001193")
        assert procedure.search_text == "1.001193 doi giay phep lai xe ho tich"
        assert procedure.field.name == "Hộ tịch" and procedure.levels == "commune"
        assert [f.amount for f in procedure.fees.all()] == [135000, 115000]
        assert procedure.channels.count() == 2 and procedure.documents.count() == 1
        assert [s.working_hours for s in procedure.process_steps.all()] == [
            Decimal("0.5"), Decimal("27.30"), Decimal("11.70"), Decimal("0.5")]

    def test_reimport_updates_and_never_duplicates(self):
        services.save_procedures([from_national(national())])
        counts = [m.objects.count() for m in (Procedure, ProcedureChannel, Fee, RequiredDocument, ProcessStep, Field)]
        changed = from_national(national(ten_thu_tuc="Thủ tục đăng ký khai sinh (sửa đổi)"))
        assert services.save_procedures([changed]) == (0, 1)
        assert [m.objects.count() for m in (Procedure, ProcedureChannel, Fee, RequiredDocument, ProcessStep,
                                            Field)] == counts
        assert Procedure.objects.get().name == "Thủ tục đăng ký khai sinh (sửa đổi)"

    def test_reimport_keeps_the_local_process_and_settings(self):
        services.save_procedures([from_national(national())])
        procedure = Procedure.objects.get()
        procedure.is_active, procedure.requires_verified_identity = False, True
        procedure.save()
        procedure.process_steps.filter(position=2).update(working_hours=Decimal(3))
        services.save_procedures([from_national(national())])
        procedure.refresh_from_db()
        assert (procedure.is_active, procedure.requires_verified_identity) == (False, True)
        assert procedure.process_steps.get(position=2).working_hours == Decimal(3)

    def test_reimport_of_a_procedure_without_parts(self):
        bare = national(cach_thuc_thuc_hien="", thanh_phan_ho_so="", can_cu_phap_ly="")
        services.save_procedures([from_national(bare)])
        assert services.save_procedures([from_national(bare)]) == (0, 1)
        assert Procedure.objects.get().channels.count() == 0

    def test_issues_are_stored_with_the_procedure(self):
        services.save_procedures([from_national(national())])
        assert len(Procedure.objects.get().import_issues) == 3


class TestImporter:
    def test_keeps_going_past_a_bad_record(self):
        importer = Importer()
        importer.add("a.jsonl:1", national())
        importer.add("a.jsonl:2", {"ma_thu_tuc": "", "ten_thu_tuc": "X"})
        importer.add("a.jsonl:3", national(ma_thu_tuc="1.000894", ten_thu_tuc="Đăng ký kết hôn"))
        report = importer.finish()
        assert report.summary() == "imported 2, updated 0, incomplete 2, failed 1"
        failed = [p for p in report.problems if p.status == "failed"]
        assert failed[0].source == "a.jsonl:2" and "invalid procedure code" in failed[0].reasons[0]

    def test_same_code_twice_in_one_batch(self):
        importer = Importer()
        importer.add("a:1", national())
        importer.add("a:2", national(ten_thu_tuc="Tên mới"))
        assert importer.finish().summary() == "imported 1, updated 1, incomplete 2, failed 0"
        assert Procedure.objects.get().name == "Tên mới"

    def test_a_batch_the_database_refuses_is_saved_record_by_record(self, monkeypatch):
        real = services.save_procedures

        def refuse_bad(batch):
            if any(data.code == "1.000894" for data in batch):
                raise DatabaseError("value too long")
            return real(batch)

        monkeypatch.setattr(services, "save_procedures", refuse_bad)
        importer = Importer(batch_size=10)
        for code in ("1.001193", "1.000894", "1.000656"):
            importer.add(code, national(ma_thu_tuc=code))
        report = importer.finish()
        assert (report.imported, report.failed) == (2, 1)
        assert set(Procedure.objects.values_list("code", flat=True)) == {"1.001193", "1.000656"}
        failed = [p for p in report.problems if p.status == "failed"]
        assert failed[0].code == "1.000894" and "database refused" in failed[0].reasons[0]

    @pytest.mark.postgres
    def test_a_value_too_long_fails_alone_and_nothing_of_it_is_saved(self):
        importer = Importer(batch_size=10)
        importer.add("a:1", national())
        importer.add("a:2", national(ma_thu_tuc="1.000894", so_quyet_dinh="Q" * 300))
        report = importer.finish()
        assert (report.imported, report.failed) == (1, 1)
        assert not Procedure.objects.filter(code="1.000894").exists()
        assert not ProcedureChannel.objects.filter(procedure__code="1.000894").exists()


def motcua_record(code, members=()):
    return {"code": code, "name": f"Thủ tục {code}", "field": "Hộ tịch", "levels": ["commune"], "channels": [],
            "bundle_members": [{"code": m, "unit_kind": "commune"} for m in members]}


class TestBundlesAndExport:
    def test_bundle_members_are_linked_after_every_batch(self):
        importer = Importer(batch_size=1)
        importer.add("x#1", motcua_record("2.000986", ["1.001193", "1.004222"]))
        importer.add("x#2", motcua_record("1.001193"))
        importer.add("x#3", motcua_record("1.004222"))
        report = importer.finish()
        assert report.summary() == "imported 3, updated 0, incomplete 0, failed 0"
        bundle = Procedure.objects.get(code="2.000986")
        assert [(m.member.code, m.unit_kind) for m in bundle.bundle_members.all()] == [
            ("1.001193", "commune"), ("1.004222", "commune")]

    def test_a_missing_member_is_reported_and_stored(self):
        importer = Importer()
        importer.add("x#1", motcua_record("2.000986", ["1.009999"]))
        report = importer.finish()
        assert report.incomplete == 1 and "1.009999" in report.problems[0].reasons[0]
        assert "1.009999" in Procedure.objects.get(code="2.000986").import_issues[0]

    def test_export_round_trips_through_import(self):
        importer = Importer()
        importer.add("a:1", national(cach_thuc_thuc_hien=DRIVING_LICENCE))
        importer.add("a:2", national(ma_thu_tuc="1.000894", ten_thu_tuc="Đăng ký kết hôn"))
        importer.add("x#1", motcua_record("2.000986", ["1.001193", "1.000894"]))
        importer.finish()
        Procedure.objects.filter(code="1.000894").update(is_active=False)
        ProcessStep.objects.filter(procedure__code="1.001193", position=2).update(name="Thẩm định tại chỗ")
        first = export_catalog()
        Procedure.objects.filter(code="2.000986").delete()
        Procedure.objects.all().delete()
        importer = Importer()
        for number, record in enumerate(first["procedures"]):
            importer.add(f"export#{number}", record)
        importer.finish()
        second = export_catalog()
        assert second["procedures"] == first["procedures"]
        assert first["procedures"][1]["process_steps"][1]["name"] == "Thẩm định tại chỗ"
        assert from_motcua(first["procedures"][0]).is_active is False
