"""Keep fee notices in step with their dossier when it moves without a payment booked here."""


def close_left_behind_notices(sender, dossier, event, **kwargs):
    from .services import close_notices_left_behind

    close_notices_left_behind(dossier, event.action, now=event.at)
