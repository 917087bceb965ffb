"""Technician income, shop settlement and shop statistics on the price after the discounts the
SHOP funds: a shop's coupon lowers them, the platform's coupons and points do not (the platform
pays those from platform:marketing); a refund after completion takes back in proportion."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.demo.logins import DEMO_PASSWORD, MERCHANT_PHONE
from salon_app.core.models import LedgerEntry, Order, Technician
from salon_app.core.services import auth, ledger, settlement
from salon_app.core.services.ledger import income
from salon_app.core.services.payments import refunds
from salon_app.core.services.stats import dashboards
from salon_app.core.services.stats.revenue import revenue
from salon_app.core.settings import get_settings
from tests.support.discounts import discount, give_points, pay
from tests.support.journeys import complete, technician_actor
from tests.support.offers import no_offers  # noqa: F401
from tests.support.orders import pending_order
from tests.unit.test_payments import notify_
from tests.unit.test_refunds import PAID_PROVIDER, gateways  # noqa: F401

LIST = 19400  # the demo haircut at its technician's price

# The discounts below are the tests' own: the demo city's promotions and member prices are off.
pytestmark = pytest.mark.usefixtures("no_offers")


def _shop_revenue(session: Session, shop_id: int) -> int:
    now = utcnow()
    zone = ZoneInfo(get_settings().timezone)
    found = revenue(session, shop_id, now - timedelta(days=3), now + timedelta(days=3), "payment",
                    zone)  # fmt: skip
    return sum(found.net.values())


def _overview_revenue(session: Session) -> int:
    owner = auth.log_in(session, MERCHANT_PHONE, DEMO_PASSWORD).actor
    assert owner.merchant_id == 1
    return dashboards.shop_overview(session, owner).revenue_30d_fen


def _split(session: Session, order: Order) -> dict[str, int]:
    """The order's income rows summed by account."""
    rows = session.exec(
        select(LedgerEntry)
        .where(
            LedgerEntry.order_id == order.id,
            col(LedgerEntry.kind).in_(("settlement", "commission", "technician_share")),
        )
        .order_by(col(LedgerEntry.id))
    ).all()
    sums: dict[str, int] = {}
    for r in rows:
        sums[r.account] = sums.get(r.account, 0) + r.amount_fen
    return sums


def _completed(session: Session, gateways, customer, **discounts) -> Order:  # noqa: F811
    give_points(session, customer.user_id, 1000, "test:income", 60)
    order = discount(session, pending_order(session, customer), **discounts).order
    return complete(session, pay(session, gateways, customer, order))


def _bp(session: Session, order: Order) -> int:
    return income.commission_bp(session, session.get(Technician, order.technician_id))


def _settled_line(session: Session, order: Order) -> settlement.Line:
    today = local_today()
    figures = settlement.payee_figures(session, settlement.span(today, today))
    (line,) = [x for x in figures[f"shop:{order.merchant_id}"].lines if x.order_code == order.code]
    return line


def test_a_shop_funded_coupon_lowers_the_shops_and_technicians_income(
    demo_session,
    gateways,  # noqa: F811
    customer,
):
    shop_before = _shop_revenue(demo_session, 1)
    overview_before = _overview_revenue(demo_session)
    marketing_before = ledger.account_balance(demo_session, ledger.MARKETING)  # the demo's
    order = _completed(demo_session, gateways, customer, coupon_fen=2000, funded_by="merchant")
    assert (order.merchant_id, order.total_fen) == (1, LIST - 2000)
    base = LIST - 2000
    commission = base * _bp(demo_session, order) // 10_000
    assert _split(demo_session, order) == {
        "platform": -base,
        f"merchant:{order.merchant_id}": commission,
        f"technician:{order.technician_id}": base - commission,
    }
    tech = technician_actor(demo_session, order.technician_id)
    (line,) = [x for x in income.statement(demo_session, tech).lines if x.order_code == order.code]
    assert (line.price_fen, line.share_fen) == (base, base - commission)
    assert _settled_line(demo_session, order).price_fen == base
    assert _shop_revenue(demo_session, 1) - shop_before == base
    assert _overview_revenue(demo_session) - overview_before == base
    assert ledger.account_balance(demo_session, ledger.MARKETING) == marketing_before


