"""Django admin: a province administrator sees and changes only their province."""

import pytest

from motcua.accounts.models import Role, User
from motcua.organizations.models import Unit


@pytest.fixture
def admin_client(client, world, staff):
    admin = staff(Role.ADMIN)
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    return client


def test_unit_list_shows_own_province_only(admin_client, world):
    page = admin_client.get("/quan-tri/organizations/unit/").content.decode()
    assert "H97.50" in page and "H97.51" in page
    assert "H98.50" not in page


def test_other_province_unit_cannot_be_opened(admin_client, world):
    assert admin_client.get(f"/quan-tri/organizations/unit/{world.a.pk}/change/").status_code == 200
    response = admin_client.get(f"/quan-tri/organizations/unit/{world.x.pk}/change/")
    assert response.status_code == 302  # "does not exist" for this administrator


def _unit_form(unit, **changes):
    data = {"province": unit.province_id, "code": unit.code, "name": unit.name, "kind": unit.kind,
            "parent": "", "working_periods": '[["07:00", "11:30"], ["13:30", "17:00"]]', "is_active": "on",
            "centres-TOTAL_FORMS": "0", "centres-INITIAL_FORMS": "0"}
    return {**data, **changes}


def test_bad_working_hours_are_refused_with_the_reason(admin_client, world):
    response = admin_client.post(f"/quan-tri/organizations/unit/{world.a.pk}/change/",
                                 _unit_form(world.a, working_periods='[["13:30", "11:30"]]'))
    assert response.status_code == 200
    assert "Giờ bắt đầu phải trước giờ kết thúc" in response.content.decode()
    world.a.refresh_from_db()
    assert world.a.working_periods == [["07:00", "11:30"], ["13:30", "17:00"]]


def test_good_working_hours_are_saved(admin_client, world):
    response = admin_client.post(f"/quan-tri/organizations/unit/{world.a.pk}/change/",
                                 _unit_form(world.a, working_periods='[["07:30", "11:30"], ["13:00", "17:00"]]'))
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.working_periods == [["07:30", "11:30"], ["13:00", "17:00"]]


def test_unit_cannot_be_moved_to_another_province(admin_client, world):
    response = admin_client.post(f"/quan-tri/organizations/unit/{world.a.pk}/change/",
                                 _unit_form(world.a, province=world.other.province.pk))
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert Unit.objects.get(pk=world.a.pk).province == world.home.province


def test_user_form_hides_superuser_powers(admin_client, world, staff):
    colleague = staff(Role.SPECIALIST, unit=world.a)
    page = admin_client.get(f"/quan-tri/accounts/user/{colleague.pk}/change/").content.decode()
    assert 'name="is_staff"' in page
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page


def test_role_assignment_choices_are_scoped(admin_client, world, staff):
    colleague = staff(Role.SPECIALIST, unit=world.a)
    page = admin_client.get(f"/quan-tri/accounts/user/{colleague.pk}/change/").content.decode()
    assert world.b.code in page and world.x.code not in page


def test_specialist_has_no_admin(client, world, staff):
    user = staff(Role.SPECIALIST, unit=world.a)
    User.objects.filter(pk=user.pk).update(is_staff=True)
    client.force_login(user)
    assert client.get("/quan-tri/organizations/unit/").status_code == 403


def test_filters_and_index_never_name_another_province(admin_client, world):
    for url in ("/quan-tri/", "/quan-tri/organizations/unit/", "/quan-tri/organizations/centre/",
                "/quan-tri/accounts/user/", "/quan-tri/accounts/roleassignment/"):
        page = admin_client.get(url).content.decode()
        assert "Tỉnh Bên" not in page and "H98." not in page, url
    index = admin_client.get("/quan-tri/").content.decode()
    assert "/quan-tri/organizations/unit/" in index and "/quan-tri/accounts/user/" in index
