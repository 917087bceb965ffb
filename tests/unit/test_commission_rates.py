"""Commission rates: the platform's default, a shop's default and a shop's rate per category;
the rate in force when an order completes is the one its ledger rows carry, and a later
change never rewrites them; bad rates and unknown shops change nothing."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import (
    AuditEntry,
    CommissionRate,
    LedgerEntry,
    Order,
    OrderItem,
    Service,
    Technician,
)
from salon_app.core.paging import TableQuery
from salon_app.core.services.ledger import income, rates
from salon_app.core.services.payments import refunds
from salon_app.core.services.shop_applications import (
    list_shops,
    platform_rate,
    set_platform_rate,
    set_shop_rate,
    shop_commission,
)
from salon_app.core.settings import get_settings
from tests.support.journeys import complete
from tests.support.offers import no_offers  # noqa: F401
from tests.support.orders import pending_order
from tests.unit.test_complaint_handling import done  # noqa: F401
from tests.unit.test_refunds import PAID_PROVIDER, gateways  # noqa: F401


def _fee(session: Session, order: Order) -> int:
    """What the platform took on the order: its rows on the platform's commission account."""
    rows = session.exec(
        select(LedgerEntry.amount_fen).where(
            LedgerEntry.order_id == order.id, LedgerEntry.account == "platform:commission"
        )
    ).all()
    return sum(rows)


def _rates(session: Session) -> list[tuple[str, int]]:
    return sorted(session.exec(select(CommissionRate.scope, CommissionRate.rate_bp)).all())


def _shop_and_category(session: Session, order: Order) -> tuple[int, int]:
    shop = session.get(Technician, order.technician_id).merchant_id
    category = session.exec(
        select(Service.category_id)
        .join(OrderItem, OrderItem.service_id == Service.id)
        .where(OrderItem.order_id == order.id)
    ).one()
    return shop, category


@pytest.mark.usefixtures("no_offers")  # the price below is the technician's, without discounts
def test_a_shop_order_pays_the_platform_default_out_of_the_shops_part(demo_session, customer):
    order = complete(demo_session, pending_order(demo_session, customer))
    price, platform = order.total_fen, get_settings().platform_commission_bp
    assert price == order.list_fen  # no discount: the technician's price is split
    assert _fee(demo_session, order) == price * platform // 10_000
    shop, _ = _shop_and_category(demo_session, order)
    tech = demo_session.get(Technician, order.technician_id)
    share = demo_session.exec(
        select(LedgerEntry.amount_fen).where(
            LedgerEntry.order_id == order.id, LedgerEntry.account == f"technician:{tech.id}"
        )
    ).one()
    # The technician's share is the shop's business: the platform's fee does not touch it.
    assert share == price - price * income.commission_bp(demo_session, tech) // 10_000
    rows = demo_session.exec(select(LedgerEntry).where(LedgerEntry.order_id == order.id)).all()
    assert sum(r.amount_fen for r in rows) == 0  # (paid in the test without a payment row)
    assert {r.account for r in rows if r.kind == "platform_fee"} == {
        f"merchant:{shop}",
        "platform:commission",
    }


def _fee_by_account(session: Session, order: Order) -> dict[str, int]:
    rows = session.exec(
        select(LedgerEntry).where(
            LedgerEntry.order_id == order.id, LedgerEntry.kind == "platform_fee"
        )
    ).all()
    sums: dict[str, int] = {}
    for row in rows:
        sums[row.account] = sums.get(row.account, 0) + row.amount_fen
    return sums


def test_a_refund_gives_the_shop_back_the_platform_fee_in_proportion_once(
    demo_session,
    finance,
    done,  # noqa: F811
    gateways,  # noqa: F811
):
    gateways[PAID_PROVIDER].refund_outcome = "succeeded"  # the gateway answers at once
    shop, price, fee = f"merchant:{done.merchant_id}", done.total_fen, _fee(demo_session, done)
    assert fee > 0 and _fee_by_account(demo_session, done) == {
        shop: -fee,
        "platform:commission": fee,
    }
    first = price // 3 + 1  # does not divide evenly
    refunds.request_refund(demo_session, finance, done.id, first, "部分退款")
    kept = fee - fee * first // price  # floor(F × R / P) comes back to the shop
    assert _fee_by_account(demo_session, done) == {shop: -kept, "platform:commission": kept}
    income.follow_refunds(demo_session, done.id, utcnow())  # the same refund followed again
    assert _fee_by_account(demo_session, done) == {shop: -kept, "platform:commission": kept}
    refunds.request_refund(demo_session, finance, done.id, price - first, "再退")
    assert _fee_by_account(demo_session, done) == {shop: 0, "platform:commission": 0}


