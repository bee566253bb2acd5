import pytest


@pytest.fixture
def rp(live_server, settings, transactional_db):
    """This site as both relying party and (simulated) provider, reachable at the live server's address."""
    settings.MOTCUA_PUBLIC_URL = live_server.url
    settings.MOTCUA_OIDC_ISSUER = ""
    settings.MOTCUA_ENABLE_DEMO_PLUGINS = True
    from django.core.cache import cache

    cache.clear()  # discovery and keys cached by an earlier test name another port
    return live_server.url
