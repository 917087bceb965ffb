"""A period's statement per payee, read from the ledger rows dated inside the period.

Payees: a shop, for every order its technicians completed while working for it (the order's
commission row is on merchant:<shop>); an independent technician, for theirs (commission on
platform:commission). The platform settles with the shop for its orders; the shop pays its
own technicians (their share and the incentives it awards them), so a shop's payee covers
merchant:<shop> and its technicians' rows of those orders and awards.

Rows are grouped by order event (the completion, or one refund step: rows written together
share the order and the `refunded` step), each group summing to zero:
- price: minus the settlement rows (positive on completion, negative on a refund): the
  customer's money (platform) and the platform's own discounts (platform:marketing), so the
  price is the one after the discounts the shop funds (ledger/income.py);
- commission: the rows on platform:commission (the platform's commission; taken back in
  proportion by a refund);
- payable: what the payee's own accounts received = price − commission.
So over the period: gross = completions' prices, refunds = prices given back (a refund lands
in the period it was confirmed in, whatever month the order completed), commission = net
platform commission, payable = gross − refunds − commission, to the fen with the ledger.
Incentives: awards the shop paid its technicians in the period (merchant −X, technician +X,
both the shop's: shown, and already inside the payable).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from salon_app.core.models import LedgerEntry, Merchant, Order, Technician
from salon_app.core.services.ledger import (
    COMMISSION,
    PLATFORM_COMMISSION,
    PLATFORM_FEE,
    SETTLEMENT,
    SHARE,
    STEP,
)
from salon_app.core.services.settlement.periods import Span

ORDER_KINDS = (SETTLEMENT, COMMISSION, SHARE, PLATFORM_FEE)
INCENTIVE = "incentive"


@dataclass(frozen=True)
class Line:
    """One order event or award of a payee in the period."""

    at: datetime
    kind: str  # order | refund | incentive
    order_code: str
    technician: str
    price_fen: int  # the order's price, or minus the price given back
    commission_fen: int
    payable_fen: int
    incentive_fen: int = 0


@dataclass
class PayeeFigures:
    payee: str  # "shop:<merchant id>" | "technician:<technician id>"
    name: str
    orders: int = 0
    gross_fen: int = 0
    refunds_fen: int = 0
    commission_fen: int = 0
    incentives_fen: int = 0
    payable_fen: int = 0
    lines: list[Line] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.payee.split(":")[0]


def _rows(session: Session, span: Span) -> list[LedgerEntry]:
    return list(
        session.exec(
            select(LedgerEntry)
            .where(
                col(LedgerEntry.created_at) >= span.start,
                col(LedgerEntry.created_at) < span.end,
                col(LedgerEntry.kind).in_((*ORDER_KINDS, INCENTIVE)),
            )
            .order_by(col(LedgerEntry.created_at), col(LedgerEntry.id))
        ).all()
    )


def _names(session: Session, shops: set[int], techs: set[int]) -> dict[str, str]:
    names = {}
    if shops:
        for i, name in session.exec(
            select(Merchant.id, Merchant.name).where(col(Merchant.id).in_(sorted(shops)))
        ).all():
            names[f"shop:{i}"] = name
    if techs:
        for i, name in session.exec(
            select(Technician.id, Technician.display_name).where(
                col(Technician.id).in_(sorted(techs))
            )
        ).all():
            names[f"technician:{i}"] = name
    return names


def _id(account: str) -> int:
    return int(account.split(":")[1])


def payee_figures(session: Session, span: Span) -> dict[str, PayeeFigures]:
    """Every payee with ledger rows in the span, with its lines (oldest first)."""
    rows = _rows(session, span)
    events: dict[tuple[int, str], list[LedgerEntry]] = defaultdict(list)
    awards: dict[str, list[LedgerEntry]] = defaultdict(list)
    for r in rows:
        if r.kind == INCENTIVE:
            awards[str(r.details.get("award", r.id))].append(r)
        elif r.order_id is not None:
            events[(r.order_id, str(r.details.get(STEP, "")))].append(r)
    codes = dict(
        session.exec(
            select(Order.id, Order.code).where(
                col(Order.id).in_(sorted({o for o, _ in events}))
            )
        ).all()
    ) if events else {}  # fmt: skip
    shops: set[int] = set()
    techs: set[int] = set()
    for group in [*events.values(), *awards.values()]:
        for r in group:
            if r.account.startswith("merchant:"):
                shops.add(_id(r.account))
            elif r.account.startswith("technician:"):
                techs.add(_id(r.account))
    names = _names(session, shops, techs)
    out: dict[str, PayeeFigures] = {}

    def payee_of(group: list[LedgerEntry]) -> tuple[str, str]:
        shop = next((r.account for r in group if r.account.startswith("merchant:")), None)
        tech = next((r.account for r in group if r.account.startswith("technician:")), "")
        payee = f"shop:{_id(shop)}" if shop else tech
        if payee not in out:
            out[payee] = PayeeFigures(payee, names.get(payee, payee))
        return payee, names.get(tech, "")

    for (order_id, step), group in events.items():
        payee, tech_name = payee_of(group)
        price = -sum(r.amount_fen for r in group if r.kind == SETTLEMENT)
        commission = sum(r.amount_fen for r in group if r.account == PLATFORM_COMMISSION)
        f = out[payee]
        if step:
            f.refunds_fen -= price
        else:
            f.orders += 1
            f.gross_fen += price
        f.commission_fen += commission
        f.payable_fen += price - commission
        kind = "refund" if step else "order"
        f.lines.append(
            Line(group[0].created_at, kind, codes.get(order_id, ""), tech_name, price,
                 commission, price - commission)
        )  # fmt: skip
    for group in awards.values():
        payee, tech_name = payee_of(group)
        paid = sum(r.amount_fen for r in group if r.account.startswith("technician:"))
        out[payee].incentives_fen += paid
        out[payee].lines.append(
            Line(group[0].created_at, "incentive", "", tech_name, 0, 0, 0, paid)
        )
    for f in out.values():
        f.lines.sort(key=lambda line: (line.at, line.kind, line.order_code))
    return out