def test_platform_funded_discounts_do_not_lower_them_the_platform_pays(
    demo_session,
    gateways,  # noqa: F811
    customer,
):
    shop_before = _shop_revenue(demo_session, 1)
    overview_before = _overview_revenue(demo_session)
    marketing_before = ledger.account_balance(demo_session, ledger.MARKETING)  # the demo's
    order = _completed(demo_session, gateways, customer, coupon_fen=2000, points=400)
    assert order.total_fen == LIST - 2400  # what the customer paid
    commission = LIST * _bp(demo_session, order) // 10_000
    assert _split(demo_session, order) == {
        "platform": -(LIST - 2400),
        ledger.MARKETING: -2400,  # the platform's coupon and points, its marketing cost
        f"merchant:{order.merchant_id}": commission,
        f"technician:{order.technician_id}": LIST - commission,
    }
    tech = technician_actor(demo_session, order.technician_id)
    (line,) = [x for x in income.statement(demo_session, tech).lines if x.order_code == order.code]
    assert (line.price_fen, line.share_fen) == (LIST, LIST - commission)
    settled = _settled_line(demo_session, order)
    assert settled.price_fen == LIST
    assert settled.payable_fen == LIST - settled.commission_fen
    assert _shop_revenue(demo_session, 1) - shop_before == LIST
    assert _overview_revenue(demo_session) - overview_before == LIST
    assert ledger.account_balance(demo_session, ledger.MARKETING) == marketing_before - 2400


def test_a_refund_after_completion_takes_back_in_proportion_once(
    demo_session,
    gateways,  # noqa: F811
    customer,
    finance,
):
    order = _completed(demo_session, gateways, customer, coupon_fen=2000, points=400)
    paid = order.total_fen  # 17000
    before = _split(demo_session, order)
    shop_before = _shop_revenue(demo_session, 1)
    share = before[f"technician:{order.technician_id}"]
    view = refunds.request_refund(demo_session, finance, order.id, 8500, "半价补偿")
    event = gateways[PAID_PROVIDER].complete_refund(view.key)
    assert notify_(demo_session, event).outcome == "applied"
    assert notify_(demo_session, event).outcome == "duplicate"
    subsidy_back = 2400 * 8500 // paid  # 1200: the platform's discounts, back to marketing
    base_back = 8500 + subsidy_back  # 9700 of the base 19400: half
    share_back = share * base_back // LIST
    after = _split(demo_session, order)
    assert after["platform"] - before["platform"] == 8500
    assert after[ledger.MARKETING] - before[ledger.MARKETING] == subsidy_back == 1200
    tech_account = f"technician:{order.technician_id}"
    assert after[tech_account] - before[tech_account] == -share_back
    shop_account = f"merchant:{order.merchant_id}"
    assert after[shop_account] - before[shop_account] == -(base_back - share_back)
    assert _shop_revenue(demo_session, 1) - shop_before == -base_back
    today = local_today()
    figures = settlement.payee_figures(demo_session, settlement.span(today, today))
    (refund_line,) = [
        x
        for x in figures[f"shop:{order.merchant_id}"].lines
        if x.order_code == order.code and x.kind == "refund"
    ]
    assert refund_line.price_fen == -base_back
    # The rest, refunded: everything is taken back, to the fen.
    view = refunds.request_refund(demo_session, finance, order.id, paid - 8500, "全退")
    notify_(demo_session, gateways[PAID_PROVIDER].complete_refund(view.key))
    final = _split(demo_session, order)
    assert final == {"platform": 0, ledger.MARKETING: 0, shop_account: 0, tech_account: 0}
