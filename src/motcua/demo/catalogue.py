"""The demo catalogue: common commune procedures and two of Sở Tư pháp, in the project's own words.

Codes are the national procedure codes (identifiers only, so demo dossiers line up with the national
catalogue when it is imported); names are shortened and every other text is written here. Fees and
time limits are realistic but illustrative: a real province publishes its own.
"""

from dataclasses import replace
from decimal import Decimal
from typing import NamedTuple

from motcua.accounts.models import Role
from motcua.catalog.importer.records import StepData
from motcua.catalog.models import Channel, DurationUnit, OnlineLevel
from motcua.catalog.services import split_time_limit

WD, WH = DurationUnit.WORKING_DAYS, DurationUnit.WORKING_HOURS
FULL, PARTIAL, NONE = OnlineLevel.FULL, OnlineLevel.PARTIAL, OnlineLevel.NONE
POLICE, SOCIAL_INSURANCE = "police", "social_insurance"  # Unit.Kind values of the handling units
HANDLED_ROLES = (Role.SPECIALIST, Role.LEADER)


class Doc(NamedTuple):
    name: str
    originals: int = 0
    copies: int = 0
    form: str = ""
    case: str = ""
    required: bool = True


class FeeSpec(NamedTuple):
    name: str
    amount: int | None  # đồng; None: set by the province, shown as "see details"
    conditions: str = ""
    channel: str = ""  # empty: every channel


class ProcedureSpec(NamedTuple):
    code: str
    name: str
    field: str
    limit: tuple[int, str]  # (amount, DurationUnit): working days or working hours
    online: str
    fees: tuple[FeeSpec, ...]
    documents: tuple[Doc, ...]
    result: str
    applicants: str = "Cá nhân"
    handler: str = ""  # unit kind doing the specialist and leader steps; empty: the receiving unit
    level: str = "commune"
    postal: bool = False
    conditions: str = ""
    legal: tuple[str, ...] = ()
    steps: tuple[StepData, ...] = ()  # empty: the catalogue's standard split of the time limit

    @property
    def hours(self) -> int:
        amount, unit = self.limit
        return amount * 8 if unit == WD else amount

    @property
    def channels(self) -> list[str]:
        return [Channel.DIRECT, *([Channel.ONLINE] if self.online != NONE else []),
                *([Channel.POSTAL] if self.postal else [])]

    def process(self) -> list[StepData]:
        """The internal process: explicit steps, or the standard split (catalog decision 0123) with
        the specialist and leader steps done by the handling unit."""
        if self.steps:
            return list(self.steps)
        return [replace(step, unit_kind=self.handler) if step.role in HANDLED_ROLES else step
                for step in split_time_limit(Decimal(self.hours))]


LAWS = {
    "hotich": {"number": "60/2014/QH13", "title": "Luật Hộ tịch", "issued": "2014-11-20", "issuer": "Quốc hội"},
    "nd123": {"number": "123/2015/NĐ-CP", "title": "Nghị định quy định chi tiết một số điều và biện pháp thi hành "
              "Luật Hộ tịch", "issued": "2015-11-15", "issuer": "Chính phủ"},
    "chungthuc": {"number": "23/2015/NĐ-CP", "title": "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ "
                  "bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch", "issued": "2015-02-16",
                  "issuer": "Chính phủ"},
    "phichungthuc": {"number": "226/2016/TT-BTC", "title": "Thông tư quy định mức thu, chế độ thu, nộp phí chứng "
                     "thực", "issued": "2016-11-11", "issuer": "Bộ Tài chính"},
    "cutru": {"number": "68/2020/QH14", "title": "Luật Cư trú", "issued": "2020-11-13", "issuer": "Quốc hội"},
    "datdai": {"number": "31/2024/QH15", "title": "Luật Đất đai", "issued": "2024-01-18", "issuer": "Quốc hội"},
    "xaydung": {"number": "50/2014/QH13", "title": "Luật Xây dựng", "issued": "2014-06-18", "issuer": "Quốc hội"},
    "bhyt": {"number": "25/2008/QH12", "title": "Luật Bảo hiểm y tế", "issued": "2008-11-14", "issuer": "Quốc hội"},
    "lienthong": {"number": "63/2024/NĐ-CP", "title": "Nghị định quy định thực hiện liên thông điện tử nhóm thủ "
                  "tục hành chính", "issued": "2024-06-10", "issuer": "Chính phủ"},
}

