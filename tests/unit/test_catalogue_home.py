"""The customer home: categories, 热门推荐 by paid orders in 30 days, 新上线 by publication."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.models import Order, OrderItem, Service
from salon_app.core.services.discovery.catalogue import home_catalogue


def _paid_30d(demo_session, service_id: int) -> int:
    return demo_session.exec(
        select(func.count(func.distinct(Order.id)))
        .join(OrderItem, OrderItem.order_id == Order.id)
        .where(
            OrderItem.service_id == service_id,
            Order.paid_at >= utcnow() - timedelta(days=30),
            Order.status.not_in(("cancelled", "refunded")),
        )
    ).one()


def test_home_shows_the_four_categories_with_their_services(demo_session):
    home = home_catalogue(demo_session)
    assert [c.name for c in home.categories] == ["美发", "美容", "美甲", "家政"]
    assert home.categories[0].services == ["剪发", "染发", "烫发", "护发"]
    assert "开荒保洁" in home.categories[3].services


def test_hot_ranks_by_orders_paid_in_the_last_30_days(demo_session):
    hot = home_catalogue(demo_session).hot
    assert hot, "the demo city has recent paid orders"
    counts = [card.paid_orders_30d for card in hot]
    assert counts == sorted(counts, reverse=True)
    for card in hot:
        assert card.paid_orders_30d == _paid_30d(demo_session, card.id)


def _top_and_its_recent_orders(demo_session):
    top = home_catalogue(demo_session).hot[0]
    recent = demo_session.exec(
        select(Order)
        .join(OrderItem, OrderItem.order_id == Order.id)
        .where(OrderItem.service_id == top.id, Order.paid_at >= utcnow() - timedelta(days=30))
    ).all()
    return top, recent


def test_orders_older_than_30_days_stop_counting(demo_session):
    top, recent = _top_and_its_recent_orders(demo_session)
    for order in recent:
        order.paid_at = utcnow() - timedelta(days=31)
    demo_session.commit()
    assert all(card.id != top.id for card in home_catalogue(demo_session).hot)


def test_cancelled_and_refunded_orders_stop_counting(demo_session):
    top, recent = _top_and_its_recent_orders(demo_session)
    for i, order in enumerate(recent):
        order.status = ("cancelled", "refunded")[i % 2]
    demo_session.commit()
    assert all(card.id != top.id for card in home_catalogue(demo_session).hot)


def test_new_lists_the_latest_published_first_and_hides_withdrawn(demo_session):
    newest = home_catalogue(demo_session).new
    dates = [card.published_at for card in newest]
    assert dates == sorted(dates, reverse=True)
    latest = demo_session.exec(select(Service).order_by(Service.published_at.desc())).first()
    assert newest[0].id == latest.id
    latest.is_active = False
    demo_session.commit()
    assert all(card.id != latest.id for card in home_catalogue(demo_session).new)


def test_empty_platform_shows_empty_sections(session):
    home = home_catalogue(session)
    assert home.categories == [] and home.hot == [] and home.new == []
