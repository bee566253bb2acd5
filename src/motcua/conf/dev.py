"""Development and demo: the embedded SQLite database, debug on, console e-mail."""

import os

os.environ.setdefault("MOTCUA_DEBUG", "true")

from .base import *  # noqa: E402,F403
from .env import env_bool  # noqa: E402

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

MOTCUA_ENABLE_DEMO_PLUGINS = env_bool("MOTCUA_ENABLE_DEMO_PLUGINS", True)  # noqa: F405  simulators for demo and tests
