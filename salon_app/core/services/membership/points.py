"""The points ledger: every change of a customer's points is a PointsEntry row, exactly once
per key; balances are derived from the rows.

A positive row is a batch, usable from `available_at` until `expires_at`. A negative row draws
on the usable batches soonest-expiring first (batches without an expiry last), and records what
it drew (PointsDraw). A take-back may exceed what is usable: the undrawn rest is the customer's
debt, never clamped to zero, and the next batches pay it off first. Every function here runs
under `lock_points` (one customer's points change one at a time, on several workers) and does
not commit: the caller commits with the rest of its change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import PointsDraw, PointsEntry

# A purchase with points carries a key the page made when it showed the offer: a double click
# sends the same key twice, and the purchase happens once (coupons, gifts).
REQUEST_KEY = re.compile(r"^[0-9a-f]{8,32}$")


def valid_request_key(key: object) -> bool:
    return isinstance(key, str) and REQUEST_KEY.match(key) is not None


@dataclass(frozen=True)
class PointsBalance:
    available: int  # usable now, less any debt (negative while the debt is larger)
    pending: int  # earned but not usable yet (frozen until some days after the service)
    debt: int  # taken back beyond what was usable, to be paid off by the next batches
    # Usable batches with an expiry, soonest first: (expires_at, points left)
    expiring: tuple[tuple[datetime, int], ...]


def lock_points(session: Session, user_id: int) -> None:
    """Serialise points changes of one customer for the rest of this transaction (PostgreSQL:
    a row lock on the user; SQLite: the transaction's first statement is a write)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text('SELECT id FROM "user" WHERE id = :id FOR NO KEY UPDATE'), {"id": user_id}
        )
    else:
        session.execute(text('UPDATE "user" SET id = id WHERE id = :id'), {"id": user_id})


def _drawn_from_batches(session: Session, user_id: int) -> list[tuple[PointsEntry, int]]:
    """Every batch of the customer with what is left of it, soonest-expiring first."""
    drawn = (
        select(PointsDraw.batch_id, func.sum(PointsDraw.amount).label("drawn"))
        .group_by(PointsDraw.batch_id)
        .subquery()
    )
    rows = session.exec(
        select(PointsEntry, func.coalesce(drawn.c.drawn, 0))
        .outerjoin(drawn, drawn.c.batch_id == PointsEntry.id)
        .where(PointsEntry.user_id == user_id, PointsEntry.amount > 0)
        .order_by(
            col(PointsEntry.expires_at).is_(None),
            PointsEntry.expires_at,
            PointsEntry.id,
        )
    ).all()
    return [(batch, batch.amount - int(used)) for batch, used in rows]


def batches_left(session: Session, user_id: int) -> list[tuple[PointsEntry, int]]:
    """Every batch of the customer with the points left in it, soonest-expiring first (the
    member centre shows them, the expiry job writes off the rest of expired ones)."""
    return _drawn_from_batches(session, user_id)


def _debts(session: Session, user_id: int) -> list[tuple[PointsEntry, int]]:
    """Negative rows not fully drawn (a take-back beyond the balance), oldest first."""
    drawn = (
        select(PointsDraw.entry_id, func.sum(PointsDraw.amount).label("drawn"))
        .group_by(PointsDraw.entry_id)
        .subquery()
    )
    rows = session.exec(
        select(PointsEntry, func.coalesce(drawn.c.drawn, 0))
        .outerjoin(drawn, drawn.c.entry_id == PointsEntry.id)
        .where(PointsEntry.user_id == user_id, PointsEntry.amount < 0)
        .order_by(PointsEntry.created_at, PointsEntry.id)
    ).all()
    return [(entry, -entry.amount - int(d)) for entry, d in rows if -entry.amount > int(d)]


def _usable(batch: PointsEntry, now: datetime) -> bool:
    return batch.available_at <= now and (batch.expires_at is None or batch.expires_at > now)


def balance(session: Session, user_id: int, now: datetime) -> PointsBalance:
    """The customer's points now, from the ledger rows."""
    batches = _drawn_from_batches(session, user_id)
    debt = sum(rest for _, rest in _debts(session, user_id))
    usable = [(b, left) for b, left in batches if left > 0 and _usable(b, now)]
    pending = sum(left for b, left in batches if left > 0 and b.available_at > now)
    expiring = tuple((b.expires_at, left) for b, left in usable if b.expires_at is not None)
    return PointsBalance(sum(left for _, left in usable) - debt, pending, debt, expiring)


