"""Serialise changes to one technician's calendar.

PostgreSQL: a row lock on the technician (other technicians book in parallel). SQLite: the
first statement of the transaction is a write, so the database's single write lock is taken
before anything is read and the checks that follow see the latest committed bookings.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session


def lock_technician_calendar(session: Session, technician_id: int) -> bool:
    """Take the lock for this transaction; False when the technician does not exist."""
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(
            text("SELECT id FROM technician WHERE id = :id FOR UPDATE"), {"id": technician_id}
        ).first()
        return row is not None
    result = session.execute(
        text("UPDATE technician SET id = id WHERE id = :id"), {"id": technician_id}
    )
    return result.rowcount == 1


def lock_shop(session: Session, merchant_id: int) -> bool:
    """Serialise changes to one shop's staff and opening times (the shop row, as above);
    False when the shop does not exist."""
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(
            text("SELECT id FROM merchant WHERE id = :id FOR UPDATE"), {"id": merchant_id}
        ).first()
        return row is not None
    result = session.execute(
        text("UPDATE merchant SET id = id WHERE id = :id"), {"id": merchant_id}
    )
    return result.rowcount == 1
