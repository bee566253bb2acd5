"""A centre set up for queueing: two services, three counters, officers and a manager."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.backends.signals import connection_created

from motcua.accounts.models import Role, RoleAssignment, User
from motcua.catalog.models import Field
from motcua.queueing.models import PriorityCategory, ServiceGroup
from tests.factories import make_user

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args):
    return datetime(*args, tzinfo=VN)


def make_queue(org):
    c1, c2, c3 = org.counters
    civil = ServiceGroup.objects.create(centre=org.centre, code="1", name="Hộ tịch, chứng thực", icon="family",
                                        position=1, minutes_per_ticket=6)
    civil.fields.add(Field.objects.create(name="Hộ tịch"), Field.objects.create(name="Chứng thực"))
    civil.counters.add(c1, c2)
    land = ServiceGroup.objects.create(centre=org.centre, code="2", name="Đất đai, xây dựng", icon="house",
                                       position=2, minutes_per_ticket=12)
    land.fields.add(Field.objects.create(name="Đất đai"))
    land.counters.add(c3)
    officers = []
    for n in (1, 2, 3):
        user = make_user(f"quay{n}", province=org.province, role=Role.RECEPTION, unit=org.commune_a,
                         full_name=f"Cán bộ quầy {n}")
        officers.append(user)
    manager = make_user("quanly", province=org.province, full_name="Quản lý trung tâm")
    RoleAssignment.objects.create(user=manager, role=Role.CENTRE_MANAGER, province=org.province,
                                  unit=org.commune_a, centre=org.centre)
    citizen = make_user("nguoidan", province=org.province, kind=User.Kind.CITIZEN, full_name="Trần Thị Bình",
                        phone="0912345678")
    return SimpleNamespace(org=org, centre=org.centre, counters=org.counters, civil=civil, land=land,
                           officers=officers, manager=manager, citizen=citizen,
                           elderly=_category("nguoi-cao-tuoi", "Người cao tuổi (từ 60 tuổi)"),
                           pregnant=_category("phu-nu-mang-thai", "Phụ nữ mang thai"))


def _category(code, name):
    """Seeded by a migration; transactional tests flush it, so create it again when missing."""
    return PriorityCategory.objects.get_or_create(code=code, defaults={"name": name})[0]


@pytest.fixture
def readers_never_block(db):
    """For browser tests on SQLite. The in-memory test database is shared between the live
    server's threads in shared-cache mode, where a reader takes table locks that make a concurrent
    writer fail at once ("database table is locked") — a display polling while a counter calls.
    Production SQLite (a file in WAL mode) never blocks writers with readers; read_uncommitted
    gives the test server's connections that same behaviour."""
    def pragma(sender, connection, **kwargs):
        if connection.vendor == "sqlite" and connection.connection is not None:
            connection.connection.execute("PRAGMA read_uncommitted = 1")

    connection_created.connect(pragma)
    pragma(None, connection)
    yield
    connection_created.disconnect(pragma)
