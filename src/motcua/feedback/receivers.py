"""Reacting to dossier changes, inside their transaction."""

from motcua.dossiers.workflow import State

from . import ratings


def invite_rating(sender, dossier, event, **kwargs):
    """The result is returned: send the applicant the link to rate the service."""
    if event.to_state == State.RETURNED and event.from_state != State.RETURNED:
        ratings.invite_by_sms(dossier)
