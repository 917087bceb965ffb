"""Settlement: every payee's statement equals its ledger rows to the fen (summed here another
way: through the orders' technicians and the awards' shops), refunds land in the period they
are confirmed in, a month is frozen once, the range is bounded, only finance sees it."""

from __future__ import annotations

import io
import zipfile
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import (
    IncentiveAward,
    LedgerEntry,
    Order,
    SettlementStatement,
    Technician,
)
from salon_app.core.paging import TableQuery
from salon_app.core.services.incentives import last_finished_month
from salon_app.core.services.payments import refunds
from salon_app.core.services.settlement import (
    MAX_DAYS,
    issue_statements,
    month_span,
    payee_statement,
    settlement_period,
)
from salon_app.core.services.settlement.export import export_xlsx
from salon_app.i18n import t
from tests.support.offers import income_base
from tests.unit.test_complaint_handling import done  # noqa: F401
from tests.unit.test_refunds import gateways  # noqa: F401

ZONE = ZoneInfo("Asia/Shanghai")
ALL = TableQuery(page_size=100)
FIGURES = ("orders", "gross_fen", "refunds_fen", "commission_fen", "incentives_fen", "payable_fen")


def by_ledger(session: Session, first: date, last: date) -> dict[str, dict[str, int]]:
    """Each payee's figures summed straight from the ledger rows dated in the range: an
    order's rows belong to its technician's shop (or to the technician without one), an
    award's rows to the award's shop. An order counts once, though its completion may have
    two negative settlement rows (the customer's money on "platform", the platform's own
    discounts on "platform:marketing")."""
    start = datetime.combine(first, time(), ZONE)
    end = datetime.combine(last + timedelta(days=1), time(), ZONE)
    rows = session.exec(
        select(LedgerEntry, Technician)
        .outerjoin(Order, col(Order.id) == LedgerEntry.order_id)
        .outerjoin(Technician, col(Technician.id) == Order.technician_id)
        .where(col(LedgerEntry.created_at) >= start, col(LedgerEntry.created_at) < end)
    ).all()
    award_shop = dict(session.exec(select(IncentiveAward.id, IncentiveAward.merchant_id)).all())
    out: dict[str, Counter] = defaultdict(Counter)
    completed: dict[str, set[int]] = defaultdict(set)
    for e, tech in rows:
        if e.kind == "incentive":
            payee = f"shop:{award_shop[int(e.details['award'])]}"
            out[payee]["incentives_fen"] += max(e.amount_fen, 0)
            continue
        if e.kind not in ("settlement", "commission", "technician_share", "platform_fee"):
            continue  # payments and refunds of unfinished orders are nobody's yet
        payee = f"shop:{tech.merchant_id}" if tech.merchant_id else f"technician:{tech.id}"
        figures = out[payee]
        if e.kind == "settlement" and e.amount_fen < 0:
            completed[payee].add(e.order_id)
            figures["gross_fen"] -= e.amount_fen
        elif e.kind == "settlement":
            figures["refunds_fen"] += e.amount_fen
        elif e.account == "platform:commission":
            figures["commission_fen"] += e.amount_fen
        else:
            figures["payable_fen"] += e.amount_fen
    for payee, orders in completed.items():
        out[payee]["orders"] = len(orders)
    return {p: {k: f[k] for k in FIGURES} for p, f in out.items()}


def by_statement(session: Session, finance, first: date, last: date) -> dict[str, dict]:
    view = settlement_period(session, finance, first, last, ALL)
    assert view.page.total == view.payees <= 100
    return {r.payee: {k: getattr(r, k) for k in FIGURES} for r in view.page.rows}


def _this_month() -> tuple[date, date]:
    today = local_today()
    return today.replace(day=1), today


