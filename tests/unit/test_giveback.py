"""Refunds that give back exactly: a cancellation or full refund returns the coupon (while valid)
and the points spent with their own expiries, and takes back the points and growth the payment
earned (a shortfall is debt); a partial refund prorates; each exactly once. Run on SQLite and
(SALON_TEST_DATABASE=postgres) PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import Coupon, GrowthEntry, Membership, Order, PointsEntry
from salon_app.core.services import membership, payments, pricing
from salon_app.core.services.booking import changes as order_changes
from salon_app.core.services.payments import refunds
from salon_app.core.settings import get_settings
from tests.support import journeys, offers
from tests.support.discounts import DAY, discount, earned, give_points, pay
from tests.support.journeys import accept
from tests.support.orders import pending_order
from tests.support.races import race
from tests.unit.test_payments import notify_
from tests.unit.test_refunds import PAID_PROVIDER, all_refunds, gateways  # noqa: F401

COUPON, SPENT, EARNED, GROWTH = 2000, 400, 170, 170

# A customer who has just signed up, in the demo city without its promotions and member prices:
# the points and growth below are the order's own, earned at the first level (1 per yuan).
customer = offers.plain_customer


def _coupon(session: Session, coupon: Coupon) -> Coupon:
    return session.get(Coupon, coupon.id, populate_existing=True)


def _rows(session: Session, order: Order, kind: str) -> list[PointsEntry]:
    return list(
        session.exec(
            select(PointsEntry)
            .where(PointsEntry.order_id == order.id, PointsEntry.kind == kind)
            .order_by(col(PointsEntry.id))
        ).all()
    )


def _sum(session: Session, order: Order, kind: str) -> int:
    return sum(r.amount for r in _rows(session, order, kind))


def _growth(session: Session, user_id: int) -> int:
    return session.get(Membership, user_id, populate_existing=True).growth


def _finish(session: Session, gateways, refund_key: str):  # noqa: F811
    return notify_(session, gateways[PAID_PROVIDER].complete_refund(refund_key))


@pytest.fixture
def points(demo_session, customer) -> None:
    """Only two batches usable: 300 expiring in 10 days, 500 in 60 days."""
    have = membership.balance(demo_session, customer.user_id, utcnow()).available
    if have > 0:  # whatever the demo city gave the customer is spent first
        membership.debit(demo_session, customer.user_id, "redeem_gift", have, "test:c", utcnow())
    give_points(demo_session, customer.user_id, 300, "test:soon", 10)
    give_points(demo_session, customer.user_id, 500, "test:later", 60)


@pytest.fixture
def booked(demo_session, customer, points):
    """Booked with a platform coupon of 20 yuan and 400 points (300 soon-expiring + 100)."""
    return discount(
        demo_session, pending_order(demo_session, customer), coupon_fen=COUPON, points=SPENT
    )


@pytest.fixture
def paid(demo_session, gateways, customer, booked):  # noqa: F811
    """The booked order paid; the payment earned 170 points and 170 growth (1 of each per
    yuan paid, at the first level)."""
    order = pay(demo_session, gateways, customer, booked.order)
    assert earned(demo_session, order) == (EARNED, GROWTH)
    return order


def test_cancelling_a_paid_order_gives_back_everything_once(
    demo_session,
    gateways,  # noqa: F811
    customer,
    booked,
    paid,
):
    now = utcnow()
    before = membership.balance(demo_session, customer.user_id, now)
    growth = _growth(demo_session, customer.user_id)
    preview = pricing.cancel_giveback(demo_session, customer, paid.id, now)
    assert preview == pricing.GiveBack("无门槛券", True, SPENT, EARNED)
    terms = order_changes.cancel(demo_session, customer, paid.code, "不去了")
    assert terms.refund_fen == paid.total_fen == 19400 - COUPON - SPENT
    coupon = _coupon(demo_session, booked.coupon)
    assert (coupon.order_id, coupon.used_at) == (None, None) and coupon.returned_at is not None
    # The 400 points come back with their own expiries: the 100 of the later batch first.
    returned = _rows(demo_session, paid, "refund_return")
    days = [round((r.expires_at - now) / DAY) for r in returned]
    assert [(r.amount, d) for r, d in zip(returned, days, strict=True)] == [(100, 60), (300, 10)]
    assert _sum(demo_session, paid, "refund_takeback") == -EARNED
    after = membership.balance(demo_session, customer.user_id, utcnow())
    assert after.available == before.available + SPENT
    assert after.pending == before.pending - EARNED  # taken from the order's own frozen batch
    assert _growth(demo_session, customer.user_id) == growth - GROWTH
    assert pricing.given_back(demo_session, customer, paid.id) == pricing.GiveBack(
        "无门槛券", True, SPENT, EARNED, GROWTH
    )
    (refund,) = all_refunds(demo_session, paid)
    for _ in range(3):  # the notification, replayed: nothing more comes back
        _finish(demo_session, gateways, refund.idempotency_key)
    assert demo_session.get(Order, paid.id, populate_existing=True).status == "refunded"
    assert _sum(demo_session, paid, "refund_return") == SPENT
    assert _sum(demo_session, paid, "refund_takeback") == -EARNED
    assert _growth(demo_session, customer.user_id) == growth - GROWTH
    with pytest.raises(DomainError) as err:  # a second click
        order_changes.cancel(demo_session, customer, paid.code)
    assert err.value.key == "order.already_cancelled"
    assert _sum(demo_session, paid, "refund_return") == SPENT


def test_cancelling_an_unpaid_order_returns_coupon_and_points(demo_session, customer, booked):
    now = utcnow()
    before = membership.balance(demo_session, customer.user_id, now).available
    terms = order_changes.cancel(demo_session, customer, booked.order.code)
    assert (terms.refund_fen, terms.fee_fen) == (0, 0)
    assert _coupon(demo_session, booked.coupon).order_id is None
    assert membership.balance(demo_session, customer.user_id, utcnow()).available == before + SPENT
    assert _rows(demo_session, booked.order, "refund_takeback") == []


def test_an_expired_hold_returns_coupon_and_points(demo_session, gateways, customer, booked):  # noqa: F811
    now = utcnow()
    before = membership.balance(demo_session, customer.user_id, now).available
    later = booked.order.hold_expires_at + timedelta(minutes=1)
    report = payments.reconcile_expired_holds(demo_session, now=later)
    assert report.expired == [booked.order.code]
    assert _coupon(demo_session, booked.coupon).order_id is None
    assert membership.balance(demo_session, customer.user_id, later).available == before + SPENT


def test_an_expired_coupon_stays_used_but_the_points_come_back(
    demo_session, customer, points, monkeypatch
):
    booked = discount(
        demo_session,
        pending_order(demo_session, customer),
        coupon_fen=COUPON,
        points=SPENT,
        coupon_days=1,
    )
    monkeypatch.setattr(order_changes, "utcnow", lambda: utcnow() + 2 * DAY)
    order_changes.cancel(demo_session, customer, booked.order.code)
    coupon = _coupon(demo_session, booked.coupon)
    assert (coupon.order_id, coupon.returned_at) == (booked.order.id, None)
    assert _sum(demo_session, booked.order, "refund_return") == SPENT
    view = pricing.given_back(demo_session, customer, booked.order.id)
    assert (view.coupon, view.coupon_back, view.points_back) == ("无门槛券", False, SPENT)


def test_partial_refunds_prorate_and_only_the_last_returns_the_coupon(
    demo_session,
    gateways,  # noqa: F811
    customer,
    finance,
    booked,
    paid,
):
    assert paid.total_fen == 17000  # 194 yuan − 20 coupon − 4 points
    growth = _growth(demo_session, customer.user_id)
    expected = [  # refunded so far → points back, earned taken back (floor of the share)
        (5000, 117, 50),  # 400 × 5000/17000 = 117.6; 170 × 5000/17000 = 50
        (12000, 282, 120),  # 400 × 12000/17000 = 282.4
        (17000, 400, 170),  # all of it
    ]
    refunded = 0
    for total, back, taken in expected:
        view = refunds.request_refund(demo_session, finance, paid.id, total - refunded, "部分")
        refunded = total
        assert _finish(demo_session, gateways, view.key).outcome == "applied"
        assert _finish(demo_session, gateways, view.key).outcome == "duplicate"
        assert _sum(demo_session, paid, "refund_return") == back
        assert _sum(demo_session, paid, "refund_takeback") == -taken
        assert _growth(demo_session, customer.user_id) == growth - taken
        coupon = _coupon(demo_session, booked.coupon)
        assert (coupon.order_id is None) == (total == 17000)
    # The returned points keep their batches' expiries over the three steps: 100 + 300.
    by_expiry: dict[int, int] = {}
    for r in _rows(demo_session, paid, "refund_return"):
        days = round((r.expires_at - utcnow()) / DAY)
        by_expiry[days] = by_expiry.get(days, 0) + r.amount
    assert by_expiry == {60: 100, 10: 300}


def test_taking_back_spent_earned_points_leaves_a_debt(
    demo_session,
    gateways,  # noqa: F811
    customer,
):
    order = discount(demo_session, pending_order(demo_session, customer), coupon_fen=COUPON).order
    order = pay(demo_session, gateways, customer, order)
    points, _ = earned(demo_session, order)
    assert points == order.total_fen // 100  # 1 a yuan at the first level
    now = utcnow()
    frozen = update(PointsEntry).where(col(PointsEntry.key) == f"earn:{order.id}")
    demo_session.execute(frozen.values(available_at=now))  # the week is over: usable, and spent
    have = membership.balance(demo_session, customer.user_id, now).available
    assert have == points
    membership.debit(demo_session, customer.user_id, "redeem_gift", have, "test:gift", now)
    demo_session.commit()
    order_changes.cancel(demo_session, customer, order.code)
    after = membership.balance(demo_session, customer.user_id, utcnow())
    assert (after.available, after.debt) == (-points, points)  # never clamped to zero
    give_points(demo_session, customer.user_id, 200, "test:next", 30)  # the next batch pays it
    assert membership.balance(demo_session, customer.user_id, utcnow()).available == 200 - points


def test_the_cancellation_fee_is_on_the_amount_paid_after_discounts(
    demo_session,
    customer,
    paid,
    monkeypatch,
):
    monkeypatch.setattr(order_changes, "utcnow", lambda: paid.starts_at - timedelta(hours=1))
    terms = order_changes.cancel_terms(paid, paid.starts_at - timedelta(hours=1))
    fee = 17000 * get_settings().cancel_fee_bp // 10_000
    assert (terms.fee_fen, terms.refund_fen, terms.free) == (fee, 17000 - fee, False)
    assert order_changes.cancel(demo_session, customer, paid.code).refund_fen == 17000 - fee
    (refund,) = all_refunds(demo_session, paid)
    assert refund.amount_fen == 17000 - fee
    # The fee is money only: the coupon and every point come back, the earned ones go.
    assert _sum(demo_session, paid, "refund_return") == SPENT
    assert _sum(demo_session, paid, "refund_takeback") == -EARNED


def test_two_cancels_at_once_give_back_once(demo_engine, demo_session, customer, booked, paid):
    results = race(
        demo_engine,
        lambda s: order_changes.cancel(s, customer, paid.code),
        lambda s: order_changes.cancel(s, customer, paid.code),
    )
    assert "order.already_cancelled" in results
    assert _sum(demo_session, paid, "refund_return") == SPENT
    assert _sum(demo_session, paid, "refund_takeback") == -EARNED
    entries = demo_session.exec(
        select(GrowthEntry).where(GrowthEntry.order_id == paid.id, GrowthEntry.kind == "refund")
    ).all()
    assert [e.amount for e in entries] == [-GROWTH]
    assert _coupon(demo_session, booked.coupon).order_id is None


def test_two_workers_applying_one_refund_notification_give_back_once(
    demo_engine,
    demo_session,
    gateways,  # noqa: F811
    finance,
    paid,
):
    view = refunds.request_refund(demo_session, finance, paid.id, 8500, "一半")
    event = gateways[PAID_PROVIDER].complete_refund(view.key)
    outcomes = race(demo_engine, *[lambda s: notify_(s, event).outcome] * 3)
    assert sorted(outcomes) == ["applied", "duplicate", "duplicate"]
    assert _sum(demo_session, paid, "refund_return") == SPENT * 8500 // 17000 == 200
    assert _sum(demo_session, paid, "refund_takeback") == -(EARNED * 8500 // 17000) == -85


def test_only_the_customer_sees_what_their_order_gave_back(demo_session, customer, tech, booked):
    other_customer = journeys.sign_up(demo_session, "17600000014", "hello2026", "路人")
    with pytest.raises(DomainError) as err:
        pricing.given_back(demo_session, other_customer, booked.order.id)
    assert err.value.key == "order.not_found"
    with pytest.raises(DomainError) as err:
        pricing.cancel_giveback(demo_session, other_customer, booked.order.id, utcnow())
    assert err.value.key == "order.not_found"
    with pytest.raises(PermissionDenied):
        pricing.given_back(demo_session, tech, booked.order.id)
    with pytest.raises(PermissionDenied):
        pricing.given_back(demo_session, None, booked.order.id)
    with pytest.raises(DomainError) as err:
        pricing.given_back(demo_session, customer, 999_999)
    assert err.value.key == "order.not_found"


def test_a_cancel_refused_gives_nothing_back(demo_session, customer, booked, paid):
    actor = accept(demo_session, paid)
    journeys.step(demo_session, actor, paid, "departed")
    with pytest.raises(DomainError) as err:
        order_changes.cancel(demo_session, customer, paid.code)
    assert err.value.key == "order.cannot_cancel"
    assert _rows(demo_session, paid, "refund_return") == []
    assert _coupon(demo_session, booked.coupon).order_id == paid.id


def test_the_order_page_says_what_comes_back():
    from salon_app.customer.orders.giveback import giveback_lines

    assert giveback_lines(pricing.GiveBack("无门槛券", True, 400, 170)) == [
        "优惠券「无门槛券」退回券包，可再次使用",
        "本单抵扣的 400 积分退回（保留原有效期）",
        "本单赠送的 170 积分扣回",
    ]
    assert giveback_lines(pricing.GiveBack("无门槛券", False, 117, 0)) == [
        "优惠券「无门槛券」不退回（已过期，或仅部分退款）",
        "本单抵扣的 117 积分退回（保留原有效期）",
    ]
    assert giveback_lines(pricing.GiveBack("", False, 0, 0)) == []
