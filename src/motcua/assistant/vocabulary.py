"""What people say → what the catalogue says (từ ngữ thông dụng → thuật ngữ chính thức).

Citizens ask about "sổ đỏ", "hộ khẩu", "bằng lái"; procedure names say "Giấy chứng nhận quyền sử
dụng đất", "đăng ký thường trú", "giấy phép lái xe". ``expand`` appends the official terms to a
question before retrieval. ``QUALIFIERS`` name the variants of one procedure (with foreign element,
mobile, at the border, re-registration, …): a variant is preferred only when the question mentions
its situation, and set back when it does not.

Phrases are written with diacritics; a question typed without any is matched on folded phrases.
"""

import re
from dataclasses import dataclass
from functools import cache

from motcua.core.text import fold

from .text import normalise

# Losing a paper. A bare "mất" is not here: "bố tôi vừa mất" means he died (khai tử), not a loss.
LOSS = ("bị mất", "làm mất", "đánh mất", "mất giấy", "mất sổ", "mất thẻ", "mất bằng", "mất hộ chiếu", "mất cà vẹt",
        "mất biển", "mất bản", "mất căn cước", "mất cccd", "mất đăng ký", "mất giấy phép", "thất lạc", "rơi mất",
        "đánh rơi", "bị trộm", "bị cháy")

