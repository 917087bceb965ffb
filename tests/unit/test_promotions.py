"""Promotions managed by operators and shops: created, edited and ended within the rules,
bad input refused with nothing stored, other people's promotions out of reach."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import AuditEntry, Promotion
from salon_app.core.paging import TableQuery
from salon_app.core.services import marketing
from salon_app.core.services.marketing.owners import shop_services
from tests.support.marketing_world import (
    FRONT_DESK_PHONE,
    OTHER_OWNER_PHONE,
    SHOP_OWNER_PHONE,
    log_in,
)


def _draft(**changes) -> marketing.PromotionDraft:
    now = utcnow()
    values = {
        "name": "满100减20",
        "kind": "tiers",
        "rule": {"tiers": [[10_000, 2_000], [20_000, 5_000]]},
        "starts_at": now,
        "ends_at": now + timedelta(days=7),
    }
    values.update(changes)
    return marketing.PromotionDraft(**values)


def _count(session) -> int:
    return session.exec(select(func.count()).select_from(Promotion)).one()


def test_operator_creates_a_platform_tier_promotion_audited(demo_session, operations):
    row = marketing.create_promotion(demo_session, operations, _draft())
    assert row.funded_by == "platform" and row.state == "running"
    stored = demo_session.get(Promotion, row.id)
    assert stored.merchant_id is None and stored.rule == {
        "tiers": [[10_000, 2_000], [20_000, 5_000]]
    }
    audit = demo_session.exec(
        select(AuditEntry).where(AuditEntry.action == "promotion.create")
    ).one()
    assert audit.target_id == row.id
    table = marketing.promotions_table(demo_session, operations, TableQuery(search="满100"))
    assert [r.id for r in table.rows] == [row.id]


def test_a_shop_promotion_is_funded_by_the_shop_and_confined_to_its_services(demo_session):
    owner = log_in(demo_session, SHOP_OWNER_PHONE)
    own = sorted(shop_services(demo_session, owner.merchant_id))[:2]
    row = marketing.create_promotion(
        demo_session, owner,
        _draft(name="全场8折", kind="percent", rule={"discount_bp": 8_000}, scope="services",
               scope_ids=own),
    )  # fmt: skip
    stored = demo_session.get(Promotion, row.id)
    assert (stored.funded_by, stored.merchant_id, stored.scope_ids) == (
        "merchant", owner.merchant_id, own,
    )  # fmt: skip
    other = log_in(demo_session, OTHER_OWNER_PHONE)
    mine = shop_services(demo_session, owner.merchant_id)
    foreign = sorted(shop_services(demo_session, other.merchant_id) - mine)[0]
    with pytest.raises(DomainError) as err:
        marketing.create_promotion(
            demo_session, owner,
            _draft(kind="percent", rule={"discount_bp": 8_000}, scope="services",
                   scope_ids=[foreign]),
        )  # fmt: skip
    assert err.value.key == "promotion.service_not_in_shop"


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"rule": {"tiers": [[20_000, 5_000], [10_000, 2_000]]}}, "promotion.tiers_not_increasing"),
        ({"rule": {"tiers": [[10_000, 2_000], [20_000, 2_000]]}}, "promotion.tiers_not_increasing"),
        ({"rule": {"tiers": [[10_000, 10_000]]}}, "promotion.tier_off_too_big"),
        ({"rule": {"tiers": []}}, "promotion.tiers_required"),
        ({"kind": "percent", "rule": {"discount_bp": 12_000}}, "promotion.discount_out_of_range"),
        ({"kind": "percent", "rule": {"discount_bp": 0}}, "promotion.discount_out_of_range"),
        ({"kind": "returning", "rule": {"discount_bp": 10_000}}, "promotion.discount_out_of_range"),
        ({"kind": "nth_free", "rule": {"n": 1}}, "promotion.n_out_of_range"),
        ({"kind": "newcomer_price", "rule": {"price_fen": 0}}, "promotion.price_invalid"),
        ({"kind": "free_lunch"}, "promotion.kind_unknown"),
        ({"ends_at": utcnow() - timedelta(days=1)}, "promotion.ends_before_starts"),
        ({"audience": "campaign"}, "promotion.campaign_required"),
        ({"audience": "campaign", "audience_ref": 999}, "promotion.campaign_required"),
        ({"audience": "level", "audience_ref": 99}, "promotion.level_unknown"),
        ({"name": "  "}, "promotion.name_required"),
        ({"name": "名" * 31}, "promotion.name_too_long"),
        ({"scope": "services", "scope_ids": []}, "promotion.scope_empty"),
        ({"scope": "services", "scope_ids": [999_999]}, "promotion.scope_unknown"),
        ({"priority": 101}, "promotion.priority_invalid"),
    ],
)
def test_bad_promotions_are_refused_and_nothing_is_stored(demo_session, operations, changes, key):
    before = _count(demo_session)
    with pytest.raises(DomainError) as err:
        marketing.create_promotion(demo_session, operations, _draft(**changes))
    assert err.value.key == key
    demo_session.rollback()
    assert _count(demo_session) == before


@pytest.mark.parametrize("who", ["support", "finance", "customer", "tech"])
def test_people_without_marketing_rights_are_refused(demo_session, request, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        marketing.create_promotion(demo_session, actor, _draft())
    with pytest.raises(PermissionDenied):
        marketing.promotions_table(demo_session, actor, TableQuery())


def test_the_front_desk_cannot_manage_promotions(demo_session):
    with pytest.raises(PermissionDenied):
        marketing.promotions_table(
            demo_session, log_in(demo_session, FRONT_DESK_PHONE), TableQuery()
        )


def test_a_shop_cannot_see_or_change_another_owners_promotion(demo_session, operations):
    platform = marketing.create_promotion(demo_session, operations, _draft())
    owner = log_in(demo_session, SHOP_OWNER_PHONE)
    own = marketing.promotions_table(demo_session, owner, TableQuery()).rows
    assert own and platform.id not in {r.id for r in own}
    assert {r.funded_by for r in own} == {"merchant"}
    for act in (
        lambda: marketing.promotion_detail(demo_session, owner, platform.id),
        lambda: marketing.end_promotion(demo_session, owner, platform.id),
        lambda: marketing.update_promotion(demo_session, owner, platform.id, _draft()),
    ):
        with pytest.raises(PermissionDenied):
            act()


def test_editing_then_ending_a_promotion(demo_session, admin):
    row = marketing.create_promotion(demo_session, admin, _draft())
    edited = marketing.update_promotion(
        demo_session, admin, row.id, _draft(name="新客价", kind="newcomer_price",
                                            rule={"price_fen": 990}, audience="new"),
    )  # fmt: skip
    assert (edited.kind, edited.audience, edited.rule) == (
        "newcomer_price",
        "new",
        {"price_fen": 990},
    )
    ended = marketing.end_promotion(demo_session, admin, row.id)
    assert ended.state == "ended" and ended.ends_at <= utcnow()
    with pytest.raises(DomainError) as err:
        marketing.update_promotion(demo_session, admin, row.id, _draft())
    assert err.value.key == "promotion.already_ended"
    actions = demo_session.exec(
        select(AuditEntry.action).where(AuditEntry.target_type == "promotion")
    ).all()
    assert sorted(actions) == ["promotion.create", "promotion.end", "promotion.update"]
