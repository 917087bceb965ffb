"""Rate limits: fixed windows per key, exact under concurrent hits, keys never stored plain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from salon_app.core.models import RateCounter
from salon_app.core.services import rate_limits
from salon_app.core.services.rate_limits import Limit
from tests.support.races import race

FIVE_PER_15_MIN = Limit("test.login", 5, timedelta(minutes=15))
NOW = datetime(2026, 12, 7, 9, 7, 30, tzinfo=UTC)


def test_the_sixth_hit_in_a_window_is_refused_and_says_how_long_to_wait(session: Session):
    verdicts = [rate_limits.take(session, FIVE_PER_15_MIN, "13800138000", NOW) for _ in range(6)]
    session.commit()
    assert [v.allowed for v in verdicts] == [True] * 5 + [False]
    assert verdicts[-1].count == 6
    assert verdicts[-1].retry_after == timedelta(minutes=7, seconds=30)  # the window ends 09:15
    assert rate_limits.peek(session, FIVE_PER_15_MIN, "13800138000", NOW) == 6


def test_a_new_window_starts_afresh_and_keys_do_not_share_counts(session: Session):
    for _ in range(5):
        rate_limits.take(session, FIVE_PER_15_MIN, "a", NOW)
    assert not rate_limits.take(session, FIVE_PER_15_MIN, "a", NOW).allowed
    assert rate_limits.take(session, FIVE_PER_15_MIN, "b", NOW).allowed
    later = NOW + timedelta(minutes=8)  # 09:15:30, the next window
    assert rate_limits.take(session, FIVE_PER_15_MIN, "a", later).allowed
    other_bucket = Limit("test.other", 1, timedelta(minutes=15))
    assert rate_limits.take(session, other_bucket, "a", NOW).allowed


def test_the_counter_holds_a_hash_never_the_phone(session: Session):
    rate_limits.take(session, FIVE_PER_15_MIN, "13800138000", NOW)
    session.commit()
    row = session.exec(select(RateCounter)).one()
    assert "13800138000" not in row.key_hash
    assert row.window_start == datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_clear_forgets_a_key_and_purge_drops_old_windows(session: Session):
    for key in ("a", "b"):
        rate_limits.take(session, FIVE_PER_15_MIN, key, NOW - timedelta(days=2))
        rate_limits.take(session, FIVE_PER_15_MIN, key, NOW)
    rate_limits.clear(session, FIVE_PER_15_MIN, "a")
    assert rate_limits.peek(session, FIVE_PER_15_MIN, "a", NOW) == 0
    assert rate_limits.purge(session, NOW) == 1  # b's window of two days ago
    session.commit()
    assert rate_limits.peek(session, FIVE_PER_15_MIN, "b", NOW) == 1


def test_concurrent_hits_are_counted_exactly(engine):
    def hit(s: Session) -> bool:
        verdict = rate_limits.take(s, FIVE_PER_15_MIN, "same", NOW)
        s.commit()
        return verdict.allowed

    results = race(engine, *([hit] * 8))
    assert sorted(results) == [False] * 3 + [True] * 5
    with Session(engine) as s:
        assert rate_limits.peek(s, FIVE_PER_15_MIN, "same", NOW) == 8
