"""Technician income, from ledger rows written when an order completes or is refunded.

On completion the price is split: the platform's settlement row (−price), the commission
(its shop's rate; the platform's rate for technicians without a shop) and the technician's
share. A shop's order also pays the platform its commission (rates.py) out of the shop's
part: two rows of kind "platform_fee" (merchant:<shop> −fee, platform:commission +fee).
A refund of the price that comes through afterwards is taken back from the commission, the
share and the platform's fee in proportion (`follow_refunds`). Every figure shown is a sum of
these rows.

Discounts (DiscountLine rows of the order): the split's base is the price after the discounts
the SHOP funds, i.e. what the customer pays (Order.total_fen) plus the discount lines funded by
the platform. The platform pays for its own discounts out of its marketing: on completion it
settles the customer's money (platform −total) and the subsidy from the marketing account
(platform:marketing −subsidy, kind "settlement" too), so the settlement rows of an order still
sum to minus the base, and a shop's revenue and statements see the base. A shop-funded coupon
lowers the shop's and the technician's income; a platform-funded one does not, and
platform:marketing's balance is what the platform's discounts have cost (refunds give back
their share of it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.models import DiscountLine, LedgerEntry, Merchant, Order, Technician
from salon_app.core.services.access import Actor, require_technician
from salon_app.core.services.ledger import entries as ledger
from salon_app.core.services.ledger import rates
from salon_app.core.settings import get_settings

SETTLEMENT, COMMISSION, SHARE = "settlement", "commission", "technician_share"
PLATFORM_FEE, PLATFORM_COMMISSION = "platform_fee", "platform:commission"
MARKETING = "platform:marketing"  # the platform's own discounts, paid on completion
STEP = "refunded"  # on reversal rows: how much of the price had come back after that step
DAYS_LISTED, MONTHS_LISTED = 7, 6


@dataclass(frozen=True)
class IncomeLine:
    order_code: str
    at: datetime
    price_fen: int  # negative on a refund's line: the part of the price given back
    commission_fen: int
    share_fen: int
    refund: bool = False  # the line takes back part of a completed order (after-sales refund)
    incentive: str = ""  # an incentive award: the shop's rule name (no order, no commission)


@dataclass(frozen=True)
class Statement:
    lines: list[IncomeLine]
    today_fen: int
    month_fen: int
    total_fen: int
    commission_rate_bp: int
    by_day: list[tuple[date, int]]  # the last DAYS_LISTED local days with income, newest first
    by_month: list[tuple[str, int]]  # "2026-12" and its total, the last MONTHS_LISTED months


def commission_bp(session: Session, tech: Technician) -> int:
    if tech.merchant_id is None:
        return rates.platform_rate_bp(session)
    return session.get(Merchant, tech.merchant_id).commission_bp


def platform_funded(session: Session, order_id: int) -> int:
    """The order's discounts the platform pays for (its discount lines funded by "platform")."""
    total = session.exec(
        select(func.coalesce(func.sum(DiscountLine.amount_fen), 0)).where(
            DiscountLine.order_id == order_id, DiscountLine.funded_by == "platform"
        )
    ).one()
    return int(total)


def record_completion(session: Session, order: Order, at: datetime | None = None) -> None:
    """Split a completed order's base (what the customer pays plus the platform-funded
    discounts: module rule) into ledger rows (not committed; under the order's money lock).
    The commission is rounded down: the odd fen is the technician's."""
    tech = session.get(Technician, order.technician_id)
    subsidy, shop = platform_funded(session, order.id), tech.merchant_id
    base = order.total_fen + subsidy
    commission = base * commission_bp(session, tech) // rates.BP
    share = base - commission
    payee = f"merchant:{shop}" if shop else PLATFORM_COMMISSION
    now = at or utcnow()  # `at`: demo history, completed in the past
    ledger.add(session, ledger.PLATFORM, order.id, SETTLEMENT, -order.total_fen, now)
    if subsidy:
        ledger.add(session, MARKETING, order.id, SETTLEMENT, -subsidy, now)
    ledger.add(session, payee, order.id, COMMISSION, commission, now)
    ledger.add(session, f"technician:{tech.id}", order.id, SHARE, share, now)
    if shop is not None:
        fee = rates.order_commission(session, order.id, base, shop)
        ledger.add(session, payee, order.id, PLATFORM_FEE, -fee, now)
        ledger.add(session, PLATFORM_COMMISSION, order.id, PLATFORM_FEE, fee, now)
    follow_refunds(session, order.id, now)


