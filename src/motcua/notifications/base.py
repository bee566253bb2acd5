"""What a delivery channel plugin implements (SMS gateway, e-mail, the national portal)."""


class TransientError(Exception):
    """The receiver is down, slow or overloaded: try again later."""


class PermanentError(Exception):
    """The message can never be delivered as it is (rejected): stop and show it to the operator."""


class BaseChannel:
    identifier = ""
    verbose_name = ""

    def send(self, message) -> None:
        """Deliver one OutboxMessage; raise TransientError or PermanentError on failure.

        Receivers are given ``message.key`` so that a re-delivery after a crash is recognised.
        """
        raise NotImplementedError
