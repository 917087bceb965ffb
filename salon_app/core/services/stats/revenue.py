"""A shop's revenue, read from the ledger: totals equal the ledger's rows to the fen.

Rule: revenue is what completed visits earned. When an order completes, income.py writes a
settlement row of -price on the platform account (the price split into commission and the
technician's share); a refund of a completed order writes settlement rows of +amount back.
So the shop's revenue over a period is minus the sum of those rows of its orders, where
- the completion row (negative) falls on the order's service day (basis "service") or its
  payment day (basis "payment");
- a refund's row (positive) falls on the day it was written (the refund date), either basis.
Cancelled orders and no-shows never complete, so they never earn (and nothing is taken back).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from sqlalchemy import text
from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import LedgerEntry, Order
from salon_app.core.services.ledger import SETTLEMENT
from salon_app.core.services.stats.period import Period
from salon_app.core.services.stats.visits import epoch, from_epoch

BASES = ("service", "payment")
# Literal, so the partial index ix_ledger_entry_settlement_back serves it (SQLite needs that).
TAKEN_BACK = text("ledger_entry.kind = 'settlement' AND ledger_entry.amount_fen > 0")


@dataclass
class Revenue:
    """The shop's revenue rows summed per (local day, technician id): `net` is what was earned
    less what refunds took back, `refunds` what they took back (negative). Summed while
    reading: one row object per ledger row alive at once cost full garbage collections."""

    net: Counter[tuple[date, int | None]] = field(default_factory=Counter)
    refunds: Counter[tuple[date, int | None]] = field(default_factory=Counter)

    def add(self, at: datetime, technician_id: int | None, amount_fen: int) -> None:
        """One row: `at` local (its .date() is the shop's day), amount positive when earned."""
        key = (at.date(), technician_id)
        self.net[key] += amount_fen
        if amount_fen < 0:
            self.refunds[key] += amount_fen

    def total(self, period: Period, refunds: bool = False) -> int:
        rows = self.refunds if refunds else self.net
        return sum(fen for (day, _), fen in rows.items() if period.first <= day <= period.last)

    def by_day(self, period: Period) -> Counter[date]:
        days: Counter[date] = Counter()
        for (day, _), fen in self.net.items():
            if period.first <= day <= period.last:
                days[day] += fen
        return days

    def by_technician(self, period: Period) -> Counter[int | None]:
        techs: Counter[int | None] = Counter()
        for (day, tech), fen in self.net.items():
            if period.first <= day <= period.last:
                techs[tech] += fen
        return techs


def check_basis(basis: str) -> str:
    if basis not in BASES:
        raise DomainError("stats.basis_unknown")
    return basis


def revenue(
    session: Session, shop_id: int, start: datetime, end: datetime, basis: str, tz: tzinfo
) -> Revenue:
    """The shop's revenue rows whose day (see the module rule) lies in [start, end), summed."""
    when = col(Order.starts_at) if check_basis(basis) == "service" else col(Order.paid_at)
    run = session.connection().execute  # plain rows: no ORM loading for thousands of rows
    earned = run(
        select(epoch(session, when), Order.technician_id, LedgerEntry.amount_fen)
        .join(LedgerEntry, col(LedgerEntry.order_id) == col(Order.id))
        .where(
            Order.merchant_id == shop_id,
            when >= start,
            when < end,
            LedgerEntry.kind == SETTLEMENT,  # (settlement rows are all the platform's)
            col(LedgerEntry.amount_fen) < 0,
        )
    )  # sums need no order
    found = Revenue()
    for at, tech, amount in earned:  # iterated, not fetched as a list (visits.load_visits)
        found.add(from_epoch(at, tz), tech, -amount)
    # Refunds of completed orders are few: read them by date alone (a partial index), then
    # keep those of the shop's orders.
    back = run(
        select(LedgerEntry.order_id, LedgerEntry.created_at, LedgerEntry.amount_fen)
        .where(TAKEN_BACK, col(LedgerEntry.created_at) >= start, col(LedgerEntry.created_at) < end)
        .order_by(col(LedgerEntry.created_at), col(LedgerEntry.id))
    ).all()
    ids = sorted({order_id for order_id, _, _ in back})
    techs = (
        dict(
            run(
                select(Order.id, Order.technician_id).where(
                    col(Order.id).in_(ids), Order.merchant_id == shop_id
                )
            ).all()
        )
        if ids
        else {}
    )
    for order_id, at, amount in back:
        if order_id in techs:
            found.add(at.astimezone(tz), techs[order_id], -amount)
    return found
