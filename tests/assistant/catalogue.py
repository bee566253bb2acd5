"""A small catalogue in the shape of the real one: variants by level, foreign element, mobile."""

from decimal import Decimal

from motcua.catalog.models import Fee, Field, Procedure, ProcedureChannel, RequiredDocument

# code, name, levels, field, online level, [(document, originals, copies)], fee (đồng) or None, days
PROCEDURES = [
    ("1.000656", "Thủ tục đăng ký khai tử", "commune", "Hộ tịch", "full",
     [("Tờ khai theo mẫu", 1, 0), ("Giấy báo tử hoặc giấy tờ thay thế giấy báo tử", 0, 1)], 0, 1),
    ("1.001766", "Thủ tục đăng ký khai tử có yếu tố nước ngoài", "commune", "Hộ tịch", "partial",
     [("Tờ khai theo mẫu", 1, 0), ("Giấy báo tử", 0, 1), ("Hộ chiếu của người chết", 0, 1)], 75000, 3),
    ("1.000419", "Thủ tục đăng ký khai tử lưu động", "commune", "Hộ tịch", "none",
     [("Tờ khai theo mẫu", 1, 0)], 0, 5),
    ("1.001193", "Thủ tục đăng ký khai sinh", "commune", "Hộ tịch", "full",
     [("Tờ khai theo mẫu", 1, 0), ("Giấy chứng sinh", 1, 0)], 0, 1),
    ("1.000894", "Thủ tục đăng ký kết hôn", "commune", "Hộ tịch", "full",
     [("Tờ khai đăng ký kết hôn", 1, 0)], 0, 5),
    ("1.014063", "Cấp đổi thẻ căn cước", "commune", "Cấp, quản lý căn cước", "partial",
     [("Thẻ căn cước đang sử dụng", 1, 0)], 50000, 7),
    ("2.001195", "Cấp đổi thẻ căn cước (thực hiện tại cấp tỉnh)", "province", "Cấp, quản lý căn cước", "partial",
     [("Thẻ căn cước đang sử dụng", 1, 0)], 50000, 7),
    ("1.012786", "Cấp lại Giấy chứng nhận do bị mất", "province", "Đất đai", "partial",
     [("Đơn đề nghị cấp lại Giấy chứng nhận", 1, 0), ("Giấy xác nhận của Ủy ban nhân dân cấp xã về việc niêm yết", 1, 0)],
     None, 10),
    ("1.012783", "Cấp đổi Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", "province",
     "Đất đai", "partial", [("Đơn đề nghị cấp đổi", 1, 0), ("Giấy chứng nhận đã cấp", 1, 0)], None, 7),
    ("3.000346", "Cấp giấy phép lái xe", "ministry", "Sát hạch, cấp giấy phép lái xe", "full",
     [("Đơn đề nghị cấp giấy phép lái xe", 1, 0)], 135000, 10),
    ("1.004194", "Đăng ký tạm trú", "commune", "Đăng ký, quản lý cư trú", "full",
     [("Tờ khai thay đổi thông tin cư trú", 1, 0), ("Giấy tờ chứng minh chỗ ở hợp pháp", 0, 1)], 15000, 3),
    ("1.004222", "Đăng ký thường trú", "commune", "Đăng ký, quản lý cư trú", "full",
     [("Tờ khai thay đổi thông tin cư trú", 1, 0), ("Giấy tờ chứng minh chỗ ở hợp pháp", 0, 1)], 20000, 7),
    ("1.001612", "Đăng ký thành lập hộ kinh doanh", "ministry commune", "Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)",
     "full", [("Giấy đề nghị đăng ký hộ kinh doanh", 1, 0)], 100000, 3),
]


def make_catalogue(skip: tuple[str, ...] = ()) -> dict[str, Procedure]:
    """Create the procedures above (but those in ``skip``, which another fixture already made)."""
    made = {}
    for code, name, levels, field, online, documents, fee, days in PROCEDURES:
        if code in skip:
            continue
        f, _ = Field.objects.get_or_create(name=field)
        p = Procedure.objects.create(code=code, name=name, levels=levels, field=f, online_level=online,
                                     implementing_agency="Ủy ban nhân dân cấp xã" if "commune" in levels else "Sở ngành",
                                     conditions="Người yêu cầu nộp đủ hồ sơ theo quy định.",
                                     result_text="Kết quả theo quy định của thủ tục.",
                                     legal_basis=[{"number": "Luật số 60/2014/QH13", "title": "Luật Hộ tịch"}])
        for pos, channel in enumerate(("direct", "online")):
            ProcedureChannel.objects.create(procedure=p, channel=channel, duration=Decimal(days),
                                            duration_unit="working-days", position=pos)
        for pos, (doc, originals, copies) in enumerate(documents):
            RequiredDocument.objects.create(procedure=p, name=doc, originals=originals, copies=copies, position=pos)
        Fee.objects.create(procedure=p, name="Lệ phí", amount=fee)
        made[code] = p
    return made
