"""The enforced content security policy in a real browser (decision 0533): the main pages of every
audience load, and work, without the browser reporting a single violation."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from motcua.accounts.models import Role
from motcua.queueing import services as queue
from tests.factories import make_user
from tests.payments.fees_world import fee_procedure, notice_for, received  # noqa: F401 (fixture)
from tests.queueing.world import make_queue, readers_never_block  # noqa: F401 (fixture)

# Every violation fires this DOM event (report-only too); init scripts run before the page's own
# and are not subject to its policy.
LISTEN = """window.__csp = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__csp.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber));"""


@pytest.fixture
def watched(page):
    page.add_init_script(LISTEN)
    console = []
    page.on("console", lambda message: console.append(message.text)
            if "Content Security Policy" in message.text else None)
    return page, console


def _as(page, live_server, user):
    page.context.clear_cookies()
    if user is not None:
        client = Client()
        client.force_login(user)
        page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                   "url": live_server.url}])


def _visit(page, console, url, found, shot=None):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    reported = page.evaluate("window.__csp") + console
    console.clear()
    if reported:
        found[url] = reported
    if shot:
        page.screenshot(path=f"test-artifacts/csp-{shot}.png", full_page=True)


@pytest.fixture
def everything(world, applicant, fee_procedure, readers_never_block, settings):  # noqa: F811
    settings.MOTCUA_CSP_ENFORCE = True
    q = make_queue(world.org)
    queue.issue_ticket(q.civil)
    notice = notice_for(received(world, applicant), world.reception, amount=24000, name="Phí cấp bản sao")
    monitor = make_user("giamsat", province=world.org.province, role=Role.PROVINCIAL_MONITOR)
    return world, q, notice, monitor


def test_main_pages_raise_no_violation(live_server, watched, everything):
    page, console = watched
    world, q, notice, monitor = everything
    site, found = live_server.url, {}
    dossier, centre = notice.dossier, q.centre.code
    enforced = page.goto(site + "/").headers.get("content-security-policy", "")
    assert "script-src 'self'" in enforced and "unsafe-inline" not in enforced
    public = ["/", "/thu-tuc/", f"/thu-tuc/{world.procedure.code}/", reverse("catalog:print", args=[world.procedure.code]),
              "/tra-cuu/", "/tro-ly/", reverse("payments:pay", args=[dossier.public_id]),
              reverse("queueing:kiosk", args=[centre]), reverse("queueing:display", args=[centre]), "/api/v1/docs"]
    for url in public:
        _visit(page, console, site + url, found)
    expect(page.locator(".swagger-ui .title")).to_contain_text("motcua API")  # the API docs page works too
    # htmx at work under the policy: the catalogue searches as one types, the assistant answers.
    page.goto(site + "/thu-tuc/")
    page.get_by_role("searchbox").first.fill("khai sinh")
    expect(page.locator("#results")).to_contain_text(world.procedure.name)
    _as(page, live_server, world.citizen)
    _visit(page, console, site + reverse("portal:submit", args=[world.procedure.code]), found, "portal-submit")
    _as(page, live_server, world.reception)
    for url in ("/nghiep-vu/ho-so/", reverse("backoffice:dossier", args=[dossier.public_id]),
                reverse("queueing:console", args=[q.counters[0].pk])):
        _visit(page, console, site + url, found)
    # The inbox's tabs swap the list by htmx: settling attributes must not write a style attribute.
    _visit(page, console, site + "/nghiep-vu/ho-so/", found)
    for tab in ("Quá hạn", "Việc của tôi"):
        page.locator(".bo-tabs").get_by_role("link", name=tab).click()
        expect(page.locator(".bo-tab.is-current")).to_contain_text(tab)
    page.wait_for_load_state("networkidle")
    if reported := page.evaluate("window.__csp") + console:
        found["inbox tabs"] = reported
    _as(page, live_server, q.manager)
    _visit(page, console, site + reverse("queueing:board", args=[centre]), found, "queue-board")
    _as(page, live_server, monitor)
    for url, shot in (("/giam-sat/", "dashboard"), ("/giam-sat/xep-hang/", None), ("/giam-sat/man-hinh/", "wall")):
        _visit(page, console, site + url, found, shot)
    assert found == {}, found


def test_a_violation_is_seen(live_server, watched, transactional_db):
    """The listener works: a page given an inline handler reports it, and the handler does not run."""
    page, console = watched
    page.goto(live_server.url + "/thu-tuc/")
    page.evaluate("""() => { const b = document.createElement('button'); b.id = 'x';
        b.setAttribute('onclick', 'document.title = "ran"'); document.body.append(b); b.click(); }""")
    page.wait_for_timeout(200)
    assert page.title() != "ran"
    assert any("script-src" in text for text in page.evaluate("window.__csp"))