HOTICH, CHUNGTHUC, CUTRU = "Hộ tịch", "Chứng thực", "Đăng ký, quản lý cư trú"
HKD, DATDAI, XAYDUNG = "Thành lập và hoạt động của hộ kinh doanh", "Đất đai", "Hoạt động xây dựng"
GIAMNGHEO, BHYT, LLTP, QUOCTICH = "Giảm nghèo", "Bảo hiểm y tế", "Lý lịch tư pháp", "Quốc tịch"

FREE = (FeeSpec("Lệ phí", 0, "Không thu lệ phí"),)
ID_PAPER = Doc("Giấy tờ tùy thân có ảnh của người nộp (căn cước, hộ chiếu) — xuất trình, không nộp", 1,
               case="Không cần nếu đã xác thực bằng tài khoản định danh điện tử mức 2")
AUTHORISATION = Doc("Văn bản ủy quyền có chứng thực", 1, case="Khi nhờ người khác nộp thay", required=False)

PROCEDURES = (
    # --- civil status (hộ tịch) --------------------------------------------------------------------
    ProcedureSpec(
        "1.001193", "Đăng ký khai sinh", HOTICH, (1, WD), FULL, (
            FeeSpec("Lệ phí đăng ký khai sinh", 0, "Miễn lệ phí khi đăng ký đúng hạn"),),
        (Doc("Tờ khai đăng ký khai sinh", 1, form="Tờ khai đăng ký khai sinh"),
         Doc("Giấy chứng sinh do cơ sở y tế cấp", 1,
             case="Không có giấy chứng sinh: văn bản của người làm chứng hoặc giấy cam đoan về việc sinh"),
         ID_PAPER, AUTHORISATION),
        "Giấy khai sinh (bản chính) và số định danh cá nhân của trẻ", legal=("hotich", "nd123"), postal=True,
        applicants="Cha, mẹ, ông, bà hoặc người thân thích đang nuôi dưỡng trẻ"),
    ProcedureSpec(
        "1.000656", "Đăng ký khai tử", HOTICH, (1, WD), FULL, (
            FeeSpec("Lệ phí đăng ký khai tử", 0, "Miễn lệ phí khi đăng ký đúng hạn"),),
        (Doc("Tờ khai đăng ký khai tử", 1, form="Tờ khai đăng ký khai tử"),
         Doc("Giấy báo tử hoặc giấy tờ thay giấy báo tử", 1), ID_PAPER),
        "Trích lục khai tử (bản chính)", legal=("hotich", "nd123"),
        applicants="Vợ, chồng, con, cha, mẹ hoặc người thân thích của người chết"),
    ProcedureSpec(
        "1.000894", "Đăng ký kết hôn", HOTICH, (1, WD), PARTIAL, (
            FeeSpec("Lệ phí đăng ký kết hôn", 0, "Miễn lệ phí"),),
        (Doc("Tờ khai đăng ký kết hôn (hai bên cùng ký hoặc mỗi bên một tờ)", 1, form="Tờ khai đăng ký kết hôn"),
         Doc("Giấy xác nhận tình trạng hôn nhân", 1, case="Khi một bên cư trú ở xã, phường khác"), ID_PAPER),
        "Giấy chứng nhận kết hôn, mỗi bên một bản chính", legal=("hotich", "nd123"),
        applicants="Hai bên nam, nữ cùng có mặt khi nhận giấy chứng nhận",
        conditions="Đủ tuổi kết hôn, tự nguyện, không thuộc trường hợp cấm kết hôn"),
    ProcedureSpec(
        "1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân", HOTICH, (3, WD), FULL, (
            FeeSpec("Lệ phí cấp giấy xác nhận tình trạng hôn nhân", 10000),),
        (Doc("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", 1, form="Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"),
         Doc("Giấy tờ chứng minh đã ly hôn hoặc người vợ/chồng đã chết", 0, 1, case="Người đã từng kết hôn"),
         ID_PAPER),
        "Giấy xác nhận tình trạng hôn nhân (có giá trị 6 tháng)", legal=("hotich", "nd123"), postal=True),
    ProcedureSpec(
        "1.001022", "Đăng ký nhận cha, mẹ, con", HOTICH, (3, WD), PARTIAL, (
            FeeSpec("Lệ phí đăng ký nhận cha, mẹ, con", 15000),),
        (Doc("Tờ khai đăng ký nhận cha, mẹ, con", 1, form="Tờ khai đăng ký nhận cha, mẹ, con"),
         Doc("Văn bản giám định ADN hoặc chứng cứ khác về quan hệ cha, mẹ, con", 1), ID_PAPER),
        "Trích lục đăng ký nhận cha, mẹ, con", legal=("hotich", "nd123"),
        conditions="Các bên cùng có mặt; không có tranh chấp"),
    ProcedureSpec(
        "1.004859", "Thay đổi, cải chính, bổ sung thông tin hộ tịch", HOTICH, (3, WD), PARTIAL, (
            FeeSpec("Lệ phí thay đổi, cải chính hộ tịch", 15000, "Miễn cho trẻ em dưới 14 tuổi thuộc hộ nghèo"),),
        (Doc("Tờ khai thay đổi, cải chính, bổ sung thông tin hộ tịch", 1,
             form="Tờ khai thay đổi, cải chính, bổ sung thông tin hộ tịch"),
         Doc("Giấy tờ làm căn cứ cho việc thay đổi, cải chính", 0, 1), ID_PAPER),
        "Trích lục thay đổi, cải chính, bổ sung hộ tịch", legal=("hotich", "nd123")),
    ProcedureSpec(
        "2.000635", "Cấp bản sao trích lục hộ tịch, bản sao giấy khai sinh", HOTICH, (1, WD), FULL, (
            FeeSpec("Phí cấp bản sao trích lục hộ tịch", 8000, "8.000 đồng/bản sao"),),
        (Doc("Tờ khai cấp bản sao trích lục hộ tịch", 1, form="Tờ khai cấp bản sao trích lục hộ tịch"), ID_PAPER),
        "Bản sao trích lục hộ tịch, bản sao giấy khai sinh", legal=("hotich", "nd123"), postal=True),
    ProcedureSpec(
        "1.004884", "Đăng ký lại khai sinh", HOTICH, (5, WD), PARTIAL, (
            FeeSpec("Lệ phí đăng ký lại khai sinh", 5000),),
        (Doc("Tờ khai đăng ký lại khai sinh", 1, form="Tờ khai đăng ký lại khai sinh"),
         Doc("Giấy tờ còn lưu giữ có thông tin về việc khai sinh", 0, 1), ID_PAPER),
        "Giấy khai sinh (bản chính) ghi \"Đăng ký lại\"", legal=("hotich", "nd123"),
        conditions="Việc khai sinh đã đăng ký trước đây nhưng sổ hộ tịch và bản chính giấy khai sinh đều bị mất"),
    ProcedureSpec(
        "1.004837", "Đăng ký giám hộ", HOTICH, (3, WD), PARTIAL, (
            FeeSpec("Lệ phí đăng ký giám hộ", 10000),),
        (Doc("Tờ khai đăng ký giám hộ", 1, form="Tờ khai đăng ký giám hộ"),
         Doc("Văn bản cử người giám hộ", 1, case="Giám hộ cử"), ID_PAPER),
        "Trích lục đăng ký giám hộ", legal=("hotich", "nd123")),
    ProcedureSpec(
        "1.003583", "Đăng ký khai sinh lưu động", HOTICH, (1, WD), NONE, (
            FeeSpec("Lệ phí đăng ký khai sinh", 0, "Miễn lệ phí"),),
        (Doc("Tờ khai đăng ký khai sinh (cán bộ tư pháp hỗ trợ điền tại nhà)", 1, form="Tờ khai đăng ký khai sinh"),
         Doc("Giấy chứng sinh hoặc giấy tờ thay thế", 1)),
        "Giấy khai sinh, trao tại nơi đăng ký lưu động",
        legal=("hotich", "nd123"), applicants="Người dân ở vùng xa, người già yếu, khuyết tật không tự đi được"),
    ProcedureSpec(
        "1.000593", "Đăng ký kết hôn lưu động", HOTICH, (1, WD), NONE, (
            FeeSpec("Lệ phí đăng ký kết hôn", 0, "Miễn lệ phí"),),
        (Doc("Tờ khai đăng ký kết hôn", 1, form="Tờ khai đăng ký kết hôn"),
         Doc("Giấy xác nhận tình trạng hôn nhân", 1, case="Khi một bên cư trú ở xã, phường khác")),
        "Giấy chứng nhận kết hôn, trao tận nơi", legal=("hotich", "nd123"),
        applicants="Người già yếu, ốm đau, khuyết tật không thể đến trụ sở"),
    ProcedureSpec(
        "2.002516", "Xác nhận thông tin hộ tịch", HOTICH, (3, WD), FULL, (
            FeeSpec("Lệ phí xác nhận thông tin hộ tịch", 15000),),
        (Doc("Tờ khai đề nghị xác nhận thông tin hộ tịch", 1, form="Tờ khai xác nhận thông tin hộ tịch"), ID_PAPER),
        "Văn bản xác nhận thông tin hộ tịch", legal=("hotich", "nd123"), postal=True),
    # --- certification (chứng thực) -----------------------------------------------------------------
    ProcedureSpec(
        "2.000815", "Chứng thực bản sao từ bản chính", CHUNGTHUC, (4, WH), PARTIAL, (
            FeeSpec("Phí chứng thực bản sao từ bản chính", 2000,
                    "2.000 đồng/trang cho trang thứ nhất và thứ hai; từ trang thứ ba 1.000 đồng/trang; "
                    "tối đa 200.000 đồng/bản"),),
        (Doc("Bản chính giấy tờ, văn bản cần chứng thực (đối chiếu rồi trả lại)", 1),
         Doc("Bản sao cần chứng thực", 0, 1, case="Người yêu cầu tự mang theo hoặc đề nghị chụp tại quầy")),
        "Bản sao có chứng thực", legal=("chungthuc", "phichungthuc"),
        conditions="Tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo"),
    ProcedureSpec(
        "2.000884", "Chứng thực chữ ký trong giấy tờ, văn bản", CHUNGTHUC, (4, WH), NONE, (
            FeeSpec("Phí chứng thực chữ ký", 10000, "10.000 đồng/trường hợp"),),
        (Doc("Giấy tờ, văn bản cần chứng thực chữ ký (người yêu cầu ký trước mặt người thực hiện)", 1), ID_PAPER),
        "Giấy tờ, văn bản đã được chứng thực chữ ký", legal=("chungthuc", "phichungthuc")),
    ProcedureSpec(
        "2.001019", "Chứng thực di chúc", CHUNGTHUC, (2, WD), NONE, (
            FeeSpec("Phí chứng thực di chúc", 50000, "50.000 đồng/di chúc"),),
        (Doc("Dự thảo di chúc", 1), ID_PAPER,
         Doc("Giấy tờ chứng minh quyền sở hữu, quyền sử dụng tài sản", 0, 1,
             case="Di chúc định đoạt tài sản phải đăng ký")),
        "Di chúc đã được chứng thực", legal=("chungthuc", "phichungthuc"),
        conditions="Người lập di chúc minh mẫn, tự mình yêu cầu chứng thực"),
    ProcedureSpec(
        "2.001035", "Chứng thực hợp đồng, giao dịch về động sản, quyền sử dụng đất, nhà ở", CHUNGTHUC, (2, WD), NONE, (
            FeeSpec("Phí chứng thực hợp đồng, giao dịch", 50000, "50.000 đồng/hợp đồng, giao dịch"),),
        (Doc("Dự thảo hợp đồng, giao dịch", 1), ID_PAPER,
         Doc("Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở hoặc giấy tờ về tài sản", 0, 1)),
        "Hợp đồng, giao dịch đã được chứng thực", legal=("chungthuc", "phichungthuc")),
    ProcedureSpec(
        "2.001406", "Chứng thực văn bản phân chia di sản", CHUNGTHUC, (2, WD), NONE, (
            FeeSpec("Phí chứng thực văn bản phân chia di sản", 50000, "50.000 đồng/văn bản"),),
        (Doc("Dự thảo văn bản phân chia di sản", 1),
         Doc("Giấy chứng tử hoặc trích lục khai tử của người để lại di sản", 0, 1),
         Doc("Giấy tờ chứng minh quan hệ với người để lại di sản", 0, 1), ID_PAPER),
        "Văn bản phân chia di sản đã được chứng thực", legal=("chungthuc", "phichungthuc")),
    # --- residence (cư trú): received at the commune centre, handled by the police ----------------------
    ProcedureSpec(
        "1.004222", "Đăng ký thường trú", CUTRU, (7, WD), FULL, (
            FeeSpec("Lệ phí đăng ký thường trú", 20000, channel=Channel.DIRECT),
            FeeSpec("Lệ phí đăng ký thường trú trực tuyến", 10000, channel=Channel.ONLINE)),
        (Doc("Tờ khai thay đổi thông tin cư trú", 1, form="Tờ khai thay đổi thông tin cư trú (CT01)"),
         Doc("Giấy tờ chứng minh chỗ ở hợp pháp", 0, 1),
         Doc("Ý kiến đồng ý của chủ hộ hoặc chủ sở hữu chỗ ở", 1, case="Nhập vào hộ hoặc chỗ ở của người khác")),
        "Thông tin thường trú được cập nhật vào Cơ sở dữ liệu về cư trú; thông báo cho người đăng ký",
        handler=POLICE, legal=("cutru",)),
    ProcedureSpec(
        "1.004194", "Đăng ký tạm trú", CUTRU, (3, WD), FULL, (
            FeeSpec("Lệ phí đăng ký tạm trú", 15000, channel=Channel.DIRECT),
            FeeSpec("Lệ phí đăng ký tạm trú trực tuyến", 7000, channel=Channel.ONLINE)),
        (Doc("Tờ khai thay đổi thông tin cư trú", 1, form="Tờ khai thay đổi thông tin cư trú (CT01)"),
         Doc("Hợp đồng thuê, mượn nhà hoặc giấy tờ chứng minh chỗ ở hợp pháp", 0, 1)),
        "Thông tin tạm trú được cập nhật vào Cơ sở dữ liệu về cư trú", handler=POLICE, legal=("cutru",)),
    ProcedureSpec(
        "1.010028", "Xóa đăng ký tạm trú", CUTRU, (1, WD), FULL, FREE,
        (Doc("Tờ khai thay đổi thông tin cư trú", 1, form="Tờ khai thay đổi thông tin cư trú (CT01)"),),
        "Thông tin tạm trú được xóa khỏi Cơ sở dữ liệu về cư trú", handler=POLICE, legal=("cutru",)),
    ProcedureSpec(
        "1.003677", "Khai báo tạm vắng", CUTRU, (1, WD), FULL, FREE,
        (Doc("Tờ khai thay đổi thông tin cư trú", 1, form="Tờ khai thay đổi thông tin cư trú (CT01)"),
         Doc("Văn bản đồng ý của cơ quan quản lý", 1, case="Người đang chấp hành án hoặc bị quản lý theo quy định")),
        "Phiếu khai báo tạm vắng", handler=POLICE, legal=("cutru",)),
    ProcedureSpec(
        "1.010041", "Xác nhận thông tin về cư trú", CUTRU, (4, WH), FULL, FREE,
        (Doc("Tờ khai thay đổi thông tin cư trú (ghi rõ nội dung cần xác nhận)", 1,
             form="Tờ khai thay đổi thông tin cư trú (CT01)"),),
        "Giấy xác nhận thông tin về cư trú", handler=POLICE, legal=("cutru",)),
    # --- household business (hộ kinh doanh) -----------------------------------------------------------
    ProcedureSpec(
        "1.001612", "Đăng ký thành lập hộ kinh doanh", HKD, (3, WD), FULL, (
            FeeSpec("Lệ phí đăng ký hộ kinh doanh", 100000, channel=Channel.DIRECT),
            FeeSpec("Lệ phí đăng ký hộ kinh doanh qua mạng", 0, "Miễn lệ phí khi đăng ký trực tuyến",
                    channel=Channel.ONLINE)),
        (Doc("Giấy đề nghị đăng ký hộ kinh doanh", 1, form="Giấy đề nghị đăng ký hộ kinh doanh"),
         Doc("Biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh", 0, 1,
             case="Các thành viên hộ gia đình cùng đăng ký"),
         Doc("Văn bản ủy quyền cho thành viên làm chủ hộ", 0, 1, required=False)),
        "Giấy chứng nhận đăng ký hộ kinh doanh", applicants="Cá nhân, thành viên hộ gia đình", postal=True),
    ProcedureSpec(
        "2.000720", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", HKD, (3, WD), FULL, (
            FeeSpec("Lệ phí đăng ký thay đổi", 50000, channel=Channel.DIRECT),
            FeeSpec("Lệ phí đăng ký thay đổi qua mạng", 0, "Miễn lệ phí khi đăng ký trực tuyến",
                    channel=Channel.ONLINE)),
        (Doc("Thông báo thay đổi nội dung đăng ký hộ kinh doanh", 1,
             form="Thông báo thay đổi nội dung đăng ký hộ kinh doanh"),
         Doc("Giấy chứng nhận đăng ký hộ kinh doanh đã cấp", 1)),
        "Giấy chứng nhận đăng ký hộ kinh doanh (cấp mới theo nội dung thay đổi)", applicants="Chủ hộ kinh doanh",
        postal=True),
    ProcedureSpec(
        "1.001570", "Tạm ngừng hoặc tiếp tục kinh doanh trước thời hạn của hộ kinh doanh", HKD, (3, WD), FULL, FREE,
        (Doc("Thông báo tạm ngừng hoặc tiếp tục kinh doanh", 1,
             form="Thông báo về việc tạm ngừng/tiếp tục kinh doanh"),),
        "Giấy xác nhận về việc hộ kinh doanh đăng ký tạm ngừng hoặc tiếp tục kinh doanh",
        applicants="Chủ hộ kinh doanh", postal=True),
    ProcedureSpec(
        "1.001266", "Chấm dứt hoạt động hộ kinh doanh", HKD, (3, WD), FULL, FREE,
        (Doc("Thông báo chấm dứt hoạt động hộ kinh doanh", 1,
             form="Thông báo về việc chấm dứt hoạt động hộ kinh doanh"),
         Doc("Giấy chứng nhận đăng ký hộ kinh doanh (bản gốc)", 1),
         Doc("Thông báo của cơ quan thuế về việc hoàn thành nghĩa vụ thuế", 0, 1)),
        "Thông báo về việc chấm dứt hoạt động hộ kinh doanh", applicants="Chủ hộ kinh doanh", postal=True),
    # --- land and building (đất đai, xây dựng) -----------------------------------------------------------
    ProcedureSpec(
        "1.013978", "Đăng ký đất đai, cấp Giấy chứng nhận lần đầu cho hộ gia đình, cá nhân", DATDAI, (20, WD),
        PARTIAL, (
            FeeSpec("Lệ phí cấp Giấy chứng nhận", 100000, "Hộ gia đình, cá nhân ở phường"),
            FeeSpec("Phí thẩm định hồ sơ cấp Giấy chứng nhận", None, "Theo nghị quyết của Hội đồng nhân dân tỉnh")),
        (Doc("Đơn đăng ký đất đai, tài sản gắn liền với đất", 1, form="Mẫu số 04/ĐK"),
         Doc("Giấy tờ về quyền sử dụng đất (nếu có)", 0, 1),
         Doc("Sơ đồ, bản vẽ nhà ở, công trình xây dựng", 0, 1, case="Có tài sản gắn liền với đất", required=False)),
        "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", applicants="Hộ gia đình, cá nhân",
        legal=("datdai",)),
    ProcedureSpec(
        "1.012812", "Hòa giải tranh chấp đất đai", DATDAI, (30, WD), NONE, FREE,
        (Doc("Đơn yêu cầu hòa giải tranh chấp đất đai", 1),
         Doc("Giấy tờ, tài liệu liên quan đến thửa đất tranh chấp", 0, 1, required=False)),
        "Biên bản hòa giải thành hoặc hòa giải không thành", legal=("datdai",)),
    ProcedureSpec(
        "1.013225", "Cấp giấy phép xây dựng mới nhà ở riêng lẻ, công trình cấp III, cấp IV", XAYDUNG, (15, WD),
        PARTIAL, (
            FeeSpec("Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ", 75000),
            FeeSpec("Lệ phí cấp giấy phép xây dựng công trình khác", 150000)),
        (Doc("Đơn đề nghị cấp giấy phép xây dựng", 1, form="Đơn đề nghị cấp giấy phép xây dựng"),
         Doc("Giấy tờ về quyền sử dụng đất", 0, 1),
         Doc("Bản vẽ thiết kế: mặt bằng, mặt cắt, mặt đứng, móng và đấu nối hạ tầng", 2)),
        "Giấy phép xây dựng", applicants="Chủ đầu tư, hộ gia đình, cá nhân", legal=("xaydung",)),
    # --- social policy (chính sách xã hội) ----------------------------------------------------------------
    ProcedureSpec(
        "1.011607", "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm", GIAMNGHEO, (10, WD), NONE, FREE,
        (Doc("Giấy đề nghị xét duyệt hộ nghèo, hộ cận nghèo", 1, form="Giấy đề nghị xét duyệt"),),
        "Giấy chứng nhận hộ nghèo, hộ cận nghèo", applicants="Hộ gia đình có hoàn cảnh khó khăn phát sinh trong năm"),
    ProcedureSpec(
        "1.011608", "Công nhận hộ thoát nghèo, hộ thoát cận nghèo trong năm", GIAMNGHEO, (10, WD), NONE, FREE,
        (Doc("Giấy đề nghị công nhận hộ thoát nghèo, thoát cận nghèo", 1, form="Giấy đề nghị xét duyệt"),),
        "Quyết định công nhận hộ thoát nghèo, hộ thoát cận nghèo", applicants="Hộ nghèo, hộ cận nghèo"),
    ProcedureSpec(
        "1.001939", "Cấp thẻ bảo hiểm y tế cho người chỉ tham gia bảo hiểm y tế (trẻ em dưới 6 tuổi...)", BHYT,
        (5, WD), PARTIAL, (FeeSpec("Phí cấp thẻ", 0, "Không thu phí; trẻ em dưới 6 tuổi do ngân sách đóng"),),
        (Doc("Tờ khai tham gia, điều chỉnh thông tin bảo hiểm xã hội, bảo hiểm y tế", 1, form="Tờ khai TK1-TS"),),
        "Thẻ bảo hiểm y tế (bản giấy hoặc trên ứng dụng)", handler=SOCIAL_INSURANCE, legal=("bhyt",)),
    # --- Sở Tư pháp, received at the provincial centre -------------------------------------------------
    ProcedureSpec(
        "3.000333", "Cấp Phiếu lý lịch tư pháp", LLTP, (10, WD), FULL, (
            FeeSpec("Phí cung cấp thông tin lý lịch tư pháp", 200000),
            FeeSpec("Phí cho sinh viên, người có công với cách mạng", 100000, "Xuất trình thẻ hoặc giấy chứng nhận"),
            FeeSpec("Phí cho trẻ em, người cao tuổi, người khuyết tật, hộ nghèo", 0, "Miễn phí")),
        (Doc("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", 1, form="Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp"),
         ID_PAPER),
        "Phiếu lý lịch tư pháp số 1 hoặc số 2", level="province", postal=True,
        applicants="Công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam"),
    ProcedureSpec(
        "1.005136", "Cấp Giấy xác nhận có quốc tịch Việt Nam", QUOCTICH, (20, WD), PARTIAL, (
            FeeSpec("Lệ phí xác nhận có quốc tịch Việt Nam", 100000),),
        (Doc("Tờ khai đề nghị xác nhận có quốc tịch Việt Nam", 1, form="Tờ khai xác nhận có quốc tịch Việt Nam"),
         Doc("Giấy tờ chứng minh đã từng có quốc tịch Việt Nam", 0, 1), Doc("Ảnh 4x6 cm", 2)),
        "Giấy xác nhận có quốc tịch Việt Nam", level="province"),
)

