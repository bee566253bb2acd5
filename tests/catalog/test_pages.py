"""The public catalogue pages through Django's test client: search, detail, print, errors."""

import pytest

from motcua.catalog.models import Fee, Field, Procedure, ProcedureChannel, UnitProcedure

from .catalogue_samples import make_birth_registration_details, make_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    made = make_catalogue()
    make_birth_registration_details(made["1.001193"])
    return made


def result_codes(response) -> list[str]:
    return [row["procedure"].code for row in response.context["rows"]]


# -- search page -----------------------------------------------------------------------------------

def test_search_page_ranks_and_marks_the_words(client, catalogue):
    response = client.get("/thu-tuc/", {"q": "dang ky ket hon"})
    html = response.content.decode()
    assert response.status_code == 200
    assert result_codes(response)[0] == "1.000894"
    assert "<mark>đăng</mark> <mark>ký</mark> <mark>kết</mark> <mark>hôn</mark>" in html
    assert "1.999999" not in html  # repealed procedure


def test_htmx_request_gets_only_the_results(client, catalogue):
    response = client.get("/thu-tuc/", {"q": "khai sinh"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'class="results"' in html
    assert "HX-Request" in response["Vary"]
    full = client.get("/thu-tuc/", {"q": "khai sinh"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in full.content.decode()  # htmx restoring history needs the whole page


def test_filters_from_the_query_string(client, catalogue, org):
    field = Field.objects.get(name="Hộ tịch")
    assert set(result_codes(client.get("/thu-tuc/", {"field": field.pk, "online": "full"}))) == {"1.001193", "1.000656"}
    assert result_codes(client.get("/thu-tuc/", {"level": "ministry"})) == ["3.000150"]
    UnitProcedure.objects.create(unit=org.commune_a, procedure=catalogue["1.000894"])
    response = client.get("/thu-tuc/", {"unit": org.commune_a.code, "q": "ket hon", "page": "1"})
    assert result_codes(response) == ["1.000894"]
    assert response.context["unfiltered_url"] == "/thu-tuc/?q=ket+hon"  # "Bỏ bộ lọc" keeps the words
    assert org.commune_a.name in response.content.decode()  # offered in the unit filter


@pytest.mark.parametrize("params, message", [
    ({"field": "999999"}, "Lĩnh vực không hợp lệ / invalid field"),
    ({"field": "abc"}, "Lĩnh vực không hợp lệ / invalid field"),
    ({"level": "planet"}, "Cấp thực hiện không hợp lệ / invalid level"),
    ({"online": "level4"}, "Mức độ trực tuyến không hợp lệ / invalid online level"),
    ({"unit": "H00.00"}, "Đơn vị không hợp lệ / invalid unit"),
    ({"q": "x" * 201}, "Từ khóa quá dài (tối đa 200 ký tự) / search text too long"),
])
def test_bad_filters_are_explained_and_ignored(client, catalogue, params, message):
    response = client.get("/thu-tuc/", {"q": "ket hon", **params} if "q" not in params else params)
    assert response.status_code == 200
    assert message in response.content.decode()
    if "q" not in params:  # the valid part of the request still answers
        assert result_codes(response)[0] == "1.000894"


def test_names_and_fields_are_escaped(client, db):
    field = Field.objects.create(name="Lĩnh vực <b>đậm</b>")
    Procedure.objects.create(code="1.000001", name="Cấp phép <script>alert(1)</script>", field=field)
    html = client.get("/thu-tuc/", {"q": "cap phep script"}).content.decode()
    assert "<script>alert" not in html and "<b>đậm" not in html
    assert "&lt;<mark>script</mark>&gt;" in html and "Lĩnh vực &lt;b&gt;đậm&lt;/b&gt;" in html


def test_nothing_found_says_what_to_try(client, catalogue):
    html = client.get("/thu-tuc/", {"q": "hoa tieu hang hai"}).content.decode()
    assert "Không tìm thấy thủ tục phù hợp" in html


def test_pagination_keeps_the_query_and_tolerates_bad_page_numbers(client, db):
    for n in range(45):
        Procedure.objects.create(code=f"1.{n:06d}", name=f"Cấp giấy phép số {n}")
    first = client.get("/thu-tuc/", {"q": "giay phep"})
    assert len(first.context["rows"]) == 20 and first.context["next_url"] == "/thu-tuc/?q=giay+phep&page=2"
    last = client.get("/thu-tuc/", {"q": "giay phep", "page": "3"})
    assert len(last.context["rows"]) == 5 and last.context["next_url"] == ""
    assert last.context["prev_url"] == "/thu-tuc/?q=giay+phep&page=2"
    assert client.get("/thu-tuc/", {"q": "giay phep", "page": "abc"}).context["page"].number == 1
    assert client.get("/thu-tuc/", {"q": "giay phep", "page": "99"}).context["page"].number == 3


# -- detail page -----------------------------------------------------------------------------------

def test_detail_page_tells_a_citizen_what_to_bring_and_pay(client, catalogue):
    response = client.get("/thu-tuc/1.001193/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in ["Thủ tục đăng ký khai sinh", "1.001193", "Hộ tịch", "Cấp xã", "Công dân Việt Nam",
                 "Ủy ban nhân dân cấp xã", "Bộ phận Một cửa UBND cấp xã",
                 "1 ngày làm việc", "0,5 ngày làm việc", "Ngay trong ngày làm việc nếu nộp trước 15 giờ",
                 "8.000 đồng", "Miễn phí", "xem chi tiết", "Theo mức thu do Hội đồng nhân dân tỉnh quy định",
                 "Tờ khai đăng ký khai sinh", "Mẫu TKKS", "1 bản chính, 1 bản sao", "Trường hợp ủy quyền đi đăng ký",
                 "(nếu có)", "Bước 1: Nộp tờ khai", "Giấy khai sinh (bản chính)", "60/2014/QH13", "Luật Hộ tịch",
                 "Dịch vụ công trực tuyến toàn trình", "định danh điện tử mức 2"]:
        assert text in html, text
    assert 'href="/ho-so/nop/1.001193/"' in html and "Nộp hồ sơ trực tuyến" in html
    assert 'href="/thu-tuc/1.001193/in/"' in html


def test_unknown_fee_is_never_shown_as_zero(client, catalogue):
    html = client.get("/thu-tuc/1.001193/").content.decode()
    row = html[html.index("Phí cấp bản sao trích lục"):][:200]
    assert "xem chi tiết" in row and "0 đồng" not in row


def test_a_fee_for_every_channel_is_shown_once(client, catalogue):
    procedure = catalogue["1.000894"]
    for position, kind in enumerate(["online", "postal", "direct"]):
        ProcedureChannel.objects.create(procedure=procedure, channel=kind, duration=1, position=position)
    Fee.objects.create(procedure=procedure, name="Miễn phí", amount=0, conditions="Miễn lệ phí đăng ký kết hôn")
    html = client.get("/thu-tuc/1.000894/").content.decode()
    assert html.count("Miễn lệ phí đăng ký kết hôn") == 1 and "Phí, lệ phí (mọi cách nộp)" in html
    assert "Miễn phí:" not in html  # the name would only repeat the amount
    assert html.count("1 (chưa rõ đơn vị)") == 3  # the national data gives "1" with no unit


def test_procedure_without_online_service_has_no_submit_button(client, catalogue):
    html = client.get("/thu-tuc/1.004746/").content.decode()
    assert "Nộp hồ sơ trực tuyến" not in html and "/ho-so/nop/" not in html
    assert "Chưa nộp được trực tuyến" in html
    assert "Chưa có thông tin" in html  # no channels, fees or documents recorded


def test_detail_lists_the_units_that_receive_it(client, catalogue, org):
    UnitProcedure.objects.create(unit=org.commune_a, procedure=catalogue["1.001193"])
    UnitProcedure.objects.create(unit=org.commune_b, procedure=catalogue["1.001193"], is_enabled=False)
    html = client.get("/thu-tuc/1.001193/").content.decode()
    assert org.commune_a.name in html and org.commune_b.name not in html


@pytest.mark.parametrize("url", ["/thu-tuc/9.999999/", "/thu-tuc/9.999999/in/", "/thu-tuc/1.999999/",
                                 "/thu-tuc/1.999999/in/"])
def test_unknown_or_repealed_code_is_404(client, catalogue, url):
    assert client.get(url).status_code == 404


# -- print sheet -----------------------------------------------------------------------------------

def test_print_sheet_has_the_facts_a_qr_code_and_no_navigation(client, catalogue):
    response = client.get("/thu-tuc/1.001193/in/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thủ tục đăng ký khai sinh" in html and "8.000 đồng" in html and "Tờ khai đăng ký khai sinh" in html
    assert 'class="site-header"' not in html and "main-nav" not in html
    assert "<svg" in html and "http://testserver/thu-tuc/1.001193/" in html
