"""Engine and sessions. SQLite runs in WAL mode with foreign keys on and a page cache of up
to settings.sqlite_cache_mb per connection (256 MB; memory is taken only as pages are read).
SQLite's default of 2 MB leaves every query reading the same index pages from the OS again,
and from disk once the OS has dropped them; a big cache keeps what the dispatch index build
scanned at start hot for the searches after it. PostgreSQL as is (shared_buffers)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from salon_app.core import live_feed  # noqa: F401 - installs the listener on every session
from salon_app.core.settings import get_settings


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI objects are untyped
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA cache_size=-{get_settings().sqlite_cache_mb * 1024:d}")  # in KiB
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            from pathlib import Path

            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


@lru_cache(maxsize=4)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def get_engine() -> Engine:
    return _engine_for(get_settings().database_url)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session for one user action; services commit, anything unfinished is rolled back."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
        finally:
            session.rollback()
