"""Settlement for finance (permission view_settlement): the payees of a period, one payee's
lines, and the frozen monthly statements.

Frozen statements: once a local month has ended (and GRACE has passed, so no transaction of
the month is still in flight), the daily job writes one SettlementStatement per payee with
rows in the month, computed from the ledger (figures.py). They never change afterwards: the
ledger's rows are never rewritten, and money moving later (a refund of an order completed
in the month) is dated when it moves, so it lands in the next period's statement. A second
run, or a second worker, adds nothing (unique payee and period, and the job's lock row).
A month on screen shows its frozen statements once issued; any other range (at most
periods.MAX_DAYS days) is computed from the ledger there and then, marked provisional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from salon_app.core.models import SettlementStatement
from salon_app.core.paging import Page, TableQuery
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.incentives import last_finished_month
from salon_app.core.services.settlement.figures import Line, PayeeFigures, payee_figures
from salon_app.core.services.settlement.periods import Span, month_span, span

GRACE = timedelta(hours=6)
SORTS = ("name", "orders", "gross", "refunds", "commission", "incentives", "payable")
FIGURES = ("orders", "gross_fen", "refunds_fen", "commission_fen", "incentives_fen", "payable_fen")
CHARTED = 10


@dataclass(frozen=True)
class PayeeRow:
    payee: str
    kind: str  # shop | technician
    name: str
    orders: int
    gross_fen: int
    refunds_fen: int
    commission_fen: int
    incentives_fen: int
    payable_fen: int


@dataclass(frozen=True)
class SettlementView:
    first: date
    last: date
    frozen_at: datetime | None  # when the month's statements were issued; None: provisional
    payees: int
    totals: PayeeRow  # the sums over every payee of the period
    page: Page[PayeeRow]
    top: list[PayeeRow]  # the largest payable amounts, for the chart


@dataclass(frozen=True)
class PayeeStatement:
    first: date
    last: date
    row: PayeeRow
    lines: list[Line]


def _row(f: PayeeFigures | SettlementStatement) -> PayeeRow:
    name = f.payee_name if isinstance(f, SettlementStatement) else f.name
    return PayeeRow(f.payee, f.payee.split(":")[0], name, *(getattr(f, k) for k in FIGURES))


def _total(rows: list[PayeeRow]) -> PayeeRow:
    sums = [sum(getattr(r, k) for r in rows) for k in FIGURES]
    return PayeeRow("", "", "", *sums)


def issue_statements(session: Session, now: datetime) -> list[SettlementStatement]:
    """Freeze the last finished month's statements (the module rules); returns those written
    by this call (none when it is too early, or they exist already)."""
    period = last_finished_month(now)
    month = month_span(period)
    if now < month.end + GRACE:
        return []
    done = set(
        session.exec(
            select(SettlementStatement.payee).where(SettlementStatement.period == period)
        ).all()
    )
    made = [
        SettlementStatement(
            payee=f.payee,
            payee_name=f.name[:60],
            period=period,
            created_at=now,
            **{k: getattr(f, k) for k in FIGURES},
        )
        for f in sorted(payee_figures(session, month).values(), key=lambda f: f.payee)
        if f.payee not in done
    ]
    session.add_all(made)
    try:
        session.commit()
    except IntegrityError:  # another worker issued them at the same moment
        session.rollback()
        return []
    return made


def _period_rows(
    session: Session, asked: Span, live: dict[str, PayeeFigures] | None = None
) -> tuple[list[PayeeRow], datetime | None]:
    """The span's rows: a month's frozen statements once issued, else `live` (the ledger's
    figures, read here when not given)."""
    if asked.month is not None:
        frozen = session.exec(
            select(SettlementStatement)
            .where(SettlementStatement.period == asked.month)
            .order_by(col(SettlementStatement.payee))
        ).all()
        if frozen:
            return [_row(s) for s in frozen], min(s.created_at for s in frozen)
    live = payee_figures(session, asked) if live is None else live
    return [_row(live[k]) for k in sorted(live)], None


def _sorted(rows: list[PayeeRow], query: TableQuery) -> list[PayeeRow]:
    found = [r for r in rows if query.search.lower() in r.name.lower()]
    key = query.sort if query.sort in SORTS else "payable"
    attr = key if key in ("name", "orders") else f"{key}_fen"
    found.sort(key=lambda r: (getattr(r, attr), r.payee), reverse=query.descending)
    return found


def settlement_period(
    session: Session, actor: Actor | None, first: date, last: date, query: TableQuery
) -> SettlementView:
    """Every payee of the range with its figures and the period's totals (module rules); the
    table searched by name, sorted by any figure and paged."""
    require_admin(session, actor, Permission.view_settlement)
    asked = span(first, last)
    rows, frozen_at = _period_rows(session, asked)
    found = _sorted(rows, query)
    pages = max(1, -(-len(found) // query.page_size))
    number = min(query.page, pages)
    start = (number - 1) * query.page_size
    page = Page(found[start : start + query.page_size], len(found), number, query.page_size)
    top = sorted(rows, key=lambda r: (-r.payable_fen, r.payee))[:CHARTED]
    return SettlementView(first, last, frozen_at, len(rows), _total(rows), page, top)


def payee_statement(
    session: Session, actor: Actor | None, payee: str, first: date, last: date
) -> PayeeStatement:
    """One payee's figures of the range and the lines they add up from (to the fen)."""
    require_admin(session, actor, Permission.view_settlement)
    asked = span(first, last)
    figures = payee_figures(session, asked).get(payee)
    if figures is None:
        figures = PayeeFigures(payee, "")
    return PayeeStatement(first, last, _row(figures), figures.lines)


def all_statements(
    session: Session, actor: Actor | None, first: date, last: date
) -> tuple[list[PayeeRow], PayeeRow, dict[str, list[Line]]]:
    """Every payee of the range (by payee), the totals, and each payee's lines (the export)."""
    require_admin(session, actor, Permission.view_settlement)
    asked = span(first, last)
    live = payee_figures(session, asked)  # the lines, and the rows unless frozen
    rows, _ = _period_rows(session, asked, live)
    return rows, _total(rows), {p: f.lines for p, f in live.items()}
