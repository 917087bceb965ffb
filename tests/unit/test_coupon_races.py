"""Claiming coupons at the same moment, each claim in its own thread and session (as many
workers): stock is never exceeded, one customer's limit holds, a double click buys once. Run on
SQLite and (SALON_TEST_DATABASE=postgres) PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, func, select

from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.models import Coupon, CouponTemplate, PointsEntry, Role, User
from salon_app.core.services import marketing, membership
from salon_app.core.services.access import Actor
from tests.support.coupons import published
from tests.support.races import race


def crowd(session: Session, count: int) -> list[Actor]:
    """`count` new customers (straight into the table: signing up 100 people is not the
    point here)."""
    now = utcnow()
    users = []
    for i in range(count):
        phone = f"+86176{i:08d}"
        users.append(User(phone=phone, phone_hash=crypto.lookup_hash(phone), password_hash="x",
                          display_name=f"抢券{i}", role=Role.customer, created_at=now))  # fmt: skip
    session.add_all(users)
    session.commit()
    return [Actor(u.id, "customer", u.display_name) for u in users]


def _issued(engine: Engine, template_id: int) -> tuple[int, int]:
    with Session(engine) as fresh:
        coupons = fresh.exec(
            select(func.count()).select_from(Coupon).where(Coupon.template_id == template_id)
        ).one()
        return fresh.get(CouponTemplate, template_id).issued, coupons


def test_100_concurrent_claims_of_a_10_stock_coupon_issue_exactly_10(
    demo_engine, demo_session, operations
):
    template = published(demo_session, operations, name="限量10张", total_stock=10)
    people = crowd(demo_session, 100)
    results = race(demo_engine, *(
        lambda s, who=who: marketing.claim(s, who, template.id).coupon_id for who in people
    ))  # fmt: skip
    won = [r for r in results if isinstance(r, int)]
    assert len(won) == 10 and len(set(won)) == 10
    assert sorted(set(r for r in results if not isinstance(r, int))) == ["coupon.out_of_stock"]
    assert _issued(demo_engine, template.id) == (10, 10)


def test_one_customers_concurrent_claims_respect_the_per_user_limit(
    demo_engine, demo_session, operations
):
    template = published(demo_session, operations, name="每人2张", per_user_limit=2)
    (who,) = crowd(demo_session, 1)
    results = race(demo_engine, *(
        lambda s: marketing.claim(s, who, template.id).coupon_id for _ in range(8)
    ))  # fmt: skip
    assert len([r for r in results if isinstance(r, int)]) == 2
    assert sorted(set(r for r in results if not isinstance(r, int))) == ["coupon.limit_reached"]
    assert _issued(demo_engine, template.id) == (2, 2)


def test_one_customers_concurrent_claims_respect_the_daily_limit(
    demo_engine, demo_session, operations
):
    template = published(demo_session, operations, per_user_limit=5, per_day_limit=1)
    (who,) = crowd(demo_session, 1)
    results = race(demo_engine, *(
        lambda s: marketing.claim(s, who, template.id).coupon_id for _ in range(6)
    ))  # fmt: skip
    assert [r for r in results if not isinstance(r, int)] == ["coupon.daily_limit_reached"] * 5
    assert _issued(demo_engine, template.id) == (1, 1)


def test_a_double_click_buying_with_points_buys_once(demo_engine, demo_session, operations):
    template = published(demo_session, operations, name="积分券", points_cost=300, per_user_limit=5)
    (who,) = crowd(demo_session, 1)
    membership.credit(demo_session, who.user_id, "activity", 1_000, "test:race", utcnow())
    demo_session.commit()
    results = race(demo_engine, *(
        lambda s: marketing.redeem_with_points(s, who, template.id, "0123456789abcdef")
        for _ in range(4)
    ))  # fmt: skip
    assert len({r.coupon_id for r in results}) == 1
    assert sorted(r.again for r in results) == [False, True, True, True]
    with Session(demo_engine) as fresh:
        spent = fresh.exec(
            select(PointsEntry.amount).where(
                PointsEntry.user_id == who.user_id, PointsEntry.kind == "redeem_coupon"
            )
        ).all()
        assert spent == [-300]
        assert membership.balance(fresh, who.user_id, utcnow()).available == 700
    assert _issued(demo_engine, template.id) == (1, 1)
