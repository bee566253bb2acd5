"""The event log is tamper-evident: `motcua audit verify` finds edits, deletions and reordering."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.dossiers import services
from motcua.dossiers.models import DossierEvent

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def processed(world, applicant):
    d = services.create(procedure=world.procedure, unit=world.org.commune_a, channel="online", applicant=applicant,
                        owner=world.citizen, submit=True, now=at(2026, 3, 2, 8))
    d = services.perform(d, "accept", world.reception, now=at(2026, 3, 2, 8, 5))
    return services.perform(d, "forward", world.reception, now=at(2026, 3, 2, 9), comment="Chuyển thẩm định")


def test_intact_chain_verifies(processed, capsys):
    call_command("audit", "verify")
    assert "checked 1 dossiers, 0 with a broken event chain" in capsys.readouterr().out


@pytest.mark.parametrize("tamper", ["edit", "delete", "actor"])
def test_tampering_is_found(processed, tamper, capsys):
    events = DossierEvent.objects.filter(dossier=processed)
    if tamper == "edit":
        events.filter(seq=3).update(comment="Đã tiếp nhận đủ")
    elif tamper == "delete":
        events.filter(seq=2).delete()
    else:
        events.filter(seq=4).update(actor_role="leader")
    with pytest.raises(CommandError):
        call_command("audit", "verify")
    assert processed.code in capsys.readouterr().err
