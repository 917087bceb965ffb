"""Coupon templates (operators and shops), claiming with limits, buying with points, the
coupon centre and my coupons. Races are in test_coupon_races.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    AuditEntry,
    Coupon,
    CouponTemplate,
    DiscountLine,
    OrderItem,
    PointsEntry,
    Service,
)
from salon_app.core.paging import TableQuery
from salon_app.core.services import marketing, membership
from salon_app.core.services.access import Actor
from salon_app.core.services.marketing import coupon_claims
from tests.support import journeys
from tests.support.coupons import draft, fixed_dates, published
from tests.support.orders import pending_order
from tests.support.shops import FRONT_DESK, MANAGER, OTHER_OWNER, OWNER, first_shop, login


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _refused(session: Session, call, key: str) -> DomainError:
    templates, audits = _count(session, CouponTemplate), _count(session, AuditEntry)
    with pytest.raises(DomainError) as err:
        call()
    session.rollback()
    assert err.value.key == key
    assert (_count(session, CouponTemplate), _count(session, AuditEntry)) == (templates, audits)
    return err.value


def _newcomer(session: Session, phone: str = "17600000401") -> Actor:
    return journeys.sign_up(session, phone, "hello2026", "新来的")


# -- templates ----------------------------------------------------------------------------


def test_an_operator_creates_a_platform_template_and_it_is_audited(demo_session, operations):
    template = published(demo_session, operations)
    assert (template.funded_by, template.merchant_id, template.status) == (
        "platform",
        None,
        "active",
    )
    audit = demo_session.exec(select(AuditEntry).where(AuditEntry.target_id == template.id)).one()
    assert (audit.action, audit.actor_user_id) == ("coupon.template_created", operations.user_id)


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"kind": "percent", "discount_bp": 12_000}, "coupon.discount_invalid"),  # 120%
        ({"kind": "percent", "discount_bp": 0}, "coupon.discount_invalid"),
        ({"amount_fen": 20_000}, "coupon.amount_not_below_threshold"),  # 满200减200
        ({"threshold_fen": 0}, "coupon.threshold_required"),
        ({"amount_fen": -5}, "coupon.amount_invalid"),
        ({"total_stock": -1}, "coupon.stock_invalid"),
        ({"per_user_limit": 0}, "coupon.per_user_invalid"),
        ({"per_day_limit": 2, "per_user_limit": 1}, "coupon.per_day_invalid"),
        ({"valid_days": None}, "coupon.validity_required"),
        ({"valid_days": 0}, "coupon.valid_days_invalid"),
        ({"name": "  "}, "validation.required"),
        ({"kind": "mystery"}, "coupon.kind_unknown"),
        ({"scope": "services", "scope_ids": ()}, "coupon.scope_ids_required"),
        ({"scope": "services", "scope_ids": (999_999,)}, "coupon.scope_ids_invalid"),
        ({"scope": "galaxy"}, "coupon.scope_unknown"),
    ],
)
def test_a_bad_template_is_refused_with_its_reason_and_nothing_stored(
    demo_session, operations, changes, key
):
    _refused(
        demo_session,
        lambda: marketing.create_template(demo_session, operations, draft(**changes)),
        key,
    )


def test_reversed_dates_are_refused(demo_session, operations):
    now = utcnow()
    dates = {"valid_days": None, "valid_from": now + timedelta(days=3), "valid_until": now}
    _refused(
        demo_session,
        lambda: marketing.create_template(demo_session, operations, draft(**dates)),
        "coupon.dates_reversed",
    )


def test_stock_cannot_go_below_what_was_issued_nor_terms_change_after_issue(
    demo_session, operations, customer
):
    template = published(demo_session, operations, total_stock=5)
    marketing.claim(demo_session, customer, template.id)
    _refused(
        demo_session,
        lambda: marketing.update_template(
            demo_session, operations, template.id, draft(total_stock=0)
        ),
        "coupon.stock_invalid",
    )
    err = _refused(
        demo_session,
        lambda: marketing.update_template(
            demo_session, operations, template.id, draft(amount_fen=5_000)
        ),
        "coupon.terms_fixed",
    )
    assert err.params == {"issued": 1}
    updated = marketing.update_template(
        demo_session, operations, template.id, draft(name="满200减30 加量", total_stock=50)
    )
    assert (updated.name, updated.total_stock, updated.issued) == ("满200减30 加量", 50, 1)


def test_stock_below_issued_is_refused(demo_session, operations, customer):
    template = published(demo_session, operations, total_stock=5, per_user_limit=3)
    for _ in range(3):
        marketing.claim(demo_session, customer, template.id)
    err = _refused(
        demo_session,
        lambda: marketing.update_template(
            demo_session, operations, template.id, draft(total_stock=2)
        ),
        "coupon.stock_below_issued",
    )
    assert err.params == {"issued": 3}


def test_a_shop_creates_its_own_coupon_confined_to_its_shop(demo_session):
    owner = login(demo_session, OWNER)
    shop = first_shop(demo_session)
    template = marketing.create_template(demo_session, owner, draft(name="本店满200减30"))
    assert (template.funded_by, template.merchant_id) == ("merchant", shop.id)
    assert (template.scope, template.scope_ids) == ("shops", [shop.id])
    offered = [i for i, _ in marketing.scope_options(demo_session, owner, "services")]
    chosen = marketing.create_template(
        demo_session, owner, draft(scope="services", scope_ids=tuple(offered[:2]))
    )
    assert chosen.scope_ids == sorted(offered[:2])


def test_a_shop_cannot_scope_another_shops_services_or_sell_for_points(demo_session):
    owner = login(demo_session, OWNER)
    other = login(demo_session, OTHER_OWNER)
    mine = {i for i, _ in marketing.scope_options(demo_session, owner, "services")}
    theirs = {i for i, _ in marketing.scope_options(demo_session, other, "services")}
    everything = set(demo_session.exec(select(Service.id)).all())
    foreign = sorted((theirs - mine) or (everything - mine))[:1]
    _refused(
        demo_session,
        lambda: marketing.create_template(
            demo_session, owner, draft(scope="services", scope_ids=tuple(foreign))
        ),
        "coupon.scope_other_shop",
    )
    _refused(
        demo_session,
        lambda: marketing.create_template(
            demo_session, owner, draft(scope="shops", scope_ids=(first_shop(demo_session).id + 1,))
        ),
        "coupon.scope_other_shop",
    )
    _refused(
        demo_session,
        lambda: marketing.create_template(demo_session, owner, draft(points_cost=100)),
        "coupon.points_platform_only",
    )


def test_a_shop_never_sees_or_touches_another_shops_template(demo_session, operations):
    theirs = marketing.create_template(demo_session, login(demo_session, OTHER_OWNER), draft())
    owner = login(demo_session, OWNER)
    _refused(
        demo_session,
        lambda: marketing.set_status(demo_session, owner, theirs.id, "ended"),
        "coupon.not_found",
    )
    rows = marketing.template_table(demo_session, owner, TableQuery()).rows
    assert theirs.id not in [r.id for r in rows]
    platform = marketing.template_table(demo_session, operations, TableQuery()).rows
    assert theirs.id in [r.id for r in platform]  # the platform sees every template
    _refused(  # ... and ends a shop's offer, but does not edit it
        demo_session,
        lambda: marketing.update_template(demo_session, operations, theirs.id, draft()),
        "coupon.not_found",
    )
    assert marketing.set_status(demo_session, operations, theirs.id, "ended").status == "ended"


@pytest.mark.parametrize("who", ["support", "finance", "customer", "tech", "front_desk"])
def test_only_marketing_staff_manage_templates(demo_session, request, who):
    actor = login(demo_session, FRONT_DESK) if who == "front_desk" else request.getfixturevalue(who)
    for call in (
        lambda: marketing.create_template(demo_session, actor, draft()),
        lambda: marketing.template_table(demo_session, actor, TableQuery()),
        lambda: marketing.set_status(demo_session, actor, 1, "ended"),
        lambda: marketing.scope_options(demo_session, actor, "services"),
    ):
        _refused(demo_session, call, "auth.forbidden")


def test_a_manager_may_manage_the_shops_coupons(demo_session):
    manager = login(demo_session, MANAGER)
    assert marketing.create_template(demo_session, manager, draft()).merchant_id is not None


def test_draft_active_ended_and_ended_is_final(demo_session, operations, customer):
    template = marketing.create_template(demo_session, operations, draft())
    _refused(demo_session, lambda: marketing.claim(demo_session, customer, template.id),
             "coupon.not_available")  # fmt: skip
    marketing.set_status(demo_session, operations, template.id, "active")
    marketing.claim(demo_session, customer, template.id)
    marketing.set_status(demo_session, operations, template.id, "ended")
    assert marketing.set_status(demo_session, operations, template.id, "ended").status == "ended"
    _refused(demo_session, lambda: marketing.set_status(demo_session, operations, template.id,
             "active"), "coupon.already_ended")  # fmt: skip
    actions = demo_session.exec(
        select(AuditEntry.action).where(AuditEntry.target_id == template.id).order_by(AuditEntry.id)
    ).all()
    assert actions == [
        "coupon.template_created", "coupon.template_activated", "coupon.template_ended",
    ]  # fmt: skip


# -- claiming -----------------------------------------------------------------------------


def test_claiming_past_stock_is_refused_and_shows_sold_out(demo_session, operations, customer):
    template = published(demo_session, operations, name="只有一张", total_stock=1)
    other = _newcomer(demo_session)
    marketing.claim(demo_session, other, template.id)
    with pytest.raises(DomainError) as err:
        marketing.claim(demo_session, customer, template.id)
    assert err.value.key == "coupon.out_of_stock"
    card = next(
        c for c in marketing.coupon_centre(demo_session, customer) if c.template_id == template.id
    )
    assert (card.state, card.remaining) == ("sold_out", 0)
    mine = marketing.my_coupons(demo_session, customer, "available")
    assert template.name not in [c.terms.name for c in mine]


def test_claiming_twice_past_the_per_user_limit_is_refused(demo_session, operations, customer):
    template = published(demo_session, operations, per_user_limit=2)
    marketing.claim(demo_session, customer, template.id)
    marketing.claim(demo_session, customer, template.id)
    with pytest.raises(DomainError) as err:
        marketing.claim(demo_session, customer, template.id)
    assert (err.value.key, err.value.params) == ("coupon.limit_reached", {"limit": 2})
    demo_session.refresh(template)
    assert template.issued == 2
    card = next(
        c for c in marketing.coupon_centre(demo_session, customer) if c.template_id == template.id
    )
    assert card.state == "claimed"


def test_the_per_day_limit_counts_the_shanghai_day(demo_session, operations, customer, monkeypatch):
    template = published(demo_session, operations, per_user_limit=3, per_day_limit=1)
    marketing.claim(demo_session, customer, template.id)
    with pytest.raises(DomainError) as err:
        marketing.claim(demo_session, customer, template.id)
    assert err.value.key == "coupon.daily_limit_reached"
    start, end = coupon_claims.local_day(utcnow())
    assert end - start == timedelta(days=1) and start <= utcnow() < end
    assert start.astimezone(coupon_claims.ZoneInfo("Asia/Shanghai")).hour == 0
    tomorrow = end + timedelta(minutes=1)
    monkeypatch.setattr(coupon_claims, "utcnow", lambda: tomorrow)
    assert marketing.claim(demo_session, customer, template.id).coupon_id


def test_a_newcomer_claims_a_newcomer_coupon_and_a_returning_customer_cannot(
    demo_session, operations, customer
):
    template = published(demo_session, operations, name="新人券", kind="newcomer",
                         amount_fen=2_000, threshold_fen=0)  # fmt: skip
    new = _newcomer(demo_session)
    assert template.id in [c.template_id for c in marketing.coupon_centre(demo_session, new)]
    assert marketing.claim(demo_session, new, template.id).template_name == "新人券"
    (mine,) = marketing.my_coupons(demo_session, new, "available")
    assert (mine.terms.kind, mine.terms.amount_fen) == ("newcomer", 2_000)
    coupon = demo_session.get(Coupon, mine.id)
    assert coupon.source == "newcomer"
    # 林小美 has paid orders: no 新人券 shown, and claiming it is refused
    assert template.id not in [
        c.template_id for c in marketing.coupon_centre(demo_session, customer)
    ]
    with pytest.raises(DomainError) as err:
        marketing.claim(demo_session, customer, template.id)
    assert err.value.key == "coupon.newcomers_only"


def test_the_demo_customer_holds_coupons_to_use_and_an_expired_one(demo_session, customer):
    available = marketing.my_coupons(demo_session, customer, "available")
    assert {c.terms.name for c in available} >= {"满200减30", "美甲8折券"}
    assert [c.status for c in marketing.my_coupons(demo_session, customer, "expired")] == [
        "expired"
    ]
    shop = [c for c in available if c.terms.shop_name]
    assert shop and shop[0].terms.scope == "shops"


def test_a_newcomer_stops_being_new_once_an_order_is_paid(demo_session, operations):
    new = _newcomer(demo_session)
    assert marketing.is_newcomer(demo_session, new.user_id)
    journeys.mark_paid(demo_session, pending_order(demo_session, new))
    assert not marketing.is_newcomer(demo_session, new.user_id)


def test_claiming_outside_the_claim_period_or_a_hidden_coupon_is_refused(
    demo_session, operations, customer
):
    later = published(demo_session, operations, valid_from=utcnow() + timedelta(days=1))
    hidden = published(demo_session, operations, claimable=False)
    for template, key in ((later, "coupon.claim_closed"), (hidden, "coupon.not_claimable")):
        with pytest.raises(DomainError) as err:
            marketing.claim(demo_session, customer, template.id)
        assert err.value.key == key
    shown = [c.template_id for c in marketing.coupon_centre(demo_session, customer)]
    assert later.id not in shown and hidden.id not in shown


def test_only_customers_claim(demo_session, operations, tech):
    template = published(demo_session, operations)
    for actor in (tech, operations, None):
        with pytest.raises(DomainError):
            marketing.claim(demo_session, actor, template.id)


# -- my coupons ---------------------------------------------------------------------------


def test_my_coupons_shows_available_used_and_expired_as_such(demo_session, operations, customer):
    soon = published(demo_session, operations, name="快过期", **fixed_dates(3, 1))
    week = published(demo_session, operations, name="一周券")
    services = demo_session.exec(select(Service).order_by(Service.id).limit(2)).all()
    scoped = published(demo_session, operations, name="指定服务券", scope="services",
                       scope_ids=tuple(s.id for s in services))  # fmt: skip
    expired_id = marketing.claim(demo_session, customer, soon.id).coupon_id
    used_id = marketing.claim(demo_session, customer, week.id).coupon_id
    marketing.claim(demo_session, customer, scoped.id)
    expired = demo_session.get(Coupon, expired_id)
    expired.valid_until = utcnow() - timedelta(minutes=1)
    order = pending_order(demo_session, customer)
    used = demo_session.get(Coupon, used_id)
    used.order_id, used.used_at = order.id, utcnow()  # as pricing does when an order takes it
    demo_session.add_all([expired, used])
    demo_session.commit()

    ours = {"快过期", "一周券", "指定服务券"}  # 林小美 also holds the demo city's coupons

    def tab(name: str) -> list:
        return [
            c for c in marketing.my_coupons(demo_session, customer, name) if c.terms.name in ours
        ]

    available = tab("available")
    assert [c.terms.name for c in available] == ["指定服务券"]
    assert available[0].terms.scope_names == tuple(s.name for s in services)
    (u,) = tab("used")
    assert (u.terms.name, u.status, u.order_code) == ("一周券", "used", order.code)
    (e,) = tab("expired")
    assert (e.terms.name, e.status) == ("快过期", "expired")
    with pytest.raises(DomainError):
        marketing.my_coupons(demo_session, customer, "everything")


def test_the_table_shows_issued_used_and_cost_from_discount_lines(
    demo_session, operations, customer
):
    template = published(demo_session, operations, name="成本测试券", per_user_limit=2)
    first = marketing.claim(demo_session, customer, template.id).coupon_id
    marketing.claim(demo_session, customer, template.id)
    order = pending_order(demo_session, customer)
    item = demo_session.exec(select(OrderItem).where(OrderItem.order_id == order.id)).first()
    coupon = demo_session.get(Coupon, first)
    coupon.order_id, coupon.used_at = order.id, utcnow()
    demo_session.add(coupon)
    demo_session.add(DiscountLine(order_id=order.id, order_item_id=item.id, source="coupon",
                                  ref_id=first, amount_fen=3_000))  # fmt: skip
    demo_session.commit()
    query = TableQuery.of(marketing.COUPON_SORTS, search="成本测试")
    (row,) = marketing.template_table(demo_session, operations, query).rows
    assert (row.issued, row.used, row.cost_fen) == (2, 1, 3_000)


# -- buying with points -------------------------------------------------------------------


def test_buying_a_coupon_with_points_debits_once_per_request(demo_session, operations):
    customer = _newcomer(demo_session)  # no points but the 800 below (the demo's have plenty)
    template = published(demo_session, operations, name="积分兑券", points_cost=500,
                         per_user_limit=5)  # fmt: skip
    uid = customer.user_id
    membership.credit(demo_session, uid, "activity", 800, "test:gift", utcnow())
    demo_session.commit()
    before = membership.balance(demo_session, uid, utcnow()).available
    first = marketing.redeem_with_points(demo_session, customer, template.id, "a1b2c3d4e5")
    again = marketing.redeem_with_points(demo_session, customer, template.id, "a1b2c3d4e5")
    assert (first.coupon_id, first.points_spent, again.again) == (again.coupon_id, 500, True)
    assert membership.balance(demo_session, uid, utcnow()).available == before - 500
    with pytest.raises(DomainError) as err:  # 300 left: not enough for another
        marketing.redeem_with_points(demo_session, customer, template.id, "ffff0000aa")
    assert err.value.key == "points.not_enough"
    demo_session.refresh(template)
    assert template.issued == 1
    with pytest.raises(DomainError) as err:
        marketing.claim(demo_session, customer, template.id)
    assert err.value.key == "coupon.not_claimable"
    with pytest.raises(DomainError) as err:
        marketing.redeem_with_points(demo_session, customer, template.id, "<script>")
    assert err.value.key == "coupon.request_invalid"
    entries = demo_session.exec(
        select(PointsEntry).where(PointsEntry.user_id == uid, PointsEntry.kind == "redeem_coupon")
    ).all()
    assert [e.amount for e in entries] == [-500]
