"""Monitoring fixtures, shared with the browser tests: a provincial monitor, a centre manager and the
world's leader and specialist; and a fresh cache (live open counts are cached for a minute)."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from motcua.accounts.models import Role, RoleAssignment
from tests.factories import make_user


@pytest.fixture(autouse=True)
def fresh_cache(db):
    cache.clear()


@pytest.fixture
def people(world):
    p = world.org.province
    manager = make_user("quanly", province=p, full_name="Quản lý trung tâm")
    RoleAssignment.objects.create(user=manager, role=Role.CENTRE_MANAGER, province=p, unit=world.org.commune_a,
                                  centre=world.org.centre)
    return SimpleNamespace(
        monitor=make_user("giamsat", province=p, role=Role.PROVINCIAL_MONITOR, full_name="Giám sát tỉnh"),
        manager=manager, leader=world.leader, specialist=world.specialist)
