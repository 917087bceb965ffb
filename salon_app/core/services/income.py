"""Technician income, from ledger rows written when an order completes (or is refunded).

On completion the price is split: the shop's commission (its rate; the platform's rate for
technicians without a shop) and the technician's share. Totals are sums of ledger rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.models import LedgerEntry, Merchant, Order, Technician
from salon_app.core.services.actor import Actor
from salon_app.core.services.permissions import require_technician
from salon_app.core.settings import get_settings


@dataclass(frozen=True)
class IncomeLine:
    order_code: str
    at: datetime
    price_fen: int
    commission_fen: int
    share_fen: int


@dataclass(frozen=True)
class Statement:
    lines: list[IncomeLine]
    today_fen: int
    month_fen: int
    total_fen: int
    commission_rate_bp: int


def commission_bp(session: Session, tech: Technician) -> int:
    if tech.merchant_id is None:
        return get_settings().platform_commission_bp
    return session.get(Merchant, tech.merchant_id).commission_bp


def record_completion(session: Session, order: Order) -> None:
    """Split a completed order's price into ledger rows (not committed)."""
    tech = session.get(Technician, order.technician_id)
    commission = order.total_fen * commission_bp(session, tech) // 10_000
    share = order.total_fen - commission
    payee = f"merchant:{tech.merchant_id}" if tech.merchant_id else "platform:commission"
    now = utcnow()
    for account, kind, amount in (
        ("platform", "settlement", -order.total_fen),
        (payee, "commission", commission),
        (f"technician:{tech.id}", "technician_share", share),
    ):
        session.add(
            LedgerEntry(
                account=account, order_id=order.id, kind=kind, amount_fen=amount, created_at=now
            )
        )


def statement(session: Session, actor: Actor | None, limit: int = 50) -> Statement:
    """The technician's own income: per order, today and this month (local time)."""
    tech_id = require_technician(actor)
    tech = session.get(Technician, tech_id)
    zone = ZoneInfo(get_settings().timezone)
    rows = session.exec(
        select(LedgerEntry, Order)
        .join(Order, Order.id == LedgerEntry.order_id)
        .where(LedgerEntry.account == f"technician:{tech_id}")
        .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())
    ).all()
    now = utcnow().astimezone(zone)
    today = month = total = 0
    lines = []
    for entry, order in rows:
        local = entry.created_at.astimezone(zone)
        total += entry.amount_fen
        if (local.year, local.month) == (now.year, now.month):
            month += entry.amount_fen
            if local.date() == now.date():
                today += entry.amount_fen
        if len(lines) < limit:
            share = entry.amount_fen
            lines.append(
                IncomeLine(
                    order.code, entry.created_at, order.total_fen, order.total_fen - share, share
                )
            )
    return Statement(lines, today, month, total, commission_bp(session, tech))
