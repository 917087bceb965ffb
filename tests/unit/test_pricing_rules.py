"""The price engine's rules beyond the golden table: any basket with any offers pays between
the floor and the list price with lines that add up; coupons and points it refuses, with
their reasons; the coupon picker; and the few queries a quote takes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event
from sqlmodel import Session, select

from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Campaign,
    CampaignMember,
    Coupon,
    CouponTemplate,
    Order,
    Promotion,
)
from salon_app.core.services.pricing import MIN_PAY_FEN, quote
from salon_app.core.services.pricing.spread import spread
from tests.support.pricing_world import PricingWorld, new_pricing_world

SERVICES = ("cut", "dye", "nail")


@pytest.fixture
def w(session) -> PricingWorld:
    world = new_pricing_world(session)
    world.points("gold", 100_000)
    return world


def _promotion(draw: st.DrawFn, w: PricingWorld) -> None:
    kind = draw(st.sampled_from(["tiers", "percent", "bogo_second", "nth_free",
                                 "newcomer_price", "returning"]))  # fmt: skip
    rule = {
        "tiers": {"tiers": [[draw(st.integers(0, 50_000)), draw(st.integers(0, 60_000))]
                            for _ in range(draw(st.integers(1, 3)))]},
        "percent": {"discount_bp": draw(st.integers(0, 10_000))},
        "bogo_second": {},
        "nth_free": {"n": draw(st.integers(1, 3))},
        "newcomer_price": {"price_fen": draw(st.integers(0, 20_000))},
        "returning": {"discount_bp": draw(st.integers(0, 10_000))},
    }[kind]  # fmt: skip
    scope = draw(st.sampled_from(["all", "services", "categories"]))
    ids = (
        [w.services[draw(st.sampled_from(SERVICES))].id]
        if scope == "services"
        else [w.category_id(draw(st.sampled_from(SERVICES)))]
    )
    w.promotion(
        kind,
        rule,
        scope=scope,
        scope_ids=ids if scope != "all" else [],
        scope_exclude=draw(st.booleans()),
        exclusive_group=draw(st.sampled_from(["", "", "x"])),
        priority=draw(st.integers(0, 3)),
    )


def _coupon(draw: st.DrawFn, w: PricingWorld, user: str) -> None:
    kind = draw(st.sampled_from(["threshold", "percent", "no_threshold", "newcomer"]))
    w.coupon(
        user,
        kind,
        threshold_fen=draw(st.integers(0, 40_000)),
        amount_fen=draw(st.integers(1, 80_000)),
        discount_bp=draw(st.integers(0, 10_000)),
        cap_fen=draw(st.integers(0, 5_000)),
    )


@st.composite
def priced_baskets(draw: st.DrawFn, w: PricingWorld) -> tuple:
    session = w.session
    for model in (Coupon, CouponTemplate, Promotion):  # each example starts without offers
        session.exec(delete(model))
    user = draw(st.sampled_from(["new", "gold", "back", "silver"]))
    for _ in range(draw(st.integers(0, 4))):
        _promotion(draw, w)
    for _ in range(draw(st.integers(0, 3))):
        _coupon(draw, w, user)
    basket = [
        w.item(draw(st.sampled_from(SERVICES)), draw(st.integers(0, 100_000)), "A")
        for _ in range(draw(st.integers(1, 4)))
    ]
    first = quote(session, w.users[user].id, basket, w.now)
    coupon = first.best_coupon_id if draw(st.booleans()) else None
    with_coupon = quote(session, w.users[user].id, basket, w.now, coupon)
    points = draw(st.integers(0, with_coupon.points_max))
    return basket, quote(session, w.users[user].id, basket, w.now, coupon, points)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_basket_pays_below_the_floor_or_above_the_list_price(w, data):
    basket, q = data.draw(priced_baskets(w))
    list_fen = sum(item.price_fen for item in basket)
    assert q.list_fen == list_fen
    assert min(list_fen, MIN_PAY_FEN) <= q.total_fen <= list_fen
    assert all(type(x) is int for x in (q.total_fen, *q.item_totals))
    assert all(t >= 0 for t in q.item_totals) and sum(q.item_totals) == q.total_fen
    for line in q.lines:
        assert line.amount_fen > 0 and sum(line.per_item) == line.amount_fen
        assert all(share >= 0 for share in line.per_item)
    for k, item in enumerate(basket):
        assert item.price_fen - sum(line.per_item[k] for line in q.lines) == q.item_totals[k]
    assert q.points <= q.points_max <= q.points_balance


@given(total=st.integers(0, 10**6), weights=st.lists(st.integers(0, 10**5), min_size=1, max_size=6))
def test_spread_adds_up_and_never_exceeds_a_weight(total, weights):
    total = min(total, sum(weights))
    shares = spread(total, weights)
    assert sum(shares) == (total if sum(weights) else 0)
    assert all(0 <= s <= wt for s, wt in zip(shares, weights, strict=True))


# Bad input: a clear reason, and the quote changes nothing.


def _refused(w: PricingWorld, user: str, items, **kw) -> str:
    with pytest.raises(DomainError) as err:
        quote(w.session, w.users[user].id, items, w.now, **kw)
    return err.value.key


def test_an_expired_coupon_is_refused(w):
    c = w.coupon("new", "no_threshold", amount_fen=500,
                 valid=(w.now - timedelta(days=9), w.now - timedelta(seconds=1)))  # fmt: skip
    assert _refused(w, "new", [w.item("cut", 10_000)], coupon_id=c.id) == "coupon.expired"


def test_a_coupon_not_valid_yet_is_refused(w):
    c = w.coupon("new", "no_threshold", amount_fen=500,
                 valid=(w.now + timedelta(hours=1), w.now + timedelta(days=9)))  # fmt: skip
    assert _refused(w, "new", [w.item("cut", 10_000)], coupon_id=c.id) == "coupon.not_started"


def test_a_used_coupon_is_refused(w):
    c = w.coupon("back", "no_threshold", amount_fen=500)
    c.order_id = w.session.exec(
        select(Order.id).where(Order.customer_id == w.users["back"].id).order_by(Order.id)
    ).first()
    w.session.add(c)
    w.session.flush()
    assert _refused(w, "back", [w.item("cut", 10_000)], coupon_id=c.id) == "coupon.used"


def test_another_customers_coupon_is_refused(w):
    c = w.coupon("gold", "no_threshold", amount_fen=500)
    assert _refused(w, "new", [w.item("cut", 10_000)], coupon_id=c.id) == "coupon.not_yours"
    assert _refused(w, "new", [w.item("cut", 10_000)], coupon_id=999_999) == "coupon.not_found"


def test_the_threshold_counts_only_the_items_the_coupon_covers(w):
    c = w.coupon("new", "threshold", threshold_fen=15_000, amount_fen=2_000,
                 scope="categories", scope_ids=[w.category_id("cut")])  # fmt: skip
    items = [w.item("cut", 10_000), w.item("nail", 8_000)]  # ¥180 in all, ¥100 of hair
    assert _refused(w, "new", items, coupon_id=c.id) == "coupon.below_threshold"
    assert quote(w.session, w.users["new"].id, items, w.now).coupons == ()


def test_the_threshold_counts_the_amount_after_promotions(w):
    w.promotion("percent", {"discount_bp": 8_000})
    c = w.coupon("new", "threshold", threshold_fen=10_000, amount_fen=2_000)
    assert _refused(w, "new", [w.item("cut", 12_000)], coupon_id=c.id) == "coupon.below_threshold"


def test_a_coupon_out_of_scope_and_a_newcomer_coupon_of_a_returning_customer(w):
    c = w.coupon("back", "no_threshold", amount_fen=500, scope="services",
                 scope_ids=[w.services["dye"].id])  # fmt: skip
    assert _refused(w, "back", [w.item("cut", 10_000)], coupon_id=c.id) == "coupon.out_of_scope"
    n = w.coupon("back", "newcomer", amount_fen=500)
    assert _refused(w, "back", [w.item("cut", 10_000)], coupon_id=n.id) == "coupon.newcomer_only"


def test_more_points_than_owned_or_allowed_are_refused(w):
    w.points("new", 300)
    items = [w.item("cut", 10_000)]
    with pytest.raises(DomainError) as err:
        quote(w.session, w.users["new"].id, items, w.now, points=301)
    assert (err.value.key, err.value.params) == ("pricing.points_not_enough", {"have": 300})
    assert _refused(w, "gold", items, points=1_901) == "pricing.points_over_cap"  # 20% of ¥95
    assert _refused(w, "gold", items, points=-1) == "pricing.points_invalid"
    assert quote(w.session, w.users["gold"].id, items, w.now, points=1_900).total_fen == 7_600


def test_the_picker_lists_usable_coupons_best_first(w):
    small = w.coupon("new", "no_threshold", amount_fen=500)
    big = w.coupon("new", "threshold", threshold_fen=5_000, amount_fen=1_500)
    w.coupon("new", "threshold", threshold_fen=50_000, amount_fen=9_000)  # below threshold
    w.coupon("gold", "no_threshold", amount_fen=9_000)  # someone else's
    q = quote(w.session, w.users["new"].id, [w.item("cut", 10_000)], w.now)
    assert [(o.coupon_id, o.saving_fen) for o in q.coupons] == [(big.id, 1_500), (small.id, 500)]
    assert q.best_coupon_id == big.id and q.coupon_id is None and q.total_fen == 10_000


def test_an_anonymous_visitor_sees_offers_for_everyone_only(w):
    w.promotion("percent", {"discount_bp": 9_000})
    w.promotion("percent", {"discount_bp": 5_000}, audience="new")
    q = quote(w.session, None, [w.item("cut", 10_000)], w.now)
    assert (q.total_fen, q.points_max, q.coupons) == (9_000, 0, ())


def _statements(session: Session, call) -> int:
    sent: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(sent)


def test_a_quote_takes_the_same_few_queries_however_many_coupons(w):
    for kind, rule in (("tiers", {"tiers": [[5_000, 500]]}), ("percent", {"discount_bp": 9_000}),
                       ("bogo_second", {})):  # fmt: skip
        w.promotion(kind, rule)
    items = [w.item("cut", 10_000), w.item("nail", 8_000)]
    user = w.users["gold"].id

    def asked() -> int:
        w.session.expunge_all()
        return _statements(w.session, lambda: quote(w.session, user, items, w.now, points=100))

    for _ in range(20):
        w.coupon("gold", "no_threshold", amount_fen=100)
    with_20 = asked()
    for _ in range(20):
        w.coupon("gold", "threshold", threshold_fen=1_000, amount_fen=200)
    assert with_20 == asked() <= 5, with_20


def test_a_campaign_promotion_reaches_its_treated_members_not_the_holdout(w):
    now = w.now
    campaign = Campaign(name="召回", offer_kind="promotion", starts_at=now - timedelta(days=1),
                        ends_at=now + timedelta(days=1), created_at=now)  # fmt: skip
    w.session.add(campaign)
    w.session.flush()
    for user, holdout in (("back", False), ("new", True)):
        w.session.add(CampaignMember(campaign_id=campaign.id, user_id=w.users[user].id,
                                     holdout=holdout, assigned_at=now))  # fmt: skip
    w.promotion("percent", {"discount_bp": 7_000}, audience="campaign", audience_ref=campaign.id)
    items = [w.item("cut", 10_000)]
    paid = {
        u: quote(w.session, w.users[u].id, items, now).total_fen for u in ("back", "new", "gold")
    }
    assert paid == {"back": 7_000, "new": 10_000, "gold": 9_500}
