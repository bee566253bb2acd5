"""Dossier journeys for the monitoring tests, driven through the one state machine."""

from motcua.dossiers import services
from motcua.payments import services as payments
from motcua.payments.fees import FeeLine
from motcua.payments.models import FeeNotice
from tests.fixtures_dossiers import at  # noqa: F401  (re-exported)


def submitted(world, applicant, now, *, unit=None, channel="online"):
    unit = unit or world.org.commune_a
    return services.create(procedure=world.procedure, unit=unit, channel=channel, applicant=applicant,
                           actor=world.citizen, owner=world.citizen, submit=True, now=now)


def accepted(world, applicant, now, *, reception=None, **kwargs):
    d = submitted(world, applicant, now, **kwargs)
    return services.perform(d, "accept", reception or world.reception, now=now)


def finished(world, applicant, received, done, *, returned=None):
    """Accept at ``received``, forward twice and complete at ``done`` (return the result at ``returned``)."""
    d = accepted(world, applicant, received)
    d = services.perform(d, "forward", world.reception, now=received)
    d = services.perform(d, "forward", world.specialist, now=received)
    d = services.perform(d, "complete", world.leader, now=done, result_summary="Giấy khai sinh")
    if returned:
        d = services.perform(d, "return_result", world.reception, now=returned, received_by_name="Nguyễn Văn An")
    return d


def fee_notice(dossier, officer, now):
    """Issue a notice and return it read afresh (its dossier has moved on to fee_requested)."""
    payments.issue_notice(dossier, officer, [FeeLine(name="Lệ phí", unit_amount=20000, catalogue_amount=20000)],
                          now=now)
    return FeeNotice.objects.get(dossier_id=dossier.pk, status=FeeNotice.Status.ISSUED)


def paid_online(notice, now):
    payments.pay(notice, amount=20000, paid_at=now, actor=None, method="transfer", flag=2, now=now)
