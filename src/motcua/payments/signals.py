"""Keep fee notices in step with their dossier when it moves without a payment booked here."""


def close_left_behind_notices(sender, dossier, event, **kwargs):
    # A notice is open only while its dossier waits for the fee: any other change (every
    # submission among them) has nothing to close, and is spared the read.
    if event.from_state != "fee_requested":
        return
    from .services import close_notices_left_behind

    close_notices_left_behind(dossier, event.action, now=event.at)
