"""The shipped defaults, read from the real settings modules (the test settings turn TOTP off so that
other apps' tests can use the login form): leaders, administrators and superusers give a TOTP code."""

import json
import os
import subprocess
import sys

import pytest

from motcua.identity.twofactor import needs_second_factor

READ = ("import json; from django.conf import settings; "
        "print(json.dumps([settings.MOTCUA_TWO_FACTOR_ROLES, settings.MOTCUA_CSP_ENFORCE]))")


def _defaults(module: str, tmp_path) -> tuple[list[str], bool]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("MOTCUA_") and key != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": module, "MOTCUA_DATA_DIR": str(tmp_path),
            "MOTCUA_SECRET_KEY": "k" * 20 + "-production-like-secret-" + "z" * 30}
    out = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + READ], env=env,
                         capture_output=True, text=True, timeout=60, check=True).stdout
    roles, enforce = json.loads(out.strip().splitlines()[-1])
    return roles, enforce


@pytest.mark.parametrize("module", ["motcua.conf.production", "motcua.conf.dev"])
def test_leaders_and_administrators_need_a_totp_code_by_default(module, tmp_path):
    roles, enforce = _defaults(module, tmp_path)
    assert needs_second_factor(["leader"], False, roles)
    assert needs_second_factor(["admin"], False, roles)
    assert needs_second_factor([], True, roles)  # a superuser without a role
    assert not needs_second_factor(["reception", "specialist"], False, roles)
    assert enforce is True  # the content security policy blocks, not only reports
