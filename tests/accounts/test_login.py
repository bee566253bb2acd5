"""Sign-in: where people land, and what a wrong password says."""

from motcua.accounts.models import Role, User
from tests.factories import make_user

PASSWORD = "Mat-khau-2026!"  # tests/factories.make_user


def test_staff_land_on_the_back_office(client, org):
    make_user("tiepnhan", province=org.province, role=Role.RECEPTION, unit=org.commune_a)
    response = client.post("/tai-khoan/dang-nhap/", {"username": "tiepnhan", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/nghiep-vu/"


def test_citizens_land_on_the_portal(client, org):
    make_user("congdan", province=None, kind=User.Kind.CITIZEN)
    response = client.post("/tai-khoan/dang-nhap/", {"username": "congdan", "password": PASSWORD})
    assert response["Location"] == "/"


def test_next_is_followed_when_safe(client, org):
    make_user("tiepnhan", province=org.province, role=Role.RECEPTION, unit=org.commune_a)
    data = {"username": "tiepnhan", "password": PASSWORD}
    assert client.post("/tai-khoan/dang-nhap/?next=/thu-tuc/", data)["Location"] == "/thu-tuc/"
    client.logout()
    assert client.post("/tai-khoan/dang-nhap/?next=https://evil.example/", data)["Location"] == "/nghiep-vu/"


def test_wrong_password_says_so_in_vietnamese_and_keeps_the_username(client, org):
    make_user("tiepnhan", province=org.province, role=Role.RECEPTION, unit=org.commune_a)
    response = client.post("/tai-khoan/dang-nhap/", {"username": "tiepnhan", "password": "sai-mat-khau"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page and "Wrong username or password" in page
    assert 'value="tiepnhan"' in page


def test_disabled_account_cannot_sign_in(client, org):
    user = make_user("nghiviec", province=org.province)
    user.is_active = False
    user.save()
    response = client.post("/tai-khoan/dang-nhap/", {"username": "nghiviec", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