def _exists(session: Session, key: str) -> PointsEntry | None:
    return session.exec(select(PointsEntry).where(PointsEntry.key == key)).first()


def credit(
    session: Session,
    user_id: int,
    kind: str,
    amount: int,
    key: str,
    at: datetime,
    *,
    available_at: datetime | None = None,
    expires_at: datetime | None = None,
    order_id: int | None = None,
    note: str = "",
) -> PointsEntry | None:
    """Add a batch of `amount` (> 0) points; a key already used adds nothing (None).

    The batch pays off any debt first (the oldest take-back first)."""
    if amount <= 0:
        raise ValueError("a batch adds points")
    lock_points(session, user_id)
    if _exists(session, key) is not None:
        return None
    batch = PointsEntry(
        user_id=user_id,
        kind=kind,
        amount=amount,
        order_id=order_id,
        key=key,
        available_at=available_at or at,
        expires_at=expires_at,
        created_at=at,
        note=note,
    )
    session.add(batch)
    session.flush()
    left = amount
    for debt, rest in _debts(session, user_id):
        if left == 0:
            break
        take = min(left, rest)
        session.add(PointsDraw(entry_id=debt.id, batch_id=batch.id, amount=take))
        left -= take
    return batch


def debit(
    session: Session,
    user_id: int,
    kind: str,
    amount: int,
    key: str,
    at: datetime,
    *,
    order_id: int | None = None,
    allow_debt: bool = False,
    first_batch_id: int | None = None,
    note: str = "",
) -> PointsEntry | None:
    """Take `amount` (> 0) points from the usable batches, soonest-expiring first (or from
    `first_batch_id` first: a take-back of points an order earned starts with that batch).

    More than is usable: refused with points.not_enough, unless `allow_debt` (a take-back),
    when the rest stays as debt. A key already used takes nothing (None)."""
    if amount <= 0:
        raise ValueError("a debit takes points")
    lock_points(session, user_id)
    if _exists(session, key) is not None:
        return None
    batches = _drawn_from_batches(session, user_id)
    usable = [(b, left) for b, left in batches if left > 0 and _usable(b, at)]
    if first_batch_id is not None:  # the order's own batch first, usable yet or not
        own = [(b, left) for b, left in batches if b.id == first_batch_id and left > 0]
        usable = own + [(b, left) for b, left in usable if b.id != first_batch_id]
    owed = sum(rest for _, rest in _debts(session, user_id))
    if not allow_debt and sum(left for _, left in usable) - owed < amount:
        raise DomainError("points.not_enough", have=max(0, sum(x for _, x in usable) - owed))
    entry = PointsEntry(
        user_id=user_id,
        kind=kind,
        amount=-amount,
        order_id=order_id,
        key=key,
        available_at=at,
        created_at=at,
        note=note,
    )
    session.add(entry)
    session.flush()
    left = amount
    for batch, rest in usable:
        if left == 0:
            break
        take = min(left, rest)
        session.add(PointsDraw(entry_id=entry.id, batch_id=batch.id, amount=take))
        left -= take
    return entry


def reverse(
    session: Session, entry: PointsEntry, amount: int, kind: str, key: str, at: datetime
) -> list[PointsEntry]:
    """Give back `amount` of a debit's points: as new batches with the expiries of the batches
    it drew (the latest-expiring first), so returned points keep their own deadline. Exactly
    once per key (the key is suffixed per batch). Amounts above what the debit drew are not
    given back."""
    if entry.amount >= 0 or amount <= 0:
        return []
    draws = session.exec(
        select(PointsDraw, PointsEntry)
        .join(PointsEntry, PointsEntry.id == PointsDraw.batch_id)
        .where(PointsDraw.entry_id == entry.id)
        .order_by(col(PointsEntry.expires_at).is_(None).desc(), PointsEntry.expires_at.desc())
    ).all()
    given, left = [], amount
    for i, (draw, batch) in enumerate(draws):
        if left == 0:
            break
        back = min(left, draw.amount)
        row = credit(
            session,
            entry.user_id,
            kind,
            back,
            f"{key}:{i}",
            at,
            expires_at=batch.expires_at,
            order_id=entry.order_id,
        )
        if row is not None:
            given.append(row)
        left -= back
    return given
