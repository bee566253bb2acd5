"""A display screen recovers by itself: the server process is stopped and started again (as in a
deployment), and a proxy answers 502 for a while (EventSource gives up on an error status; the
screen's script must not). Runs the real server (`runserver --noreload`, as `motcua demo` does) on
its own SQLite file, in a separate process."""

import os
import socket
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect

SEED = """
from motcua.organizations.models import Province, Unit, Centre, Counter
from motcua.queueing.models import ServiceGroup
from motcua.queueing import services
p = Province.objects.create(code="H98", name="Tỉnh Thử")
u = Unit.objects.create(province=p, code="H98.50", name="Phường Thử", kind="ward")
c = Centre.objects.create(unit=u, code="thu", name="Trung tâm thử")
g = ServiceGroup.objects.create(centre=c, code="1", name="Hộ tịch")
g.counters.add(Counter.objects.create(centre=c, number=1), Counter.objects.create(centre=c, number=2))
for _ in range(3):
    services.issue_ticket(g)
"""
CALL = """
from motcua.organizations.models import Counter
from motcua.queueing import services
print(services.call_next(Counter.objects.get(number={n}), None).label)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    data = tmp_path_factory.mktemp("queue-site")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "motcua.conf.dev", "MOTCUA_DATA_DIR": str(data),
           "MOTCUA_QUEUE_HEARTBEAT_SECONDS": "1"}
    env.pop("DATABASE_URL", None)  # its own SQLite file, whatever the test run uses
    me = [sys.executable, "-m", "motcua.cli"]
    subprocess.run([*me, "migrate", "--no-input", "-v", "0"], env=env, check=True, capture_output=True)
    subprocess.run([*me, "manage", "shell", "-c", SEED], env=env, check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    def manage(code):
        done = subprocess.run([*me, "manage", "shell", "-c", code], env=env, check=True, capture_output=True, text=True)
        return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""

    def start():
        server = subprocess.Popen([*me, "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return server
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    return {"url": f"http://127.0.0.1:{port}", "start": start, "manage": manage}


def stop(server):
    server.terminate()
    server.wait(timeout=10)


def test_display_recovers_after_a_server_restart_and_error_answers(site, page):
    server = site["start"]()
    try:
        page.goto(site["url"] + "/xep-hang/man-hinh/thu/?voice=0")
        link = page.locator("[data-link]")
        expect(link).to_have_class("link-state up")
        assert site["manage"](CALL.format(n=1)) == "1001"
        expect(page.locator(".call.latest .number")).to_have_text("1001")

        stop(server)
        expect(link).to_have_class("link-state down", timeout=20_000)
        assert site["manage"](CALL.format(n=2)) == "1002"  # a call made while the screen was cut off
        server = site["start"]()
        expect(page.locator(".call.latest .number")).to_have_text("1002", timeout=20_000)
        expect(link).to_have_class("link-state up")

        # A proxy in front of a restarting server answers 502: EventSource closes for good.
        page.route("**/su-kien/**", lambda route: route.fulfill(status=502, body="Bad Gateway"))
        stop(server)
        server = site["start"]()
        expect(link).to_have_class("link-state down", timeout=20_000)
        time.sleep(3)  # several refused reconnections
        page.unroute("**/su-kien/**")
        site["manage"]("from motcua.queueing.models import Ticket\n"
                       "from motcua.queueing import services\n"
                       "from motcua.organizations.models import Counter\n"
                       "c = Counter.objects.get(number=1)\n"
                       "services.act(Ticket.objects.get(label='1001'), 'no_show', c, None)")
        assert site["manage"](CALL.format(n=1)) == "1003"
        expect(page.locator(".call.latest .number")).to_have_text("1003", timeout=20_000)
        expect(link).to_have_class("link-state up")
        page.screenshot(path="test-artifacts/queue-display-recovered.png")
    finally:
        stop(server)
