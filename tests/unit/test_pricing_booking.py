"""Booking applies the quote: the order's price and discount lines, the coupon used by this
order only, the points spent once; refusals store nothing; two orders racing for one coupon
or the same points end with one order. Run on SQLite and (SALON_TEST_DATABASE=postgres)
PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Coupon,
    DiscountLine,
    Order,
    PointsEntry,
    Service,
    Technician,
    TechnicianService,
)
from salon_app.core.services import membership, pricing
from salon_app.core.services.access import Actor
from salon_app.core.services.booking import BookingRequest, book
from tests.support.journeys import sign_up
from tests.support.orders import next_free_start
from tests.support.pricing_world import give_coupon, give_points
from tests.support.races import race


def _shop_offers(session: Session, n: int = 2) -> list[tuple[int, int, int]]:
    """(technician, haircut service, price) of the first `n` shop technicians cutting hair."""
    cut = session.exec(select(Service).where(Service.slug == "haircut")).one()
    rows = session.exec(
        select(TechnicianService.technician_id, TechnicianService.price_fen)
        .join(Technician, Technician.id == TechnicianService.technician_id)
        .where(TechnicianService.service_id == cut.id, Technician.merchant_id.is_not(None))
        .order_by(TechnicianService.technician_id)
    ).all()
    return [(tech, cut.id, price) for tech, price in rows[:n]]


def _request(session: Session, offer: tuple[int, int, int], **kw) -> BookingRequest:
    tech, service, _ = offer
    return BookingRequest(service, tech, next_free_start(session, tech, service), **kw)


def _orders(session: Session, customer: Actor) -> int:
    return session.exec(select(func.count()).where(Order.customer_id == customer.user_id)).one()


def _count(session: Session, table: type) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def _available(session: Session, customer: Actor) -> int:
    return membership.balance(session, customer.user_id, utcnow()).available


def test_booking_with_a_coupon_and_points_stores_the_price_and_its_lines(demo_session, customer):
    now = utcnow()
    offer = _shop_offers(demo_session, 1)[0]
    coupon = give_coupon(demo_session, customer.user_id, now, "no_threshold", amount_fen=500)
    give_points(demo_session, customer.user_id, 1_000, now)
    demo_session.commit()
    before = _available(demo_session, customer)
    priced = pricing.booking_quote(demo_session, customer, offer[0], [offer[1]], coupon.id, 0)
    points = min(300, priced.points_max)
    order = book(demo_session, customer, _request(demo_session, offer, coupon_id=coupon.id,
                                                  points=points))  # fmt: skip
    expected = pricing.booking_quote(
        demo_session, customer, offer[0], [offer[1]]
    )  # the same offers, without coupon and points
    assert order.list_fen == offer[2]
    assert order.total_fen == expected.total_fen - 500 - points
    lines = demo_session.exec(select(DiscountLine).where(DiscountLine.order_id == order.id)).all()
    assert sum(x.amount_fen for x in lines) == order.list_fen - order.total_fen
    assert {x.source for x in lines} >= {"coupon", "points"}
    used = demo_session.get(Coupon, coupon.id, populate_existing=True)
    assert (used.order_id, used.used_at is not None) == (order.id, True)
    entry = demo_session.exec(
        select(PointsEntry).where(PointsEntry.key == f"deduct:{order.id}")
    ).one()
    assert entry.amount == -points and _available(demo_session, customer) == before - points
    assert next(x for x in lines if x.source == "points").ref_id == entry.id
    shown = pricing.order_discounts(demo_session, customer, order.id)
    assert [(d.source, d.amount_fen) for d in shown if d.source in ("coupon", "points")] == [
        ("coupon", 500),
        ("points", points),
    ]


def test_another_customer_cannot_read_an_orders_discounts(demo_session, customer):
    other = demo_session.exec(
        select(Order).where(Order.customer_id != customer.user_id).order_by(Order.id)
    ).first()
    with pytest.raises(DomainError) as err:
        pricing.order_discounts(demo_session, customer, other.id)
    assert err.value.key == "order.not_found"


@pytest.mark.parametrize(
    ("case", "key"),
    [
        ("expired", "coupon.expired"),
        ("someone_elses", "coupon.not_yours"),
        ("below_threshold", "coupon.below_threshold"),
        ("too_many_points", "pricing.points_not_enough"),
    ],
)
def test_a_refused_booking_stores_nothing(demo_session, customer, case, key):
    now = utcnow()
    offer = _shop_offers(demo_session, 1)[0]
    other = demo_session.exec(
        select(Order.customer_id).where(Order.customer_id != customer.user_id).order_by(Order.id)
    ).first()
    fields = {
        "expired": dict(valid=(now - timedelta(days=9), now - timedelta(days=1))),
        "someone_elses": {},
        "below_threshold": dict(kind="threshold", threshold_fen=offer[2] * 5),
    }.get(case, {})
    kind = fields.pop("kind", "no_threshold")
    owner = other if case == "someone_elses" else customer.user_id
    coupon = give_coupon(demo_session, owner, now, kind, amount_fen=500, **fields)
    give_points(demo_session, customer.user_id, 50, now)
    demo_session.commit()
    orders, points = _orders(demo_session, customer), _available(demo_session, customer)
    lines = _count(demo_session, DiscountLine)  # the demo city's orders have theirs
    request = (
        _request(demo_session, offer, points=points + 1)
        if case == "too_many_points"
        else _request(demo_session, offer, coupon_id=coupon.id)
    )
    with pytest.raises(DomainError) as err:
        book(demo_session, customer, request)
    assert err.value.key == key
    assert _orders(demo_session, customer) == orders
    assert _available(demo_session, customer) == points
    assert demo_session.get(Coupon, coupon.id, populate_existing=True).order_id is None
    assert _count(demo_session, DiscountLine) == lines


@pytest.mark.parametrize("attempt", range(3))
def test_two_orders_racing_for_one_coupon_one_wins(demo_engine, demo_session, customer, attempt):
    first, second = _shop_offers(demo_session, 2)
    coupon = give_coupon(demo_session, customer.user_id, utcnow(), "no_threshold", amount_fen=500)
    demo_session.commit()
    requests = [_request(demo_session, o, coupon_id=coupon.id) for o in (first, second)]
    orders = _orders(demo_session, customer)
    results = race(
        demo_engine,
        lambda s: book(s, customer, requests[0]).id,
        lambda s: book(s, customer, requests[1]).id,
    )
    assert sorted(map(type, results), key=str) == [int, str], results
    assert "coupon.used" in results
    (winner,) = [r for r in results if isinstance(r, int)]
    assert demo_session.get(Coupon, coupon.id, populate_existing=True).order_id == winner
    assert _orders(demo_session, customer) == orders + 1
    lines = demo_session.exec(
        select(DiscountLine.order_id).where(
            DiscountLine.source == "coupon", DiscountLine.ref_id == coupon.id
        )
    )
    assert lines.all() == [winner]


def test_two_orders_racing_for_the_same_points_spend_them_once(demo_engine, demo_session):
    customer = sign_up(demo_session, "13912340001", "hello2026", "积分客")
    first, second = _shop_offers(demo_session, 2)
    give_points(demo_session, customer.user_id, 100, utcnow())
    demo_session.commit()
    have = _available(demo_session, customer)
    spend = have // 2 + 1  # one order may take it, not both
    for tech, service, _ in (first, second):
        assert pricing.booking_quote(demo_session, customer, tech, [service]).points_max >= spend
    requests = [_request(demo_session, o, points=spend) for o in (first, second)]
    results = race(
        demo_engine,
        lambda s: book(s, customer, requests[0]).id,
        lambda s: book(s, customer, requests[1]).id,
    )
    assert sorted(map(type, results), key=str) == [int, str], results
    assert "pricing.points_not_enough" in results
    assert _available(demo_session, customer) == have - spend
    assert _orders(demo_session, customer) == 1
