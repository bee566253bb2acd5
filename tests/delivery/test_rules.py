"""Pure rules of result delivery: locker codes and tries, recall time, postal statuses, desk lists."""

from datetime import timedelta

import pytest

from motcua.delivery import rules
from motcua.delivery.rules import Bucket, Verdict
from tests.fixtures_dossiers import at

SECRET = b"installation-secret"
NOW = at(2026, 3, 10, 9, 0)


def test_code_digest_is_keyed_and_salted():
    digest = rules.code_digest(SECRET, "dossier-a", "123456")
    assert rules.code_matches(SECRET, "dossier-a", "123456", digest)
    assert not rules.code_matches(SECRET, "dossier-a", "123457", digest)
    assert not rules.code_matches(SECRET, "dossier-b", "123456", digest)  # same code, other dossier
    assert not rules.code_matches(b"another-secret", "dossier-a", "123456", digest)  # a stolen table alone is useless
    assert "123456" not in digest and len(digest) == 64


@pytest.mark.parametrize("typed, clean", [("123456", "123456"), (" 123 456 ", "123456"), ("12345", ""),
                                          ("1234567", ""), ("12345a", ""), ("١٢٣٤٥٦", ""), ("", "")])
def test_clean_code(typed, clean):
    assert rules.clean_code(typed) == clean


def test_clean_dossier_code():
    assert rules.clean_dossier_code(" h99.50-260310-0001 ") == "H99.50-260310-0001"


def judge(status="waiting", failed=0, matches=True, now=NOW):
    return rules.judge_attempt(status=status, expires_at=NOW + timedelta(hours=48), failed_attempts=failed,
                               max_attempts=5, now=now, matches=matches)


def test_right_code_in_time_opens():
    assert judge() == Verdict.OPEN


def test_wrong_codes_count_and_the_fifth_locks():
    assert [judge(failed=n, matches=False) for n in range(5)] == [Verdict.WRONG] * 4 + [Verdict.LOCK]


def test_expired_locked_used_or_recalled_never_open_even_with_the_right_code():
    assert judge(now=NOW + timedelta(hours=48)) == Verdict.REFUSE  # expiry moment itself is too late
    assert judge(now=NOW + timedelta(hours=47, minutes=59)) == Verdict.OPEN
    for status in ("locked", "collected", "expired", "recalled"):
        assert judge(status=status) == Verdict.REFUSE


def test_recall_after_keep_days():
    placed = at(2026, 3, 10, 16, 0)
    assert not rules.recall_due(placed, 3, at(2026, 3, 13, 15, 59))
    assert rules.recall_due(placed, 3, at(2026, 3, 13, 16, 0))


@pytest.mark.parametrize("current, reported, new", [
    ("sent", "delivered", "delivered"), ("sent", "failed", "failed"), ("sent", "returned", "returned"),
    ("failed", "returned", "returned"), ("failed", "delivered", None), ("delivered", "failed", None),
    ("returned", "delivered", None), ("sent", "sent", None), ("delivered", "delivered", None)])
def test_shipment_status_updates(current, reported, new):
    assert rules.next_shipment_status(current, reported) == new


@pytest.mark.parametrize("delivery, shipment, placement, has_file, bucket", [
    ("counter", None, None, True, Bucket.COUNTER),
    ("post", None, None, True, Bucket.TO_SHIP),
    ("post", "sent", None, True, Bucket.IN_TRANSIT),
    ("post", "failed", None, True, Bucket.COUNTER),       # back to the counter queue
    ("post", "returned", None, True, Bucket.COUNTER),
    ("locker", None, None, True, Bucket.TO_PLACE),
    ("locker", None, "waiting", True, Bucket.IN_LOCKER),
    ("locker", None, "locked", True, Bucket.IN_LOCKER),
    ("locker", None, "expired", True, Bucket.TO_RECALL),
    ("locker", None, "recalled", True, Bucket.COUNTER),
    ("electronic", None, None, True, Bucket.ELECTRONIC),
    ("electronic", None, None, False, Bucket.COUNTER),    # nothing to download: hand it over
    ("counter", "failed", "waiting", True, Bucket.IN_LOCKER),  # the latest thing done wins
])
def test_desk_bucket(delivery, shipment, placement, has_file, bucket):
    assert rules.desk_bucket(delivery, shipment, placement, has_file) == bucket