# (colloquial phrases, official wording). Order does not matter; every match adds its wording.
SYNONYMS: list[tuple[tuple[str, ...], str]] = [
    (("sổ đỏ", "sổ hồng", "bìa đỏ", "bìa hồng", "sổ đất", "giấy đất", "sổ nhà đất", "giấy tờ đất"),
     "giấy chứng nhận quyền sử dụng đất"),
    (("làm sổ", "cấp sổ lần đầu", "chưa có sổ"), "đăng ký cấp giấy chứng nhận quyền sử dụng đất lần đầu"),
    (("tách sổ", "chia đất", "chia mảnh đất", "tách đất", "gộp sổ", "gộp đất", "gộp hai mảnh"), "tách thửa hợp thửa đất"),
    (("lên thổ cư", "chuyển đất vườn", "chuyển đất nông nghiệp", "chuyển sang đất ở"),
     "chuyển mục đích sử dụng đất"),
    (("tranh chấp đất", "lấn đất", "lấn chiếm đất", "cãi nhau về đất", "ranh giới đất"), "hòa giải tranh chấp đất đai"),
    (("hộ khẩu", "nhập khẩu", "nhập hộ khẩu", "chuyển khẩu", "thường trú"), "đăng ký thường trú"),
    (("cắt khẩu", "cắt hộ khẩu", "xóa hộ khẩu", "xóa tên khỏi hộ khẩu"), "xóa đăng ký thường trú"),
    (("tách khẩu", "tách hộ khẩu", "ra ở riêng", "tách sổ hộ khẩu"), "tách hộ"),
    (("ở trọ", "thuê trọ", "phòng trọ", "nhà trọ", "ở thuê", "thuê nhà", "tạm trú"), "đăng ký tạm trú"),
    (("khách ở qua đêm", "khách đến chơi", "ngủ lại", "ở nhờ", "báo lưu trú", "khách nghỉ lại"), "thông báo lưu trú"),
    (("đi vắng", "vắng nhà", "đi làm xa", "đi xa nhà", "tạm vắng"), "khai báo tạm vắng"),
    (("xác nhận cư trú", "giấy xác nhận cư trú", "xác nhận nơi ở", "giấy xác nhận nơi cư trú"), "xác nhận thông tin về cư trú"),
    (("bằng lái", "giấy phép lái", "bằng xe máy", "bằng ô tô", "bằng b2", "bằng a1", "bằng c"), "giấy phép lái xe"),
    (("căn cước công dân", "cccd", "chứng minh thư", "cmnd", "chứng minh nhân dân", "thẻ cc", "căn cước"),
     "thẻ căn cước"),
    (("vneid", "định danh mức 2", "định danh mức hai", "tài khoản định danh", "định danh điện tử"),
     "tài khoản định danh điện tử mức độ 02 căn cước điện tử"),
    (("giấy báo tử", "báo tử", "khai tử", "qua đời", "từ trần", "chết", "vừa mất", "mới mất", "đã mất", "mất rồi",
      "chứng tử", "giấy chứng tử", "tạ thế"),
     "đăng ký khai tử"),
    (("giấy khai sinh", "làm khai sinh", "mới sinh", "sinh con", "đẻ con", "em bé", "cháu bé", "trẻ mới sinh",
      "khai sinh"), "đăng ký khai sinh"),
    (("cưới", "lấy vợ", "lấy chồng", "giấy kết hôn", "giấy đăng ký kết hôn", "đăng ký kết hôn"), "đăng ký kết hôn"),
    (("độc thân", "giấy độc thân", "chưa vợ", "chưa chồng", "tình trạng hôn nhân"),
     "cấp giấy xác nhận tình trạng hôn nhân"),
    (("công chứng", "photo công chứng", "sao y", "bản sao y", "chứng thực bản sao"),
     "chứng thực bản sao từ bản chính"),
    (("chứng thực chữ ký", "ký xác nhận chữ ký", "xác nhận chữ ký"), "chứng thực chữ ký"),
    (("tiền án", "tiền sự", "lý lịch tư pháp", "lý lịch"), "cấp phiếu lý lịch tư pháp"),
    (("passport", "hộ chiếu"), "hộ chiếu phổ thông"),
    (("làm hộ chiếu", "xin hộ chiếu", "hộ chiếu lần đầu"), "cấp hộ chiếu phổ thông ở trong nước"),
    (("visa",), "thị thực"),
    (("đăng kiểm", "kiểm định xe"), "cấp giấy chứng nhận kiểm định tem kiểm định an toàn kỹ thuật bảo vệ môi trường xe"),
    (("mã số thuế", "mst"), "đăng ký thuế mã số thuế"),
    (("thuế thu nhập cá nhân", "thuế tncn", "quyết toán thuế"), "quyết toán thuế thu nhập cá nhân"),
    (("khắc dấu", "con dấu"), "đăng ký mẫu con dấu"),
    (("xây nhà", "xin phép xây", "giấy phép xây", "sửa nhà", "cơi nới"), "cấp giấy phép xây dựng nhà ở riêng lẻ"),
    (("đăng ký xe", "biển số", "cà vẹt", "giấy tờ xe", "đăng ký xe máy", "đăng ký ô tô", "biển xe"),
     "đăng ký xe cấp chứng nhận đăng ký xe biển số"),
    (("sang tên xe", "mua xe cũ", "bán xe"), "đăng ký sang tên xe chứng nhận đăng ký xe"),
    (("mở quán", "buôn bán", "bán hàng", "kinh doanh nhỏ", "mở tiệm", "mở cửa hàng", "bán tạp hóa", "kinh doanh cá thể",
      "quán ăn", "quán cà phê", "quán nước", "tiệm", "hộ cá thể", "đăng ký kinh doanh"),
     "đăng ký thành lập hộ kinh doanh"),
    (("nhà nghỉ", "nhà trọ kinh doanh", "karaoke", "cửa hàng gas", "cầm đồ", "kinh doanh có điều kiện", "an ninh trật tự"),
     "giấy chứng nhận đủ điều kiện về an ninh trật tự"),
    (("sửa chữa nhà", "cải tạo nhà", "sửa chữa cải tạo", "nâng tầng"), "giấy phép xây dựng sửa chữa cải tạo"),
    (("xe mới mua", "mua xe mới", "mới mua xe", "xe mới"), "đăng ký xe lần đầu"),
    (("mở công ty", "lập công ty", "thành lập công ty"), "đăng ký thành lập doanh nghiệp"),
    (("nhận con nuôi", "xin con nuôi", "nuôi con nuôi"), "đăng ký việc nuôi con nuôi"),
    (("sửa tên", "đổi tên cho con", "sai tên", "viết sai", "đổi họ", "cải chính", "sai dấu", "khai sinh ghi sai"),
     "thay đổi cải chính bổ sung thông tin hộ tịch"),
    (("bản sao giấy khai sinh", "trích lục", "xin lại bản sao"), "cấp bản sao trích lục hộ tịch"),
    (("nhận con", "nhận cha", "nhận bố", "nhận mẹ", "con riêng", "con ngoài giá thú"), "đăng ký nhận cha mẹ con"),
    (("người giám hộ", "giám hộ"), "đăng ký giám hộ"),
    (("di chúc", "thừa kế"), "chứng thực di chúc văn bản phân chia di sản"),
    (("hợp đồng mua bán", "hợp đồng tặng cho", "hợp đồng cho thuê", "hợp đồng thế chấp"),
     "chứng thực hợp đồng giao dịch"),
    (("đi bộ đội", "nghĩa vụ quân sự", "khám tuyển quân", "nhập ngũ"), "nghĩa vụ quân sự"),
    (("pháo hoa", "pháo tết"), "pháo hoa"),
    (("súng săn", "súng hơi", "súng thể thao"), "vũ khí thể thao"),
    (("súng", "vũ khí"), "vũ khí"),
    (("tàu cá", "thuyền đánh cá", "ghe"), "tàu cá"),
    (("an toàn thực phẩm", "vệ sinh thực phẩm"), "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"),
    (LOSS, "cấp lại"),
    (("hỏng", "rách", "nhòe", "mờ", "bong tróc", "hết hạn", "cũ quá", "sai thông tin trên thẻ"), "cấp đổi"),
]

