"""Lockout after failed sign-ins, TOTP second factor by role, idle sessions — through the real pages."""

import time

import pytest
from django.core.cache import cache
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.models import Role, User
from motcua.identity import lockout
from motcua.identity.middleware import LAST_SEEN
from tests.factories import make_user

PASSWORD = "Mat-khau-2026!"  # tests.factories.make_user
LOGIN = "/tai-khoan/dang-nhap/"


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    cache.clear()


def _try(client, username, password="sai-mat-khau", address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_failures_lock_the_username_with_the_wait_in_minutes(client, org, settings):
    settings.MOTCUA_LOGIN_LOCKOUT_PER_USER = "5/900"
    make_user("tiepnhan", province=org.province, role=Role.RECEPTION, unit=org.commune_a)
    for _ in range(4):
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in _try(client, "tiepnhan").content.decode()
    fifth = _try(client, "tiepnhan").content.decode()
    assert "tạm bị khóa" in fifth and "15 phút" in fifth and "15 minutes" in fifth
    # the right password does not help while locked, even typed with other capitals
    locked = _try(client, "TiepNhan", PASSWORD).content.decode()
    assert "tạm bị khóa" in locked and "_auth_user_id" not in client.session


def test_the_lock_ends_after_its_time(client, org, settings):
    settings.MOTCUA_LOGIN_LOCKOUT_PER_USER = "2/900"
    make_user("tiepnhan", province=org.province, role=Role.RECEPTION, unit=org.commune_a)
    start = time.time()
    lockout.record_failure("tiepnhan", "10.0.0.9", now=start)
    lockout.record_failure("tiepnhan", "10.0.0.9", now=start)
    assert lockout.locked_for("tiepnhan", "", now=start + 899) == 1
    assert lockout.locked_for("tiepnhan", "", now=start + 900) == 0


def test_an_address_is_locked_across_usernames(client, org, settings):
    settings.MOTCUA_LOGIN_LOCKOUT_PER_IP = "3/600"
    make_user("tiepnhan", province=org.province, role=Role.RECEPTION, unit=org.commune_a)
    for name in ("a1", "a2", "a3"):
        _try(client, name, address="10.9.9.9")
    assert "10 phút" in _try(client, "tiepnhan", PASSWORD, address="10.9.9.9").content.decode()
    assert _try(client, "tiepnhan", PASSWORD, address="10.9.9.8").status_code == 302  # another office


def test_the_admin_login_page_is_locked_too(client, org, settings):
    settings.MOTCUA_LOGIN_LOCKOUT_PER_USER = "2/900"
    User.objects.create_superuser("quantri", "qt@example.gov.vn", PASSWORD)
    for _ in range(2):
        client.post("/quan-tri/login/", {"username": "quantri", "password": "sai"}, REMOTE_ADDR="10.0.0.1")
    client.post("/quan-tri/login/", {"username": "quantri", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert "_auth_user_id" not in client.session


def test_a_success_forgets_the_failures(client, org, settings):
    settings.MOTCUA_LOGIN_LOCKOUT_PER_USER = "3/900"
    make_user("tiepnhan", province=org.province, role=Role.RECEPTION, unit=org.commune_a)
    _try(client, "tiepnhan"), _try(client, "tiepnhan")
    assert _try(client, "tiepnhan", PASSWORD).status_code == 302
    client.logout()
    _try(client, "tiepnhan"), _try(client, "tiepnhan")
    assert _try(client, "tiepnhan", PASSWORD).status_code == 302


@pytest.fixture
def leader(org, settings):
    settings.MOTCUA_TWO_FACTOR_ROLES = ["leader", "admin", "superuser"]
    return make_user("lanhdao", province=org.province, role=Role.LEADER, unit=org.commune_a)


def _code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits) + offset:06d}"[-6:]


def test_a_leader_sets_up_the_app_then_reaches_the_back_office(client, leader):
    assert _try(client, "lanhdao", PASSWORD)["Location"] == "/nghiep-vu/"
    inbox = client.get("/nghiep-vu/ho-so/")
    assert inbox.status_code == 302 and inbox["Location"].startswith("/tai-khoan/xac-thuc-hai-yeu-to/?next=")
    setup = client.get("/tai-khoan/xac-thuc-hai-yeu-to/cai-dat/?next=/nghiep-vu/ho-so/")
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    wrong = client.post("/tai-khoan/xac-thuc-hai-yeu-to/cai-dat/", {"code": "000000", "next": "/nghiep-vu/ho-so/"})
    assert "không đúng" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # skip the one-second throttle after the wrong code
    device.save()
    done = client.post("/tai-khoan/xac-thuc-hai-yeu-to/cai-dat/", {"code": _code(device), "next": "/nghiep-vu/ho-so/"})
    assert done["Location"] == "/nghiep-vu/ho-so/"
    assert TOTPDevice.objects.get(user=leader).confirmed
    assert client.get("/nghiep-vu/ho-so/").status_code == 200


def test_next_time_the_leader_gives_a_code(client, leader):
    device = TOTPDevice.objects.create(user=leader, name="app", confirmed=True)
    _try(client, "lanhdao", PASSWORD)
    assert client.get("/api/v1/dossiers/H99.50-000000-0000").status_code == 401  # the API waits for the code too
    page = client.get("/tai-khoan/xac-thuc-hai-yeu-to/?next=/nghiep-vu/")
    assert "Xác thực hai yếu tố" in page.content.decode()
    given = client.post("/tai-khoan/xac-thuc-hai-yeu-to/", {"code": _code(device), "next": "/nghiep-vu/"})
    assert given["Location"] == "/nghiep-vu/"
    assert client.get("/nghiep-vu/").status_code == 200


def test_reception_staff_need_no_second_factor(client, org, settings):
    settings.MOTCUA_TWO_FACTOR_ROLES = ["leader", "admin"]
    make_user("tiepnhan", province=org.province, role=Role.RECEPTION, unit=org.commune_a)
    _try(client, "tiepnhan", PASSWORD)
    assert client.get("/nghiep-vu/").status_code == 200


def test_a_superuser_cannot_use_the_admin_before_the_code(client, org, settings):
    settings.MOTCUA_TWO_FACTOR_ROLES = ["superuser"]
    User.objects.create_superuser("quantri", "qt@example.gov.vn", PASSWORD)
    client.post("/quan-tri/login/", {"username": "quantri", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert client.get("/quan-tri/")["Location"].startswith("/tai-khoan/xac-thuc-hai-yeu-to/")


def test_an_idle_session_ends(client, org, settings):
    settings.MOTCUA_IDLE_SECONDS = 1800
    make_user("tiepnhan", province=org.province, role=Role.RECEPTION, unit=org.commune_a)
    _try(client, "tiepnhan", PASSWORD)
    assert client.get("/nghiep-vu/").status_code == 200
    session = client.session
    session[LAST_SEEN] = time.time() - 1801
    session.save()
    expired = client.get("/nghiep-vu/ho-so/")
    assert expired["Location"].startswith("/tai-khoan/dang-nhap/?het-han=1&next=")
    assert "_auth_user_id" not in client.session
    assert "Phiên làm việc đã hết hạn" in client.get(expired["Location"]).content.decode()


def test_an_active_session_stays(client, org, settings):
    settings.MOTCUA_IDLE_SECONDS = 1800
    make_user("tiepnhan", province=org.province, role=Role.RECEPTION, unit=org.commune_a)
    _try(client, "tiepnhan", PASSWORD)
    session = client.session
    session[LAST_SEEN] = time.time() - 1700
    session.save()
    assert client.get("/nghiep-vu/").status_code == 200
    assert time.time() - client.session[LAST_SEEN] < 5  # the visit counted as activity