def follow_refunds(session: Session, order_id: int, at: datetime) -> None:
    """Take a completed order's commission and share back as its price is refunded (not
    committed; call under the order's money lock, after the refund's own ledger rows).

    Rule: of a price P the customer paid (the platform's settlement row), once R fen of it
    have come back to the customer (confirmed refunds, less any payment beyond the price,
    whose refund is not the price's), the platform's discounts D (the marketing row) come back
    to marketing as floor(D × R / P), so B(R) = R + floor(D × R / P) of the split's base
    B = P + D is given back; of B split into commission C and share S, the technician has
    given back floor(S × B(R) / B) and the commission the rest of B(R). So the rows of each
    step sum to zero, never exceed what was paid out, and the odd fen stays with the
    technician, as on completion. A shop's platform fee F comes back to the shop the same way:
    floor(F × B(R) / B) in all. Each call writes only the difference to what was taken back
    before: a refund applied twice is taken back once. An order without completion rows has
    nothing to follow.
    """
    rows = session.exec(
        select(LedgerEntry)
        .where(
            LedgerEntry.order_id == order_id,
            col(LedgerEntry.kind).in_((SETTLEMENT, COMMISSION, SHARE, PLATFORM_FEE)),
        )
        .order_by(col(LedgerEntry.id))
    ).all()
    split = {r.kind: r for r in rows if STEP not in r.details and r.kind in (COMMISSION, SHARE)}
    settled = {r.account: -r.amount_fen for r in rows if r.kind == SETTLEMENT
               and STEP not in r.details}  # fmt: skip
    price, subsidy = settled.get(ledger.PLATFORM, 0), settled.get(MARKETING, 0)
    if ledger.PLATFORM not in settled or price <= 0:
        return
    base, share = price + subsidy, split[SHARE].amount_fen
    balance = ledger.order_balance(session, order_id)
    beyond_price = max(0, balance.paid_fen - price)
    refunded = min(price, max(0, balance.refunded_fen - beyond_price))
    before = sum(r.amount_fen for r in rows if r.kind == SETTLEMENT and STEP in r.details
                 and r.account == ledger.PLATFORM)  # fmt: skip
    if refunded <= before:
        return

    def base_back(r: int) -> int:
        return r + subsidy * r // price

    now_back, was_back = base_back(refunded), base_back(before)
    back = now_back - was_back
    share_back = share * now_back // base - share * was_back // base
    step = {STEP: str(refunded)}
    for account, kind, amount in (
        (ledger.PLATFORM, SETTLEMENT, refunded - before),
        (MARKETING, SETTLEMENT, back - (refunded - before)),
        (split[COMMISSION].account, COMMISSION, share_back - back),
        (split[SHARE].account, SHARE, -share_back),
    ):
        if amount or account != MARKETING:
            ledger.add(session, account, order_id, kind, amount, at, **step)
    fee = sum(r.amount_fen for r in rows if r.kind == PLATFORM_FEE and STEP not in r.details
              and r.account == PLATFORM_COMMISSION)  # fmt: skip
    fee_back = fee * now_back // base - fee * was_back // base
    if fee_back:
        shop_account = split[COMMISSION].account
        ledger.add(session, PLATFORM_COMMISSION, order_id, PLATFORM_FEE, -fee_back, at, **step)
        ledger.add(session, shop_account, order_id, PLATFORM_FEE, fee_back, at, **step)


def statement(session: Session, actor: Actor | None, limit: int = 50) -> Statement:
    """The technician's own income: per order and refund, per day and month (local time).

    Each line is one share row with the commission row written with it; the price shown is
    their sum. Totals are sums of the technician's rows."""
    tech_id = require_technician(actor)
    tech = session.get(Technician, tech_id)
    zone = ZoneInfo(get_settings().timezone)
    rows = session.exec(
        select(LedgerEntry, Order)
        .outerjoin(Order, Order.id == LedgerEntry.order_id)  # incentives have no order
        .where(LedgerEntry.account == f"technician:{tech_id}")
        .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())
    ).all()
    commissions = _commissions(session, [order.id for _, order in rows[:limit] if order])
    now = utcnow().astimezone(zone)
    days: dict[date, int] = {}
    months: dict[str, int] = {}
    lines = []
    for entry, order in rows:
        local = entry.created_at.astimezone(zone)
        days[local.date()] = days.get(local.date(), 0) + entry.amount_fen
        months[f"{local:%Y-%m}"] = months.get(f"{local:%Y-%m}", 0) + entry.amount_fen
        if len(lines) < limit and order is None:
            rule = entry.details.get("rule", "")
            lines.append(IncomeLine("", entry.created_at, 0, 0, entry.amount_fen, incentive=rule))
        elif len(lines) < limit:
            step = entry.details.get(STEP, "")
            commission = commissions.get((order.id, step), 0)
            share = entry.amount_fen
            lines.append(
                IncomeLine(
                    order.code, entry.created_at, share + commission, commission, share, step != ""
                )
            )
    return Statement(
        lines,
        today_fen=days.get(now.date(), 0),
        month_fen=months.get(f"{now:%Y-%m}", 0),
        total_fen=sum(days.values()),
        commission_rate_bp=commission_bp(session, tech),
        by_day=sorted(days.items(), reverse=True)[:DAYS_LISTED],
        by_month=sorted(months.items(), reverse=True)[:MONTHS_LISTED],
    )


def _commissions(session: Session, order_ids: list[int]) -> dict[tuple[int, str], int]:
    """The commission rows of these orders, by order and step ("" for the completion)."""
    rows = session.exec(
        select(LedgerEntry).where(
            col(LedgerEntry.order_id).in_(order_ids), LedgerEntry.kind == COMMISSION
        )
    ).all()
    return {(r.order_id, r.details.get(STEP, "")): r.amount_fen for r in rows}
