"""The demo city and the bulk generator, as a visitor trying the app or a benchmark sees them."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, text
from sqlmodel import Session, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.demo import bulk
from salon_app.core.demo.logins import (
    ADMIN_PHONE,
    CUSTOMER_PHONE,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    FINANCE_PHONE,
    MERCHANT_PHONE,
    OPERATIONS_PHONE,
    SUPPORT_PHONE,
    TECHNICIAN_PHONE,
)
from salon_app.core.demo.seed import seed_demo
from salon_app.core.demo.shenzhen import DISTRICTS
from salon_app.core.models import (
    CaseStudy,
    Certificate,
    DiscountLine,
    LedgerEntry,
    Merchant,
    Order,
    OrderItem,
    Payment,
    Review,
    Service,
    ServiceArea,
    ServiceCategory,
    Technician,
    TechnicianService,
    User,
    WorkingHours,
)
from salon_app.core.services import auth
from salon_app.core.services.auth.phones import normalize_mobile
from salon_app.core.services.feedback.reviews import review_score
from tests.support import journeys

EXPECTED_CATALOGUE = {
    "美发": {"剪发", "染发", "烫发", "护发"},
    "美容": {"面部护理", "皮肤管理", "美妆造型"},
    "美甲": {"指甲修剪", "甲面设计", "甲油涂抹"},
    "家政": {"日常保洁", "深度清洁", "家电清洗", "开荒保洁"},
}

OVERLAPS = text(
    "SELECT count(*) FROM orders a JOIN orders b ON a.technician_id = b.technician_id "
    "AND a.id < b.id AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at "
    "WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'"
)


@pytest.fixture
def city(demo_session: Session) -> Session:
    """A private copy of the demo city (seeded once per run by seed_demo, in conftest)."""
    return demo_session


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def test_demo_city_has_full_catalogue(city):
    categories = city.exec(select(ServiceCategory)).all()
    assert {c.slug for c in categories} == {"hair", "beauty", "nails", "housekeeping"}
    names = {c.id: c.name for c in categories}
    offered: dict[str, set[str]] = {}
    for service in city.exec(select(Service)).all():
        offered.setdefault(names[service.category_id], set()).add(service.name)
        assert 0 < service.price_min_fen < service.price_max_fen
        assert service.duration_min > 0 and service.summary and service.effect
        assert service.process.count("\n") >= 3  # several steps of 服务流程
        if names[service.category_id] == "家政":
            assert service.at_home and not service.in_shop
        else:
            assert service.in_shop
    assert offered == EXPECTED_CATALOGUE
    haircut = city.exec(select(Service).where(Service.name == "剪发")).one()
    assert (haircut.price_min_fen, haircut.price_max_fen) == (6800, 29800)
    fresh = city.exec(
        select(Service).where(Service.published_at > utcnow() - timedelta(days=21))
    ).all()
    assert 2 <= len(fresh) <= 3  # 新上线 means something


def test_demo_logins_work_for_every_role(city):
    actors = {role: auth.log_in(city, phone, DEMO_PASSWORD).actor for role, phone in DEMO_LOGINS}
    assert {role: actor.role for role, actor in actors.items()} == {
        "customer": "customer",
        "technician": "technician",
        "merchant": "merchant",
        "admin": "admin",
        "operations": "admin",
        "support": "admin",
        "finance": "admin",
    }
    assert actors["customer"].display_name == "林小美"
    assert actors["admin"].display_name == "平台管理员"
    assert actors["merchant"].merchant_id is not None
    assert actors["technician"].technician_id is not None
    tech = city.get(Technician, actors["technician"].technician_id)
    first_shop = city.exec(select(Merchant).order_by(Merchant.id)).first()
    assert tech.merchant_id == first_shop.id == actors["merchant"].merchant_id
    assert "剪发" in _offered_service_names(city, tech.id)


def _offered_service_names(session: Session, technician_id: int) -> set[str]:
    rows = session.exec(
        select(Service.name)
        .join(TechnicianService, TechnicianService.service_id == Service.id)
        .where(TechnicianService.technician_id == technician_id)
    ).all()
    return set(rows)


def test_demo_phones_are_the_documented_ones():
    assert DEMO_PASSWORD == "demo1234"
    phones = [CUSTOMER_PHONE, TECHNICIAN_PHONE, MERCHANT_PHONE, ADMIN_PHONE]
    phones += [OPERATIONS_PHONE, SUPPORT_PHONE, FINANCE_PHONE]
    assert phones[:4] == ["13800138001", "13800138011", "13800138021", "13800138099"]
    assert [phone for _, phone in DEMO_LOGINS] == phones


def test_seed_runs_only_once(session):
    assert seed_demo(session) is True  # an empty database
    counts = [_count(session, m) for m in (User, Order, Service, Technician)]
    assert seed_demo(session) is False
    assert [_count(session, m) for m in (User, Order, Service, Technician)] == counts


def test_seed_leaves_a_database_with_users_alone(session):
    journeys.sign_up(session, "13912345678", "hello2026", "小王")
    assert seed_demo(session) is False
    assert _count(session, User) == 1 and _count(session, Service) == 0


def test_every_demo_phone_is_a_valid_mainland_mobile(city):
    for user in city.exec(select(User)).all():
        assert normalize_mobile(user.phone) == user.phone


def test_technicians_are_varied(city):
    techs = city.exec(select(Technician)).all()
    assert len(techs) >= 30
    assert {t.gender for t in techs} == {"female", "male"}
    today = local_today()
    ages = [_age(t.birth_date, today) for t in techs]
    assert min(ages) >= 20 and max(ages) <= 50 and max(ages) - min(ages) >= 15
    assert len({t.years_experience for t in techs}) >= 8
    independent = [t for t in techs if t.merchant_id is None]
    assert 0 < len(independent) < len(techs) / 4  # most belong to a shop
    for tech in techs:
        assert tech.skills and tech.bio and tech.home_lat and tech.home_lng
        prices = city.exec(
            select(TechnicianService, Service)
            .join(Service, Service.id == TechnicianService.service_id)
            .where(TechnicianService.technician_id == tech.id)
        ).all()
        assert prices, tech.display_name
        for offer, service in prices:
            assert service.price_min_fen <= offer.price_fen <= service.price_max_fen
        for model in (WorkingHours, ServiceArea, Certificate, CaseStudy):
            column = model.technician_id
            assert city.exec(select(func.count()).where(column == tech.id)).one() >= 1
    weekend = set(city.exec(select(WorkingHours.technician_id).where(WorkingHours.weekday == 6)))
    assert 0 < len(weekend) < len(techs)  # some work on Sundays, some do not
    radii = city.exec(select(ServiceArea.radius_km)).all()
    assert all(3 <= r <= 10 for r in radii)


def test_demo_ratings_match_reviews(city):
    reviews = city.exec(select(Review)).all()
    assert len(reviews) >= 30
    expected: Counter[int] = Counter()
    counts: Counter[int] = Counter()
    for review in reviews:
        assert all(3 <= s <= 5 for s in (review.attitude, review.skill, review.effect))
        expected[review.technician_id] += round(
            (review.attitude + review.skill + review.effect) / 3 * 100
        )
        counts[review.technician_id] += 1
        assert city.get(Order, review.order_id).status == "reviewed"
    for tech in city.exec(select(Technician)).all():
        assert (tech.rating_count, tech.rating_sum) == (counts[tech.id], expected[tech.id])


def test_demo_orders_add_up(city):
    now = utcnow()
    orders = city.exec(select(Order)).all()
    customer = city.exec(select(User).where(User.display_name == "林小美")).one()
    assert sum(o.customer_id == customer.id for o in orders) >= 10
    assert {o.status for o in orders} == {"completed", "reviewed", "cancelled"}
    for order in orders:
        assert order.ends_at < now
        items = city.exec(select(OrderItem).where(OrderItem.order_id == order.id)).all()
        assert order.list_fen == sum(i.price_fen * i.quantity for i in items)
        # the demo campaign's coupons: lines of the platform's, taken off the list price
        lines = city.exec(select(DiscountLine).where(DiscountLine.order_id == order.id)).all()
        assert order.total_fen == order.list_fen - sum(x.amount_fen for x in lines)
        subsidy = sum(x.amount_fen for x in lines if x.funded_by == "platform")
        payments = city.exec(select(Payment).where(Payment.order_id == order.id)).all()
        ledger = city.exec(select(LedgerEntry).where(LedgerEntry.order_id == order.id)).all()
        if order.status == "cancelled":
            assert order.paid_at is None and not payments and not ledger
        else:
            assert [(p.status, p.amount_fen) for p in payments] == [("succeeded", order.total_fen)]
            # the payment, then the completion's split of the price (income.py): the base is
            # what was paid plus the platform's discounts, paid from its marketing account
            rows = sorted((e.account, e.kind, e.amount_fen) for e in ledger)
            assert ("platform", "payment", order.total_fen) in rows
            assert ("platform", "settlement", -order.total_fen) in rows
            marketing = 1 if subsidy else 0
            assert (("platform:marketing", "settlement", -subsidy) in rows) == bool(subsidy)
            split = [e.amount_fen for e in ledger if e.kind in ("commission", "technician_share")]
            assert sum(split) == order.total_fen + subsidy
            fee = 2 if any(e.kind == "platform_fee" for e in ledger) else 0  # a shop's order
            assert sum(e.amount_fen for e in ledger) == order.total_fen
            assert len(rows) == 4 + marketing + fee
        if order.at_home:
            assert order.address.startswith("深圳市")
    assert city.exec(OVERLAPS).one()[0] == 0


def test_recent_orders_make_some_services_popular(city):
    since = utcnow() - timedelta(days=30)
    rows = city.exec(
        select(Service.slug, func.count())
        .join(OrderItem, OrderItem.service_id == Service.id)
        .join(Order, Order.id == OrderItem.order_id)
        .where(Order.paid_at >= since)
        .group_by(Service.slug)
    ).all()
    paid = Counter(dict(rows))
    # 热门 is led by the haircut, well ahead of its rarer sibling (the regulars of
    # demo/habits.py book care services too, so the margin is not fixed)
    assert paid.most_common(1)[0][0] == "haircut"
    assert paid["haircut"] >= 2 * max(paid["hair-care"], 1)
    assert paid["daily-cleaning"] >= 2 * max(paid["deep-cleaning"], 1)


def test_phones_are_encrypted_at_rest(city):
    stored = [row[0] for row in city.exec(text('SELECT phone FROM "user"')).all()]
    assert stored and not any("138001380" in value or "+86" in value for value in stored)
    addresses = [row[0] for row in city.exec(text("SELECT address FROM orders")).all() if row[0]]
    assert addresses and not any("深圳" in value for value in addresses)
    user = city.exec(select(User).where(User.display_name == "林小美")).one()
    assert user.phone == "+8613800138001"


def test_bulk_generator_small(engine, session):
    summary = bulk.generate(engine, technicians=50, orders=500, customers=20)
    assert (summary.technicians, summary.orders, summary.customers) == (50, 500, 20)
    assert summary.rows > 500 and summary.rows_per_second > 0
    assert _count(session, Technician) == 50
    assert _count(session, Order) == 500
    roles = dict(session.exec(select(User.role, func.count()).group_by(User.role)).all())
    assert roles == {"customer": 20, "technician": 50}
    assert _count(session, Service) == 14  # the catalogue was loaded first
    assert session.exec(OVERLAPS).one()[0] == 0
    districts = session.exec(select(Merchant.district)).all()
    assert set(districts) <= {d.name for d in DISTRICTS}
    now = utcnow()
    orders = session.exec(select(Order)).all()
    assert any(o.starts_at > now and o.status == "pending_service" for o in orders)
    assert min(o.starts_at for o in orders) > now - timedelta(days=181)
    assert Counter(o.status for o in orders).most_common(1)[0][0] == "completed"
    home = next(o for o in orders if o.at_home)
    assert home.address.startswith("深圳市")
    for user in session.exec(select(User)).all():
        assert normalize_mobile(user.phone) == user.phone
    for tech in session.exec(select(Technician)).all():
        reviews = session.exec(select(Review).where(Review.technician_id == tech.id)).all()
        assert tech.rating_count == len(reviews)
        assert tech.rating_sum == sum(review_score(r.attitude, r.skill, r.effect) for r in reviews)


def test_bulk_adds_to_the_demo_city(city, demo_engine):
    bulk.generate(demo_engine, technicians=10, orders=100, customers=5)
    assert _count(city, Service) == 14
    assert city.exec(OVERLAPS).one()[0] == 0
    assert auth.log_in(city, CUSTOMER_PHONE, DEMO_PASSWORD).actor.role == "customer"


def test_bulk_needs_a_schema(tmp_path):
    from salon_app.core.db import make_engine

    empty = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(RuntimeError, match="alembic"):
        bulk.generate(empty, technicians=1, orders=1, customers=1)


def test_bulk_orders_carry_sources_and_completion_splits(engine, session):
    bulk.generate(engine, technicians=20, orders=200, customers=10)
    orders = session.exec(select(Order)).all()
    assert len({o.source for o in orders}) > 3
    done = sum(o.total_fen for o in orders if o.status in ("completed", "reviewed"))
    settled = session.exec(
        select(func.sum(LedgerEntry.amount_fen)).where(LedgerEntry.kind == "settlement")
    ).one()
    assert settled == -done
    splits = session.exec(
        select(func.sum(LedgerEntry.amount_fen)).where(
            LedgerEntry.kind.in_(("commission", "technician_share"))
        )
    ).one()
    assert splits == done
