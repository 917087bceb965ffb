"""The demo city's offers, for tests about something else.

The demo city has member prices (林小美 is a high level, 90% of the price), running promotions
(platform 满减, the first shop's 8折, a newcomer price, a returning customers' 9折), coupons and
points. A test of income splits, commission, dispatch payouts or give-backs that works out its
figures from the technician's price asks for a city without them:

- `no_offers`: no promotion running and no member price at any level, so a booking without a
  coupon or points is at the technician's price (no discount lines);
- `plain_customer`: in that city, a customer who has just signed up (no points, no coupons, the
  first level). A test module that wants it as its `customer` writes
  `customer = offers.plain_customer`.

`income_base` is the price income and settlement are computed on when the offers stay on.
"""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, func, select

from salon_app.core.models import DiscountLine, MemberLevel, Order, Promotion
from salon_app.core.services.access import Actor
from tests.support import journeys

PLAIN_PHONE = "13700004321"


def switch_off_offers(session: Session) -> None:
    """Every promotion off, every level's member price the full price."""
    session.execute(update(Promotion).values(active=False))
    session.execute(update(MemberLevel).values(discount_bp=10_000))
    session.commit()


@pytest.fixture
def no_offers(demo_session: Session) -> None:
    """The demo city without promotions or member prices (coupons and points are only used
    when a booking asks for them)."""
    switch_off_offers(demo_session)


@pytest.fixture
def plain_customer(demo_session: Session) -> Actor:
    """A customer who has just signed up, in the demo city without its offers."""
    switch_off_offers(demo_session)
    return journeys.sign_up(demo_session, PLAIN_PHONE, "plain2026", "新客户")


def income_base(session: Session, order: Order) -> int:
    """What the customer pays plus the discounts the platform funds (the member price, its
    promotions and coupons, points): the price a technician's income and a shop's settlement
    are computed on (docs/decisions.md, issue 11 part E)."""
    platform = session.exec(
        select(func.coalesce(func.sum(DiscountLine.amount_fen), 0)).where(
            col(DiscountLine.order_id) == order.id, DiscountLine.funded_by == "platform"
        )
    ).one()
    return order.total_fen + int(platform)
