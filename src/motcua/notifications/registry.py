"""Channel plugins by channel name; which plugin serves a channel is a setting.

MOTCUA_CHANNELS maps a channel to a plugin identifier, e.g. {"sms": "sms-simulator",
"email": "django-email", "dvcqg": "dvcqg-simulator"}.
"""

from django.conf import settings

_plugins: dict[str, type] = {}


def register(identifier: str):
    def decorator(cls):
        if identifier in _plugins:
            raise ValueError(f"channel plugin {identifier} registered twice")
        cls.identifier = identifier
        _plugins[identifier] = cls
        return cls
    return decorator


_instances: dict[str, object] = {}


def for_channel(channel: str):
    identifier = settings.MOTCUA_CHANNELS.get(channel)
    if identifier not in _plugins:
        raise LookupError(f"no plugin configured for channel {channel!r} (MOTCUA_CHANNELS)")
    if identifier not in _instances:
        _instances[identifier] = _plugins[identifier]()
    return _instances[identifier]


def reset():
    """Forget plugin instances (tests change settings between cases)."""
    _instances.clear()
