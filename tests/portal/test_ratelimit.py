"""core.ratelimit: fixed windows in the shared cache."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua.core import ratelimit
from motcua.core.ratelimit import Rate


def test_rates_read_from_settings():
    assert ratelimit.parse_rate("10/600") == Rate(10, 600)
    assert ratelimit.parse_rate(" 5 / 3600 ") == Rate(5, 3600)
    for bad in ("", "10", "0/60", "10/0", "ten/600", "-1/60"):
        with pytest.raises(ImproperlyConfigured, match="tries/seconds"):
            ratelimit.parse_rate(bad)


def test_windows_start_on_multiples_of_their_length():
    rate = Rate(10, 600)
    assert ratelimit.window_key("ip", "1.2.3.4", rate, 1_200.0) == ratelimit.window_key("ip", "1.2.3.4", rate, 1_799.9)
    assert ratelimit.window_key("ip", "1.2.3.4", rate, 1_799.9) != ratelimit.window_key("ip", "1.2.3.4", rate, 1_800.0)
    assert ratelimit.window_key("ip", "a", rate, 0) != ratelimit.window_key("code", "a", rate, 0)


@pytest.mark.parametrize("remote,forwarded,hops,client", [
    ("198.51.100.1", "203.0.113.9", 0, "198.51.100.1"),          # no proxy: the header is ignored
    ("127.0.0.1", "203.0.113.9", 1, "203.0.113.9"),
    ("127.0.0.1", "6.6.6.6, 203.0.113.9", 1, "203.0.113.9"),     # a forged left entry is not trusted
    ("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.5", 2, "203.0.113.9"),
    ("127.0.0.1", "", 1, "127.0.0.1"),                            # header missing: the connection
])
def test_client_address_behind_trusted_proxies(remote, forwarded, hops, client):
    assert ratelimit.client_ip(remote, forwarded, hops) == client


@pytest.mark.django_db
def test_hits_count_up_to_the_limit_per_identity(settings):
    from django.core.cache import cache

    cache.clear()
    rate = Rate(3, 600)
    assert [ratelimit.hit("t", "a", rate) for _ in range(4)] == [True, True, True, False]
    assert ratelimit.is_exceeded("t", "a", rate)
    assert not ratelimit.is_exceeded("t", "b", rate) and ratelimit.hit("t", "b", rate)


@pytest.mark.django_db
def test_a_new_window_starts_afresh():
    from django.core.cache import cache

    cache.clear()
    rate = Rate(1, 60)
    assert ratelimit.hit("t", "a", rate, now=1_000.0) and not ratelimit.hit("t", "a", rate, now=1_019.0)
    assert ratelimit.is_exceeded("t", "a", rate, now=1_019.0)
    assert not ratelimit.is_exceeded("t", "a", rate, now=1_020.0)  # the next minute's window
    assert ratelimit.hit("t", "a", rate, now=1_020.0)
