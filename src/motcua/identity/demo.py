"""Identities of the simulated VNeID for the demo (`motcua vneid_demo`)."""

from datetime import date
from typing import NamedTuple

from django.db import transaction

from .models import SimulatedCitizen


class DemoIdentity(NamedTuple):
    personal_id: str
    full_name: str
    birth_date: date
    level: int


IDENTITIES = (
    # The demo citizen account (demo/organisation.py) has this ID: VNeID signs her into it.
    DemoIdentity("099200000001", "Trần Thị Mẫu", date(1990, 5, 17), 2),
    DemoIdentity("001199012345", "Nguyễn Văn Bình", date(1999, 2, 3), 2),
    DemoIdentity("079301004567", "Lê Thị Cúc", date(2001, 11, 20), 1),
)


@transaction.atomic
def load(password: str) -> int:
    """Create or refresh the demo identities, all with ``password``; returns how many."""
    for spec in IDENTITIES:
        citizen, _ = SimulatedCitizen.objects.get_or_create(
            personal_id=spec.personal_id,
            defaults={"full_name": spec.full_name, "birth_date": spec.birth_date, "level": spec.level})
        citizen.full_name, citizen.birth_date, citizen.level = spec.full_name, spec.birth_date, spec.level
        citizen.set_password(password)
        citizen.save()
    return len(IDENTITIES)