# Words that say where (cấp) the citizen goes; they set the level prior, not the text.
LEVEL_CUES: dict[str, tuple[str, ...]] = {
    "commune": ("xã", "phường", "thị trấn", "ủy ban xã", "ubnd xã", "công an xã", "công an phường", "đặc khu"),
    "province": ("tỉnh", "thành phố", "sở", "công an tỉnh"),
    "ministry": ("bộ", "trung ương", "cục"),
}


@dataclass(frozen=True)
class Qualifier:
    """A situation that splits one procedure into variants (e.g. "có yếu tố nước ngoài")."""

    in_name: str  # regex on the normalised procedure name
    cues: tuple[str, ...]  # phrases in a question that call for this variant


QUALIFIERS: list[Qualifier] = [
    Qualifier(r"yếu tố nước ngoài|người nước ngoài|ở nước ngoài",
              ("nước ngoài", "ngoại quốc", "việt kiều", "hàn quốc", "trung quốc", "đài loan", "nhật", "mỹ", "lào",
               "campuchia", "người tây", "chồng tây", "vợ tây", "người hàn", "người trung", "định cư", "ngoại kiều")),
    Qualifier(r"lưu động", ("tận nơi", "tại nhà", "đến nhà", "xuống nhà", "lưu động", "già yếu", "ốm nặng", "không đi được",
                            "không đến được", "vùng sâu", "xa quá", "tận nhà")),
    Qualifier(r"biên giới", ("biên giới", "giáp biên", "nước láng giềng")),
    Qualifier(r"đăng ký lại|cấp lại|ghi vào sổ", ("lại", *LOSS, "hỏng", "đã đăng ký ở", "ghi vào sổ", "ghi chú")),
    Qualifier(r"cấp đổi|^đổi|^thủ tục đổi", ("đổi", "hỏng", "rách", "nhòe", "mờ", "cũ", "hết hạn", "sai", "thay đổi",
                                            "mẫu mới", "tuổi")),
    Qualifier(r"kết hợp", ("kết hợp", "cùng lúc", "đồng thời", "luôn", "một lần")),
    Qualifier(r"liên thông", ("liên thông", "luôn", "một lần", "cùng lúc", "bảo hiểm y tế", "thẻ bhyt")),
    Qualifier(r"chấm dứt|xóa|thu hồi|hủy|dừng|tạm ngừng",
              ("chấm dứt", "xóa", "thu hồi", "hủy", "bỏ", "cắt", "trả phòng", "không ở nữa", "dừng", "ngừng", "nghỉ",
               "đóng cửa", "không dùng", "hết niên hạn")),
    Qualifier(r"thay đổi|cập nhật|bổ sung|hiệu đính|điều chỉnh|sửa đổi|đính chính",
              ("thay đổi", "đổi", "chuyển", "sửa", "cập nhật", "bổ sung", "điều chỉnh", "sai", "đính chính", "thêm")),
    Qualifier(r"dưới 14 tuổi", ("dưới 14", "trẻ em", "em bé", "con nhỏ", "bé", "dưới 6", "trẻ nhỏ", "cháu nhỏ")),
    Qualifier(r"từ đủ 14 tuổi", ("14 tuổi trở lên", "trên 14", "15 tuổi", "16 tuổi", "17 tuổi", "18 tuổi", "người lớn")),
    Qualifier(r"quốc tế", ("quốc tế", "nước ngoài", "đi nước ngoài", "ra nước ngoài")),
    Qualifier(r"đã có hồ sơ, giấy tờ cá nhân", ("đã có", "chưa từng", "chưa làm", "tuổi rồi", "người lớn", "chưa đăng ký")),
    Qualifier(r"giao dịch", ("hợp đồng", "giao dịch", "mua bán", "tặng cho", "thế chấp", "ủy quyền")),
    Qualifier(r"sổ gốc", ("sổ gốc",)),
    Qualifier(r"lần đầu", ("lần đầu", "mới mua", "xe mới", "mua mới", "chưa có", "mới đóng", "đầu tiên", "mới")),
    Qualifier(r"sang tên|thay đổi chủ", ("sang tên", "mua lại", "mua xe cũ", "đổi chủ", "bán xe", "xe cũ", "mua bán")),
    Qualifier(r"toàn trình", ("online", "trực tuyến", "qua mạng", "toàn trình", "dịch vụ công", "tại nhà")),
    Qualifier(r"đào tạo|sát hạch|tập lái|giáo viên", ("đào tạo", "sát hạch", "trung tâm", "giáo viên", "dạy lái", "tập lái")),
    Qualifier(r"quân sự|công an nhân dân|quốc phòng",
              ("quân sự", "quân đội", "bộ đội", "công an", "quốc phòng", "quân nhân", "cựu chiến binh")),
    Qualifier(r"khai thác thông tin", ("khai thác", "tra cứu", "kiểm tra thông tin", "xem thông tin", "tra thông tin")),
    Qualifier(r"chưa xác định được quốc tịch|không quốc tịch",
              ("gốc việt", "chưa xác định", "không quốc tịch", "chưa có quốc tịch", "không có quốc tịch")),
    Qualifier(r"trình báo mất|báo mất|do bị mất", (*LOSS, "báo mất")),
    Qualifier(r"đối với tổ chức|cho tổ chức|cho cơ quan, tổ chức|tổ chức kinh tế|cho doanh nghiệp|của doanh nghiệp",
              ("công ty", "tổ chức", "doanh nghiệp", "cơ quan", "hợp tác xã", "dự án")),
    Qualifier(r"giám sát việc giám hộ", ("giám sát",)),
    # procedures for professionals (notaries, lawyers, inspectors), not for the people they serve
    Qualifier(r"hành nghề|công chứng viên|tập sự|đăng kiểm viên|chứng chỉ|giám định viên",
              ("hành nghề", "công chứng viên", "tập sự", "chứng chỉ", "đăng kiểm viên", "luật sư", "giám định viên")),
]


