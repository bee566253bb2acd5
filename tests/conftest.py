import pytest
from django.db import connection

pytest_plugins = ["tests.fixtures_dossiers"]

CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, never a downloaded browser (see shared/docs/browser-tests.md)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """The database cache (calendars, live dashboard figures) is a table no test flush empties:
    clear it so that one test's cached figures never leak into the next. (Rate-limit counters moved
    to core.RateCounter, which each test's transaction or flush resets.)"""
    marker = request.node.get_closest_marker("django_db")
    transactional = ("live_server" in request.fixturenames or "transactional_db" in request.fixturenames
                     or bool(marker and marker.kwargs.get("transaction")))
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _skip_postgres_only(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run scripts/test)")


@pytest.fixture
def org(db):
    """A small province: one department, two communes, a centre with counters at the first commune."""
    from tests.factories import make_org

    return make_org()
