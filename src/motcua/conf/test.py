"""Tests: same as base, with fast password hashing and an immediate task backend."""

from pathlib import Path

from .env import env_bool
from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

import tempfile  # noqa: E402

DATA_DIR = Path(tempfile.mkdtemp(prefix="motcua-test-"))  # noqa: F405
MEDIA_ROOT = DATA_DIR / "files"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

MOTCUA_ENABLE_DEMO_PLUGINS = env_bool("MOTCUA_ENABLE_DEMO_PLUGINS", True)  # noqa: F405  simulators for demo and tests
# Staff sign in without a second factor here, so that tests of other apps can use the login form;
# the identity tests turn the policy on, and tests/identity/test_defaults.py checks the real default.
MOTCUA_TWO_FACTOR_ROLES: list[str] = []