def _pattern(phrases: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(sorted((re.escape(p) for p in phrases), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


@cache
def _compiled(phrases: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """One pattern on normalised text, one on folded text (for questions without diacritics)."""
    return _pattern(tuple(normalise(p) for p in phrases)), _pattern(tuple(fold(p) for p in phrases))


@dataclass(frozen=True)
class Prepared:
    """A question normalised once, then matched against many phrase lists."""

    normalised: str
    folded: str
    unaccented: bool

    @classmethod
    def of(cls, question: str) -> "Prepared":
        normalised = normalise(question)
        folded = fold(normalised)
        return cls(normalised, folded, bool(re.search(r"[a-z]", folded)) and folded == normalised)

    def mentions(self, phrases: tuple[str, ...]) -> bool:
        """Whether the question contains one of ``phrases`` as whole words."""
        accented, folded = _compiled(phrases)
        return bool(accented.search(self.normalised) or (self.unaccented and folded.search(self.folded)))


def mentions(question: str, phrases: tuple[str, ...]) -> bool:
    return Prepared.of(question).mentions(phrases)


def expand(question: Prepared) -> list[str]:
    """Official wordings for the colloquial phrases in ``question`` (each once, in table order)."""
    return list(dict.fromkeys(official for phrases, official in SYNONYMS if question.mentions(phrases)))


def levels_asked(question: Prepared) -> set[str]:
    """The levels (cấp) the question names: 'làm ở xã được không' → {'commune'}."""
    return {level for level, cues in LEVEL_CUES.items() if question.mentions(cues)}


def qualifiers_in(name: str) -> list[int]:
    """Indexes of the QUALIFIERS a procedure name carries (computed once per procedure)."""
    text = normalise(name)
    return [i for i, q in enumerate(QUALIFIERS) if re.search(q.in_name, text)]


def qualifiers_asked(question: Prepared) -> list[int]:
    """Indexes of the QUALIFIERS whose situation the question describes."""
    return [i for i, q in enumerate(QUALIFIERS) if question.mentions(q.cues)]
