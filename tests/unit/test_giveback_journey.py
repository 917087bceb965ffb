"""The customer's journey at service level: booked with a coupon and points, paid (points and
growth earned), cancelled; the refund's notification comes three times. The coupon is in the
wallet again and can be used by the next order, the points spent are back, the earned ones
taken back, and every ledger row exists exactly once."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import update
from sqlmodel import col, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Coupon, GrowthEntry, LedgerEntry, Order, PointsEntry
from salon_app.core.services import membership, pricing
from salon_app.core.services.booking import changes as order_changes
from salon_app.core.services.payments import refunds
from tests.support import offers
from tests.support.discounts import discount, earned, give_points, pay
from tests.support.orders import pending_order
from tests.unit.test_payments import notify_
from tests.unit.test_refunds import PAID_PROVIDER, gateways  # noqa: F401

# A customer who has just signed up, in the demo city without its promotions and member prices:
# the points and growth below are the order's own, earned at the first level (1 per yuan).
customer = offers.plain_customer


def test_book_with_coupon_and_points_pay_cancel_and_get_them_back(
    demo_session,
    gateways,  # noqa: F811
    customer,
):
    give_points(demo_session, customer.user_id, 600, "journey:checkin", 90)
    start = membership.balance(demo_session, customer.user_id, utcnow()).available
    booked = discount(
        demo_session, pending_order(demo_session, customer), coupon_fen=1500, points=500
    )
    assert membership.balance(demo_session, customer.user_id, utcnow()).available == start - 500
    order = pay(demo_session, gateways, customer, booked.order)
    assert order.status == "pending_service" and order.total_fen == order.list_fen - 2000
    got = order.total_fen // 100  # points and growth earned: 1 a yuan at the first level
    assert earned(demo_session, order) == (got, got)

    terms = order_changes.cancel(demo_session, customer, order.code, "行程有变")
    assert terms.refund_fen == order.total_fen
    (refund,) = refunds.order_refunds(demo_session, customer, order.id)
    event = gateways[PAID_PROVIDER].complete_refund(refund.key)
    outcomes = [notify_(demo_session, event).outcome for _ in range(3)]
    assert outcomes == ["applied", "duplicate", "duplicate"]
    assert demo_session.get(Order, order.id, populate_existing=True).status == "refunded"

    # What the customer sees on the order, and the wallet.
    back = pricing.given_back(demo_session, customer, order.id)
    assert back == pricing.GiveBack("无门槛券", True, 500, got, got)
    assert membership.balance(demo_session, customer.user_id, utcnow()).available == start
    coupon = demo_session.get(Coupon, booked.coupon.id, populate_existing=True)
    assert coupon.order_id is None and coupon.returned_at is not None
    # The next order can use it (the pricing engine's conditional update succeeds once).
    other = pending_order(demo_session, customer)
    taken = demo_session.execute(
        update(Coupon)
        .where(col(Coupon.id) == coupon.id, col(Coupon.order_id).is_(None))
        .values(order_id=other.id, used_at=utcnow())
    )
    assert taken.rowcount == 1

    # Every row exactly once.
    money = Counter(
        (r.account, r.kind, r.amount_fen)
        for r in demo_session.exec(
            select(LedgerEntry).where(LedgerEntry.order_id == order.id)
        ).all()
    )
    paid = order.total_fen
    assert money == Counter(
        {
            ("platform", "payment", paid): 1,
            ("platform", "refund", -paid): 1,
            ("refunds_pending", "refund", paid): 1,
            ("refunds_pending", "refund_paid", -paid): 1,
        }
    )
    rows = demo_session.exec(select(PointsEntry).where(PointsEntry.order_id == order.id)).all()
    by_kind: Counter[str] = Counter()
    for r in rows:
        by_kind[r.kind] += r.amount
    assert by_kind == {"deduct": -500, "earn": got, "refund_return": 500, "refund_takeback": -got}
    assert [r.kind for r in rows].count("refund_takeback") == 1
    growth = demo_session.exec(
        select(GrowthEntry.amount)
        .where(GrowthEntry.order_id == order.id)
        .order_by(col(GrowthEntry.id))
    ).all()
    assert list(growth) == [got, -got]
