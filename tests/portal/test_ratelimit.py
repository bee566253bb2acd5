"""core.ratelimit: fixed windows counted in one shared table, one statement per try."""

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
    assert ratelimit.window_end(rate, 1_200.0) == ratelimit.window_end(rate, 1_799.9) == 1_800
    assert ratelimit.window_end(rate, 1_800.0) == 2_400
    assert ratelimit.counter_key("ip", "a", rate) != ratelimit.counter_key("code", "a", rate)
    assert ratelimit.counter_key("ip", "a", rate) != ratelimit.counter_key("ip", "a", Rate(10, 60))
    assert "1.2.3.4" not in ratelimit.counter_key("ip", "1.2.3.4", rate)  # hashed, never stored as typed


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
def test_hits_count_up_to_the_limit_per_identity():
    rate = Rate(3, 600)
    assert [ratelimit.hit("t", "a", rate) for _ in range(4)] == [True, True, True, False]
    assert ratelimit.is_exceeded("t", "a", rate)
    assert not ratelimit.is_exceeded("t", "b", rate) and ratelimit.hit("t", "b", rate)


@pytest.mark.django_db
def test_a_new_window_starts_afresh():
    rate = Rate(1, 60)
    assert ratelimit.hit("t", "a", rate, now=1_000.0) and not ratelimit.hit("t", "a", rate, now=1_019.0)
    assert ratelimit.is_exceeded("t", "a", rate, now=1_019.0)
    assert not ratelimit.is_exceeded("t", "a", rate, now=1_020.0)  # the next minute's window
    assert ratelimit.hit("t", "a", rate, now=1_020.0)
    # A try stamped with the window before (another machine's clock) counts in the newer window.
    assert not ratelimit.hit("t", "a", rate, now=1_019.0) and ratelimit.is_exceeded("t", "a", rate, now=1_020.0)


@pytest.mark.django_db
def test_a_checked_counter_is_read_in_the_same_statement_and_not_counted(django_assert_num_queries):
    ip, code = Rate(100, 600), Rate(2, 600)
    assert [ratelimit.hit("code", "X", code) for _ in range(2)] == [True, True]
    with django_assert_num_queries(1):
        assert not ratelimit.hit("ip", "1.2.3.4", ip, check=("code", "X", code))  # X used up its tries
    assert ratelimit.hit("ip", "1.2.3.4", ip, check=("code", "Y", code))  # another code: fine
    assert [ratelimit.hit("code", "Y", code) for _ in range(3)] == [True, True, False]  # checking counted none
    assert not ratelimit.is_exceeded("ip", "1.2.3.4", ip)  # the address has used 3 of 100


@pytest.mark.django_db
def test_closed_windows_are_swept(monkeypatch):
    from motcua.core.models import RateCounter

    monkeypatch.setattr(ratelimit, "SWEEP_EVERY", 1)
    rate = Rate(5, 60)
    ratelimit.hit("t", "old", rate, now=1_000.0)
    ratelimit.hit("t", "new", rate, now=1_100.0)  # the first window closed at 1,020: its row goes
    assert list(RateCounter.objects.values_list("window_end", flat=True)) == [1_140]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_tries_never_pass_the_limit():
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    rate = Rate(10, 600)

    def one(_):
        try:
            return ratelimit.hit("race", "1.2.3.4", rate)
        finally:
            connection.close()

    with ThreadPoolExecutor(8) as pool:
        allowed = list(pool.map(one, range(40)))
    assert allowed.count(True) == 10