# The linked bundle (nhóm thủ tục liên thông): one application, three results, three units.
BUNDLE = ProcedureSpec(
    "2.000986", "Liên thông đăng ký khai sinh – đăng ký thường trú – cấp thẻ BHYT cho trẻ dưới 6 tuổi", HOTICH,
    (10, WD), FULL, (FeeSpec("Lệ phí", 0, "Miễn lệ phí đăng ký khai sinh; lệ phí thường trú theo mức trực tuyến"),),
    (Doc("Tờ khai liên thông (khai sinh, thường trú, bảo hiểm y tế)", 1, form="Tờ khai điện tử liên thông"),
     Doc("Giấy chứng sinh", 1), Doc("Ý kiến đồng ý của chủ hộ nơi trẻ đăng ký thường trú", 1,
                                     case="Trẻ đăng ký thường trú vào hộ không phải của cha, mẹ")),
    "Giấy khai sinh, thông tin thường trú của trẻ và thẻ bảo hiểm y tế", legal=("hotich", "cutru", "bhyt", "lienthong"),
    applicants="Cha, mẹ hoặc người giám hộ của trẻ em dưới 6 tuổi", postal=True,
    steps=tuple(StepData(name, role, Decimal(hours), kind) for name, role, kind, hours in (
        ("Tiếp nhận hồ sơ liên thông", Role.RECEPTION, "", 1),
        ("Đăng ký khai sinh, cấp số định danh cá nhân", Role.SPECIALIST, "", 6),
        ("Ký giấy khai sinh", Role.LEADER, "", 1),
        ("Đăng ký thường trú cho trẻ", Role.SPECIALIST, POLICE, 32),
        ("Phê duyệt đăng ký thường trú", Role.LEADER, POLICE, 8),
        ("Cấp thẻ bảo hiểm y tế", Role.SPECIALIST, SOCIAL_INSURANCE, 20),
        ("Phê duyệt cấp thẻ", Role.LEADER, SOCIAL_INSURANCE, 8),
        ("Trả kết quả liên thông", Role.RECEPTION, "", 4),
    )),
)
BUNDLE_MEMBERS = (("1.001193", ""), ("1.004222", POLICE), ("1.001939", SOCIAL_INSURANCE))

ALL_PROCEDURES = (*PROCEDURES, BUNDLE)
