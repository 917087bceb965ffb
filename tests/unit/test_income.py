"""Technician income follows the money: a refund of a completed order takes back the share and
the commission in proportion, once, to the fen; the statement is read from the ledger rows."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from salon_app.core.models import LedgerEntry, Order
from salon_app.core.services import payments
from salon_app.core.services.access import Actor
from salon_app.core.services.feedback import complaints
from salon_app.core.services.feedback.desk import handle_complaint
from salon_app.core.services.ledger import income
from salon_app.core.services.payments import refunds
from tests.support.journeys import complete, technician_actor
from tests.support.offers import no_offers  # noqa: F401
from tests.support.orders import pending_order
from tests.unit.test_complaint_handling import done  # noqa: F401
from tests.unit.test_payments import notify_
from tests.unit.test_refunds import PAID_PROVIDER, gateways  # noqa: F401


def _sums(session: Session, order: Order) -> dict[str, int]:
    """The order's income rows summed by kind."""
    rows = session.exec(select(LedgerEntry).where(LedgerEntry.order_id == order.id)).all()
    sums: dict[str, int] = {}
    for row in rows:
        if row.kind in ("settlement", "commission", "technician_share"):
            sums[row.kind] = sums.get(row.kind, 0) + row.amount_fen
    return sums


def _after_sales_refund(session: Session, customer: Actor, admin: Actor, order: Order, fen: int):
    """The customer asks for after-sales, an admin resolves it with a refund of `fen`."""
    cid = complaints.open_complaint(session, customer, order.code, "after_sales", "效果不满意").id
    return handle_complaint(session, admin, cid, "resolved", "退部分款", fen).refund_key


@pytest.mark.usefixtures("no_offers")  # the price split below is the technician's price
def test_an_after_sales_refund_takes_back_share_and_commission_in_proportion(
    demo_session,
    customer,
    admin,
    done,  # noqa: F811
    gateways,  # noqa: F811
):
    tech = technician_actor(demo_session, done.technician_id)
    before = income.statement(demo_session, tech)
    (completed,) = [line for line in before.lines if line.order_code == done.code]
    assert completed.price_fen == done.total_fen
    assert completed.commission_fen == done.total_fen * before.commission_rate_bp // 10_000
    fen = done.total_fen // 3 + 1  # does not divide evenly
    key = _after_sales_refund(demo_session, customer, admin, done, fen)
    assert income.statement(demo_session, tech).total_fen == before.total_fen  # not back yet
    event = gateways[PAID_PROVIDER].complete_refund(key)
    assert notify_(demo_session, event).outcome == "applied"
    after = income.statement(demo_session, tech)
    share_back = completed.share_fen * fen // done.total_fen  # rounded in the technician's favour
    newest = after.lines[0]
    assert (newest.order_code, newest.price_fen, newest.refund) == (done.code, -fen, True)
    assert not completed.refund
    assert (newest.share_fen, newest.commission_fen) == (-share_back, share_back - fen)
    assert after.total_fen == before.total_fen - share_back
    assert after.today_fen == before.today_fen - share_back  # demo history: earlier days too
    assert _sums(demo_session, done) == {
        "settlement": fen - done.total_fen,
        "commission": completed.commission_fen - (fen - share_back),
        "technician_share": completed.share_fen - share_back,
    }
    assert notify_(demo_session, event).outcome == "duplicate"  # applied twice: taken back once
    assert income.statement(demo_session, tech).total_fen == after.total_fen


def test_refunding_the_whole_price_in_parts_takes_back_exactly_everything(
    demo_session,
    customer,
    admin,
    finance,
    done,  # noqa: F811
    gateways,  # noqa: F811
):
    gateways[PAID_PROVIDER].refund_outcome = "succeeded"  # the gateway answers at once
    tech = technician_actor(demo_session, done.technician_id)
    before = income.statement(demo_session, tech).total_fen
    first = done.total_fen // 7 + 1
    _after_sales_refund(demo_session, customer, admin, done, first)
    for part in (1, done.total_fen - first - 1):
        refunds.request_refund(demo_session, finance, done.id, part, "再退")
    assert _sums(demo_session, done) == {"settlement": 0, "commission": 0, "technician_share": 0}
    statement = income.statement(demo_session, tech)
    mine = [line for line in statement.lines if line.order_code == done.code]
    assert len(mine) == 4 and sum(line.price_fen for line in mine) == 0
    assert all(line.share_fen <= 0 and line.commission_fen <= 0 for line in mine[:3])
    assert statement.total_fen == before - mine[-1].share_fen


def test_refunding_a_duplicate_payment_leaves_the_income_alone(
    demo_session,
    customer,
    gateways,  # noqa: F811
):
    order = pending_order(demo_session, customer)
    first = payments.start_payment(demo_session, customer, order.id, "wechat")
    second = payments.start_payment(demo_session, customer, order.id, "alipay")
    notify_(demo_session, gateways["wechat"].pay(first.out_trade_no))
    assert notify_(demo_session, gateways["alipay"].pay(second.out_trade_no)).outcome == "flagged"
    done_ = complete(demo_session, demo_session.get(Order, order.id, populate_existing=True))
    split = _sums(demo_session, done_)
    (flagged,) = gateways["alipay"].refunds
    assert notify_(demo_session, gateways["alipay"].complete_refund(flagged)).outcome == "applied"
    assert _sums(demo_session, done_) == split  # that money was never the price


def test_the_statement_totals_income_per_day_and_per_month(demo_session, done):  # noqa: F811
    tech = technician_actor(demo_session, done.technician_id)
    rows = demo_session.exec(
        select(LedgerEntry).where(LedgerEntry.account == f"technician:{done.technician_id}")
    ).all()
    zone = ZoneInfo("Asia/Shanghai")
    by_day: dict = {}
    by_month: dict = {}
    for row in rows:
        local = row.created_at.astimezone(zone)
        by_day[local.date()] = by_day.get(local.date(), 0) + row.amount_fen
        by_month[f"{local:%Y-%m}"] = by_month.get(f"{local:%Y-%m}", 0) + row.amount_fen
    statement = income.statement(demo_session, tech)
    assert statement.by_day == sorted(by_day.items(), reverse=True)[: income.DAYS_LISTED]
    assert statement.by_month == sorted(by_month.items(), reverse=True)[: income.MONTHS_LISTED]
    assert statement.by_day[0][1] == statement.today_fen > 0  # `done` completed today
    assert statement.total_fen == sum(by_day.values())
