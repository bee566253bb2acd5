"""Steps of the browser tests that drive the back-office pages (tests/browser/test_backoffice*.py,
test_dossier_flows*.py)."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

PASSWORD = "Mat-khau-2026!"  # tests.factories.make_user


def log_in(page, live_server, user, next_url="/nghiep-vu/ho-so/"):
    # Leave the previous page first: a request it still had in flight (an htmx refresh, a CSP
    # report) could otherwise come back after the cookies are cleared and set a new CSRF cookie
    # under the sign-in form (seen as "CSRF token from POST incorrect" on a busy machine).
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next={next_url}")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    # The path itself: a glob "**/nghiep-vu/ho-so/" also matches the sign-in page's own ?next=… URL,
    # which let the next step start before the redirect had happened.
    page.wait_for_url(lambda url: urlsplit(url).path == urlsplit(next_url).path)


def open_from_inbox(page, code, tab="Việc của tôi"):
    page.locator(".bo-tabs").get_by_role("link", name=tab).click()
    page.get_by_role("link", name=code).click()
    expect(page.locator("h1 .bo-code")).to_have_text(code)


def do(page, action, label, **fields):
    """Open an action's panel on the dossier page, fill it, submit it (htmx) and wait for the notice."""
    panel = page.locator(f"#act-{action}")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    for field_label, value in fields.items():
        panel.get_by_label(field_label, exact=True).fill(value)
    panel.get_by_role("button", name=label).click()
    expect(page.locator("#dossier-body .msg").first).to_contain_text("Đã thực hiện")