@pytest.mark.usefixtures("no_offers")
def test_a_rate_change_applies_to_orders_completed_after_it_only(
    demo_session, customer, operations
):
    first = pending_order(demo_session, customer)
    shop, category = _shop_and_category(demo_session, first)
    set_shop_rate(demo_session, operations, shop, category, "15")
    first = complete(demo_session, first)
    assert _fee(demo_session, first) == first.total_fen * 1500 // 10_000
    before = demo_session.exec(select(LedgerEntry).where(LedgerEntry.order_id == first.id)).all()
    before = sorted((r.id, r.account, r.amount_fen) for r in before)

    set_shop_rate(demo_session, operations, shop, category, "20.5")
    second = complete(demo_session, pending_order(demo_session, customer))

    assert _fee(demo_session, second) == second.total_fen * 2050 // 10_000
    after = demo_session.exec(select(LedgerEntry).where(LedgerEntry.order_id == first.id)).all()
    assert sorted((r.id, r.account, r.amount_fen) for r in after) == before  # never rewritten
    changes = demo_session.exec(
        select(AuditEntry).where(AuditEntry.action == "commission.rate_changed")
    ).all()
    assert [(a.details["before_bp"], a.details["after_bp"]) for a in changes] == [
        (None, 1500),
        (1500, 2050),
    ]
    assert all(a.actor_user_id == operations.user_id for a in changes)


def test_the_most_specific_rate_applies(demo_session, customer, admin):
    order = pending_order(demo_session, customer)
    shop, category = _shop_and_category(demo_session, order)
    setting = get_settings().platform_commission_bp
    assert rates.rate_bp(demo_session, shop, category) == setting
    set_platform_rate(demo_session, admin, "8")
    assert rates.rate_bp(demo_session, shop, category) == 800
    assert rates.rate_bp(demo_session, None, category) == 800  # independents: the platform's
    set_shop_rate(demo_session, admin, shop, None, "12")
    assert rates.rate_bp(demo_session, shop, category) == 1200
    set_shop_rate(demo_session, admin, shop, category, "0")
    assert rates.rate_bp(demo_session, shop, category) == 0
    view = shop_commission(demo_session, admin, shop)
    (line,) = [c for c in view.categories if c.category_id == category]
    assert (view.platform_bp, view.shop_bp, line.own_bp, line.effective_bp) == (800, 1200, 0, 0)
    set_shop_rate(demo_session, admin, shop, category, "")  # cleared: follows the shop's again
    assert rates.rate_bp(demo_session, shop, category) == 1200
    set_platform_rate(demo_session, admin, "")
    assert platform_rate(demo_session, admin) == setting
    (row,) = [r for r in list_shops(demo_session, admin, TableQuery(page_size=100)).rows
              if r.id == shop]  # fmt: skip
    assert (row.rate_bp, row.own_rate) == (1200, True)


@pytest.mark.parametrize("rate", ["50.01", "60", "-1", "abc", "12.345", "1e1", "100"])
def test_a_rate_outside_0_to_50_percent_is_refused(demo_session, customer, operations, rate):
    order = pending_order(demo_session, customer)
    shop, category = _shop_and_category(demo_session, order)
    before = _rates(demo_session)
    for call in (
        lambda: set_shop_rate(demo_session, operations, shop, category, rate),
        lambda: set_shop_rate(demo_session, operations, shop, None, rate),
        lambda: set_platform_rate(demo_session, operations, rate),
    ):
        with pytest.raises(DomainError) as err:
            call()
        assert (err.value.key, err.value.params) == ("commission.rate_invalid", {"max": 50})
    assert _rates(demo_session) == before
    assert not demo_session.exec(
        select(AuditEntry).where(AuditEntry.action == "commission.rate_changed")
    ).all()


def test_fifty_percent_is_the_highest_rate(demo_session, customer, operations):
    order = pending_order(demo_session, customer)
    shop, category = _shop_and_category(demo_session, order)
    set_shop_rate(demo_session, operations, shop, category, "50")
    assert rates.rate_bp(demo_session, shop, category) == 5000


def test_an_unknown_shop_or_category_is_refused(demo_session, operations):
    before = _rates(demo_session)
    with pytest.raises(DomainError) as err:
        set_shop_rate(demo_session, operations, 999_999, None, "10")
    assert err.value.key == "commission.shop_not_found"
    with pytest.raises(DomainError) as err:
        shop_commission(demo_session, operations, 999_999)
    assert err.value.key == "commission.shop_not_found"
    shop = list_shops(demo_session, operations, TableQuery()).rows[0].id
    with pytest.raises(DomainError) as err:
        set_shop_rate(demo_session, operations, shop, 999_999, "10")
    assert err.value.key == "commission.category_not_found"
    assert _rates(demo_session) == before


@pytest.mark.parametrize("who", ["support", "finance", "customer", "tech"])
def test_only_shop_reviewers_see_and_change_rates(demo_session, request, admin, who):
    shop = list_shops(demo_session, admin, TableQuery()).rows[0].id
    actor = request.getfixturevalue(who)
    before = _rates(demo_session)
    for call in (
        lambda: list_shops(demo_session, actor, TableQuery()),
        lambda: shop_commission(demo_session, actor, shop),
        lambda: set_shop_rate(demo_session, actor, shop, None, "10"),
        lambda: set_platform_rate(demo_session, actor, "10"),
        lambda: platform_rate(demo_session, actor),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert _rates(demo_session) == before
