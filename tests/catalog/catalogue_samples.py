"""A small catalogue in the shape of the real one, for the search and page tests.

Names and codes follow the national database (1.000894 is marriage registration, 1.001193 birth
registration); the figures are the ones the pages must show (8.000 đồng, 135.000 đồng).
"""

from decimal import Decimal

from motcua.catalog.models import Channel, DurationUnit, Fee, Field, Procedure, ProcedureChannel, RequiredDocument

# code, name, field, levels, online level
PROCEDURES = [
    ("1.000894", "Thủ tục đăng ký kết hôn", "Hộ tịch", "commune", "partial"),
    ("1.004746", "Thủ tục đăng ký lại kết hôn", "Hộ tịch", "commune", "none"),
    ("2.000806", "Thủ tục đăng ký kết hôn có yếu tố nước ngoài", "Hộ tịch", "commune", "partial"),
    ("2.002189", "Thủ tục ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết ở nước ngoài",
     "Hộ tịch", "commune", "none"),
    ("1.001193", "Thủ tục đăng ký khai sinh", "Hộ tịch", "commune", "full"),
    ("1.000656", "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân", "Hộ tịch", "commune", "full"),
    ("1.002804", "Cấp lại giấy phép lái xe", "Đường bộ", "province", "partial"),
    ("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", "province commune", "none"),
    ("3.000150", "Cấp giấy phép kinh doanh dịch vụ lữ hành quốc tế", "Du lịch", "ministry", "full"),
]


def make_catalogue() -> dict[str, Procedure]:
    """The procedures above, by code, plus one inactive (repealed) marriage procedure."""
    fields = {name: Field.objects.get_or_create(name=name)[0] for name in {p[2] for p in PROCEDURES}}
    made = {code: Procedure.objects.create(code=code, name=name, field=fields[field], levels=levels,
                                           online_level=online)
            for code, name, field, levels, online in PROCEDURES}
    Procedure.objects.create(code="1.999999", name="Thủ tục đăng ký kết hôn (đã bãi bỏ)", field=fields["Hộ tịch"],
                             levels="commune", is_active=False)
    return made


def make_birth_registration_details(procedure: Procedure) -> Procedure:
    """Channels, fees and documents of birth registration, as the detail page shows them."""
    procedure.applicants = "Công dân Việt Nam"
    procedure.implementing_agency = "Ủy ban nhân dân cấp xã"
    procedure.receiving_address = "Bộ phận Một cửa UBND cấp xã nơi cư trú của người cha hoặc người mẹ"
    procedure.conditions = "Không có"
    procedure.steps_text = "Bước 1: Nộp tờ khai và giấy chứng sinh.\n\nBước 2: Nhận Giấy khai sinh."
    procedure.result_text = "Giấy khai sinh (bản chính)"
    procedure.legal_basis = [{"number": "60/2014/QH13", "title": "Luật Hộ tịch", "issued": "20/11/2014",
                              "issuer": "Quốc hội"}]
    procedure.requires_verified_identity = True
    procedure.save()
    ProcedureChannel.objects.create(procedure=procedure, channel=Channel.DIRECT, duration=Decimal("1.00"),
                                    duration_unit=DurationUnit.WORKING_DAYS, position=0,
                                    description="Ngay trong ngày làm việc nếu nộp trước 15 giờ")
    ProcedureChannel.objects.create(procedure=procedure, channel=Channel.ONLINE, duration=Decimal("0.50"),
                                    duration_unit=DurationUnit.WORKING_DAYS, position=1)
    Fee.objects.create(procedure=procedure, channel=Channel.DIRECT, name="Lệ phí đăng ký khai sinh quá hạn",
                       amount=8000, position=0)
    Fee.objects.create(procedure=procedure, channel="", name="Phí cấp bản sao trích lục", amount=None,
                       conditions="Theo mức thu do Hội đồng nhân dân tỉnh quy định", position=1)
    Fee.objects.create(procedure=procedure, channel=Channel.ONLINE, name="Lệ phí đăng ký khai sinh", amount=0,
                       position=2)
    RequiredDocument.objects.create(procedure=procedure, name="Tờ khai đăng ký khai sinh", originals=1,
                                    form_template="Mẫu TKKS", position=0)
    RequiredDocument.objects.create(procedure=procedure, name="Giấy chứng sinh", originals=1, copies=1, position=1)
    RequiredDocument.objects.create(procedure=procedure, name="Văn bản ủy quyền", originals=1, is_required=False,
                                    case="Trường hợp ủy quyền đi đăng ký", position=2)
    return procedure