def test_every_payee_of_a_month_equals_the_ledger_to_the_fen(demo_session, finance):
    span = month_span(last_finished_month(utcnow()))
    mine = by_statement(demo_session, finance, span.first, span.last)
    assert len(mine) > 3  # the demo city's shops and independents had work last month
    assert mine == by_ledger(demo_session, span.first, span.last)
    for figures in mine.values():
        assert figures["payable_fen"] == (
            figures["gross_fen"] - figures["refunds_fen"] - figures["commission_fen"]
        )
    view = settlement_period(demo_session, finance, span.first, span.last, ALL)
    settled = demo_session.exec(
        select(func.sum(LedgerEntry.amount_fen)).where(
            LedgerEntry.kind == "settlement",
            col(LedgerEntry.created_at) >= span.start,
            col(LedgerEntry.created_at) < span.end,
        )
    ).one()
    assert view.totals.payable_fen + view.totals.commission_fen == -settled


def test_refunds_land_in_the_period_they_are_confirmed_in(
    demo_session,
    finance,
    done,  # noqa: F811
    gateways,  # noqa: F811
):
    for fake in gateways.values():
        fake.refund_outcome = "succeeded"
    span = month_span(last_finished_month(utcnow()))
    before = by_statement(demo_session, finance, span.first, span.last)
    old = demo_session.exec(
        select(Order)
        .join(LedgerEntry, col(LedgerEntry.order_id) == Order.id)
        .where(
            LedgerEntry.kind == "settlement",
            col(LedgerEntry.amount_fen) < 0,
            col(LedgerEntry.created_at) >= span.start,
            col(LedgerEntry.created_at) < span.end,
        )
        .order_by(col(Order.id))
    ).first()
    old_part = old.total_fen // 3 + 1  # an after-sales refund of last month's order, today
    refunds.request_refund(demo_session, finance, old.id, old_part, "售后")
    part = done.total_fen // 7 + 1  # a partial refund of today's order, today
    refunds.request_refund(demo_session, finance, done.id, part, "部分退款")

    assert by_statement(demo_session, finance, span.first, span.last) == before
    first, last = _this_month()
    now = by_statement(demo_session, finance, first, last)
    assert now == by_ledger(demo_session, first, last)
    shop = demo_session.get(Technician, done.technician_id).merchant_id
    statement = payee_statement(demo_session, finance, f"shop:{shop}", first, last)
    codes = [(line.kind, line.order_code, line.price_fen) for line in statement.lines]
    # The price settled is the base: what the customer paid plus the platform's own discounts
    # (the demo customer's member price), which come back in proportion with a refund.
    base = income_base(demo_session, done)
    subsidy = base - done.total_fen
    assert subsidy > 0
    assert ("order", done.code, base) in codes
    assert ("refund", done.code, -(part + subsidy * part // done.total_fen)) in codes
    old_tech = demo_session.get(Technician, old.technician_id)
    old_payee = (
        f"shop:{old_tech.merchant_id}" if old_tech.merchant_id else f"technician:{old_tech.id}"
    )
    assert now[old_payee]["refunds_fen"] >= old_part
    # A statement is the sum of its lines, to the fen.
    assert sum(line.payable_fen for line in statement.lines) == statement.row.payable_fen
    assert sum(line.commission_fen for line in statement.lines) == statement.row.commission_fen
    assert sum(line.incentive_fen for line in statement.lines) == statement.row.incentives_fen


def test_a_month_is_frozen_once_and_stays_as_issued(demo_session, finance, admin):
    period = last_finished_month(utcnow())
    span = month_span(period)
    assert issue_statements(demo_session, span.end + timedelta(hours=1)) == []  # too early
    at = span.end + timedelta(hours=7)
    made = issue_statements(demo_session, at)
    assert made and {s.period for s in made} == {period}
    assert issue_statements(demo_session, at + timedelta(days=1)) == []  # a second run: nothing
    count = demo_session.exec(
        select(func.count()).where(SettlementStatement.period == period)
    ).one()
    assert count == len(made)
    view = settlement_period(demo_session, finance, span.first, span.last, ALL)
    assert view.frozen_at is not None
    frozen = {s.payee: {k: getattr(s, k) for k in FIGURES} for s in made}
    assert by_statement(demo_session, admin, span.first, span.last) == frozen
    assert frozen == by_ledger(demo_session, span.first, span.last)
    # Any other range is computed there and then.
    other = settlement_period(demo_session, finance, span.first, span.last - timedelta(days=1), ALL)
    assert other.frozen_at is None


def test_statements_are_issued_from_six_hours_after_the_month_ends(demo_session):
    span = month_span(last_finished_month(utcnow()))
    edge = span.end + timedelta(hours=6)
    assert issue_statements(demo_session, edge - timedelta(seconds=1)) == []
    assert issue_statements(demo_session, edge)


def test_a_range_of_max_days_is_accepted(demo_session, finance):
    last = local_today()
    view = settlement_period(demo_session, finance, last - timedelta(days=MAX_DAYS - 1), last, ALL)
    assert (view.last - view.first).days + 1 == MAX_DAYS and view.frozen_at is None


def test_the_table_searches_sorts_and_pages(demo_session, finance):
    span = month_span(last_finished_month(utcnow()))
    every = settlement_period(demo_session, finance, span.first, span.last, ALL).page.rows
    asc = TableQuery(sort="payable", page_size=10)
    rows = settlement_period(demo_session, finance, span.first, span.last, asc).page.rows
    assert [r.payable_fen for r in rows] == sorted(r.payable_fen for r in every)[:10]
    name = every[0].name
    found = settlement_period(
        demo_session, finance, span.first, span.last, TableQuery(search=name[:2], page_size=100)
    ).page.rows
    assert every[0].payee in {r.payee for r in found}
    assert all(name[:2].lower() in r.name.lower() for r in found)


@pytest.mark.parametrize(
    ("first", "last", "key"),
    [
        (date(2025, 1, 1), date(2026, 1, 2), "settlement.range_too_long"),
        (date(2026, 2, 1), date(2026, 1, 1), "settlement.range_invalid"),
        ("2026-01-01", date(2026, 1, 2), "settlement.range_invalid"),
    ],
)
def test_a_bad_range_is_refused(demo_session, finance, first, last, key):
    with pytest.raises(DomainError) as err:
        settlement_period(demo_session, finance, first, last, ALL)
    assert err.value.key == key


def test_the_xlsx_holds_every_payee_and_line(demo_session, finance):
    span = month_span(last_finished_month(utcnow()))
    view = settlement_period(demo_session, finance, span.first, span.last, ALL)
    data = export_xlsx(demo_session, finance, span.first, span.last, text=t)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        strings = book.read("xl/sharedStrings.xml").decode()
        assert len([n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]) == 2
    for row in view.page.rows:
        assert row.name in strings
    assert t("settlement.col.payable_fen") in strings


@pytest.mark.parametrize("who", ["support", "operations", "customer", "tech"])
def test_only_finance_and_super_admins_see_settlement(demo_session, request, who):
    actor = request.getfixturevalue(who)
    span = month_span(last_finished_month(utcnow()))
    for call in (
        lambda: settlement_period(demo_session, actor, span.first, span.last, ALL),
        lambda: payee_statement(demo_session, actor, "shop:1", span.first, span.last),
        lambda: export_xlsx(demo_session, actor, span.first, span.last, text=t),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_the_demo_months_before_last_are_frozen_as_the_ledger_says(demo_session, finance):
    last = month_span(last_finished_month(utcnow()))
    earlier = month_span(last_finished_month(last.start))
    view = settlement_period(demo_session, finance, earlier.first, earlier.last, ALL)
    assert view.frozen_at is not None and view.payees >= 2
    frozen = {r.payee: {k: getattr(r, k) for k in FIGURES} for r in view.page.rows}
    assert frozen == by_ledger(demo_session, earlier.first, earlier.last)
