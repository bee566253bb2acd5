"""Django admin for procedures: Vietnamese labels, filters, folded search, inlines, level checkboxes."""

import pytest

from motcua.accounts.models import User
from motcua.catalog import services
from motcua.catalog.importer.formats import from_national
from motcua.catalog.models import Procedure

from .test_import_parsers import DRIVING_LICENCE, NATIONAL

pytestmark = pytest.mark.django_db
CHANGELIST = "/quan-tri/catalog/procedure/"


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("quantri", password="Mat-khau-2026!", kind=User.Kind.STAFF)
    client.force_login(user)
    return client


@pytest.fixture
def catalogue():
    services.save_procedures([
        from_national(NATIONAL),
        from_national({**NATIONAL, "ma_thu_tuc": "3.000347", "ten_thu_tuc": "Đổi giấy phép lái xe",
                       "cap_thuc_hien": "Cấp tỉnh, Cấp xã", "linh_vuc": "Đường bộ",
                       "cach_thuc_thuc_hien": DRIVING_LICENCE}),
        from_national({**NATIONAL, "ma_thu_tuc": "1.000178", "ten_thu_tuc": "Giải quyết khiếu nại lần đầu",
                       "cap_thuc_hien": "Cấp bộ", "cach_thuc_thuc_hien": "", "linh_vuc": "Khiếu nại, tố cáo"}),
    ])
    return {p.code: p for p in Procedure.objects.all()}


def codes(response):
    return [p.code for p in response.context["cl"].result_list]


def test_changelist_in_vietnamese_with_filters(admin_client, catalogue):
    response = admin_client.get(CHANGELIST)
    page = response.content.decode()
    assert response.status_code == 200
    for label in ("cấp thực hiện", "vấn đề khi nhập", "mức độ DVCTT", "lĩnh vực"):
        assert label in page.lower() or label in page
    assert codes(response) == ["1.000178", "1.001193", "3.000347"]


@pytest.mark.parametrize("query, expected", [
    ("cap=commune", ["1.001193", "3.000347"]),
    ("cap=ministry", ["1.000178"]),
    ("online_level__exact=none", ["1.000178"]),
    ("van_de=co", ["1.001193"]),
    ("van_de=khong", ["1.000178", "3.000347"]),
])
def test_filters(admin_client, catalogue, query, expected):
    assert codes(admin_client.get(f"{CHANGELIST}?{query}")) == expected


@pytest.mark.parametrize("term, expected", [
    ("doi giay phep lai xe", ["3.000347"]),
    ("Đổi giấy phép", ["3.000347"]),
    ("1.000178", ["1.000178"]),
])
def test_search_by_code_or_name_with_or_without_diacritics(admin_client, catalogue, term, expected):
    assert codes(admin_client.get(CHANGELIST, {"q": term})) == expected


def test_change_page_shows_every_inline_and_the_import_issues(admin_client, catalogue):
    page = admin_client.get(f"{CHANGELIST}{catalogue['1.001193'].pk}/change/").content.decode()
    for heading in ("Cách thức thực hiện", "Phí, lệ phí", "Thành phần hồ sơ", "Quy trình nội bộ",
                    "Thủ tục thành phần (liên thông)"):
        assert heading in page
    assert "thiếu đơn vị / time limit without unit" in page


def test_saving_levels_from_checkboxes(admin_client, catalogue):
    procedure = catalogue["1.000178"]
    page = admin_client.get(f"{CHANGELIST}{procedure.pk}/change/")
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "levels"}
    data.update(field=procedure.field_id, legal_basis="[]", levels=["province", "commune"], code=procedure.code,
                name=procedure.name)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-TOTAL_FORMS": 0, f"{formset.prefix}-INITIAL_FORMS": 0})
    response = admin_client.post(f"{CHANGELIST}{procedure.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    procedure.refresh_from_db()
    assert procedure.levels == "province commune"
    assert procedure.search_text.startswith("1.000178 giai quyet khieu nai")
