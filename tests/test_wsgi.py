"""The WSGI module warms the process up at import: every URL module imported, the heap frozen
(decision 0574), so a page's first request neither imports views nor meets a full collection."""

import json
import os
import subprocess
import sys


def test_importing_the_wsgi_module_loads_every_view_and_freezes_the_heap():
    probe = ("import gc, json, sys; import motcua.wsgi; "
             "print(json.dumps([gc.get_freeze_count(), 'motcua.monitoring.views' in sys.modules]))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "motcua.conf.test"}
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    frozen, views_loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert views_loaded
    assert frozen > 100_000  # Django and every app: a few hundred thousand objects
