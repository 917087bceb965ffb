"""Rate limits: how many times something may happen per key in a fixed time window.

One rule is a `Limit` (a bucket name, how many, per how long). `take` counts one hit and says
whether it was within the limit; `peek` only reads. Keys are hashed with the app's lookup key
before they are stored, so a counter never holds a phone number or a client address.

Counting is one upsert (`INSERT … ON CONFLICT DO UPDATE … RETURNING count`) on SQLite and
PostgreSQL alike, so concurrent hits are counted exactly: the 6th of five allowed is refused
even when all six arrive at once. A hit that was refused is counted too (an attacker who keeps
trying stays refused until the window ends). `purge` drops windows that ended a day ago.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from salon_app.core.crypto import lookup_hash
from salon_app.core.models import RateCounter

EPOCH = datetime(2026, 1, 1)


@dataclass(frozen=True)
class Limit:
    """At most `count` hits of `bucket` per key in any fixed window of `per`."""

    bucket: str
    count: int
    per: timedelta


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int  # hits in this window, this one included
    retry_after: timedelta  # until the window ends (zero when allowed)


def window_start(now: datetime, per: timedelta) -> datetime:
    """The start of the fixed window holding `now` (windows are aligned to 2026-01-01 UTC)."""
    naive = now.replace(tzinfo=None)
    step = max(1, int(per.total_seconds()))
    elapsed = int((naive - EPOCH).total_seconds())
    return (EPOCH + timedelta(seconds=elapsed - elapsed % step)).replace(tzinfo=now.tzinfo)


def key_hash(limit: Limit, key: str | int) -> str:
    return lookup_hash(f"rate:{limit.bucket}:{key}")


def take(session: Session, limit: Limit, key: str | int, now: datetime, amount: int = 1) -> Verdict:
    """Count one hit of `key` now (or `amount` units at once, e.g. kilobytes uploaded); the
    caller commits (with what it does, or alone when it refuses). Not allowed once the window
    would hold more than `limit.count`."""
    start = window_start(now, limit.per)
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table = RateCounter.__table__
    statement = insert(table).values(
        bucket=limit.bucket, key_hash=key_hash(limit, key), window_start=start, count=amount
    )
    statement = statement.on_conflict_do_update(
        index_elements=["bucket", "key_hash", "window_start"],
        set_={"count": table.c.count + amount},
    ).returning(table.c.count)
    count = session.execute(statement).scalar_one()
    allowed = count <= limit.count
    wait = timedelta(0) if allowed else start + limit.per - now
    return Verdict(allowed, count, wait)


def peek(session: Session, limit: Limit, key: str | int, now: datetime) -> int:
    """Hits of `key` in the current window, without counting one."""
    start = window_start(now, limit.per)
    count = session.exec(
        select(RateCounter.count).where(
            RateCounter.bucket == limit.bucket,
            RateCounter.key_hash == key_hash(limit, key),
            RateCounter.window_start == start,
        )
    ).first()
    return count or 0


def clear(session: Session, limit: Limit, key: str | int) -> None:
    """Forget `key`'s hits in every window (e.g. after a successful login)."""
    session.execute(
        delete(RateCounter).where(
            RateCounter.bucket == limit.bucket, RateCounter.key_hash == key_hash(limit, key)
        )
    )


def purge(session: Session, now: datetime, keep: timedelta = timedelta(days=1)) -> int:
    """Delete windows that started more than `keep` ago (the longest limit must be shorter)."""
    result = session.execute(delete(RateCounter).where(RateCounter.window_start < now - keep))
    return result.rowcount or 0
