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

from datetime import datetime, tzinfo
from typing import NamedTuple

from sqlalchemy import text
from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import LedgerEntry, Order
from salon_app.core.services.ledger import SETTLEMENT
from salon_app.core.services.stats.visits import epoch, from_epoch

BASES = ("service", "payment")
# Literal, so the partial index ix_ledger_entry_settlement_back serves it (SQLite needs that).
TAKEN_BACK = text("ledger_entry.kind = 'settlement' AND ledger_entry.amount_fen > 0")


class RevenueRow(NamedTuple):
    at: datetime  # the instant that decides the day (service start, payment, or refund), local
    technician_id: int | None
    amount_fen: int  # positive: earned; negative: taken back by a refund


def check_basis(basis: str) -> str:
    if basis not in BASES:
        raise DomainError("stats.basis_unknown")
    return basis


def revenue_rows(
    session: Session, shop_id: int, start: datetime, end: datetime, basis: str, tz: tzinfo
) -> list[RevenueRow]:
    """The shop's revenue rows whose day (see the module rule) lies in [start, end)."""
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
        .order_by(when, col(LedgerEntry.id))
    ).all()
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
    taken_back = [(at, techs[o], amount) for o, at, amount in back if o in techs]
    rows = [RevenueRow(from_epoch(at, tz), tech, -amount) for at, tech, amount in earned]
    return rows + [RevenueRow(at.astimezone(tz), t, -amount) for at, t, amount in taken_back]
