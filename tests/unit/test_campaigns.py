"""Campaigns: planned within the rules, run by the job (members once, a stable holdout that
gets nothing, offers within budget and stock, the channel), monitored and evaluated; bad input
refused with nothing changed; support and other shops kept out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.integrations.sms import sandbox
from salon_app.core.models import (
    AuditEntry,
    Campaign,
    CampaignMember,
    Coupon,
    Notification,
    PointsEntry,
    Promotion,
)
from salon_app.core.paging import TableQuery
from salon_app.core.services import marketing, tags
from salon_app.core.services.marketing.owners import shop_customers
from tests.support.marketing_world import (
    OTHER_OWNER_PHONE,
    SHOP_OWNER_PHONE,
    coupon_template,
    log_in,
    plan,
    segment,
)
from tests.unit.test_stats_sources_and_export import _xlsx_cells

EVERYONE = [{"field": "orders", "op": "gte", "value": 0}]


def _count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def _coupons(session, campaign_id) -> int:
    return session.exec(
        select(func.count()).select_from(Coupon).where(Coupon.campaign_id == campaign_id)
    ).one()


def _members(session, campaign_id) -> list[CampaignMember]:
    return list(
        session.exec(
            select(CampaignMember)
            .where(CampaignMember.campaign_id == campaign_id)
            .order_by(CampaignMember.user_id)
        ).all()
    )


def test_the_holdout_is_stable_per_user_and_about_the_share():
    first = [marketing.held_out(7, user, 1_000) for user in range(1, 20_001)]
    again = [marketing.held_out(7, user, 1_000) for user in range(1, 20_001)]
    assert first == again  # a pure function of (campaign, user): no random()
    assert 0.09 < sum(first) / len(first) < 0.11
    other = [marketing.held_out(8, user, 1_000) for user in range(1, 20_001)]
    assert other != first  # campaigns split people independently
    assert not any(marketing.held_out(7, user, 0) for user in range(1, 1_001))
    assert 0.47 < sum(marketing.held_out(7, u, 5_000) for u in range(1, 5_001)) / 5_000 < 0.53


def test_operator_runs_a_coupon_campaign_with_a_holdout(demo_session, operations):
    group = segment(demo_session, "所有客户", EVERYONE)
    audience = tags.segment_members(demo_session, group.id)
    template = coupon_template(demo_session, amount_fen=1_500)
    row = marketing.create_campaign(
        demo_session, operations,
        plan(segment_id=group.id, offer_kind="coupon", offer_ref=template.id),
    )  # fmt: skip
    assert row.status == "scheduled"
    marketing.start_now(demo_session, operations, row.id)
    members = _members(demo_session, row.id)
    assert [m.user_id for m in members] == audience
    for m in members:
        assert m.holdout == marketing.held_out(row.id, m.user_id, 1_000)
        assert (m.coupon_id is None) == m.holdout
        assert (m.reached_at is None) == m.holdout
    treated = [m.user_id for m in members if not m.holdout]
    assert 0 < len(members) - len(treated) < len(members) // 2
    coupons = demo_session.exec(select(Coupon.user_id).where(Coupon.campaign_id == row.id)).all()
    assert sorted(coupons) == treated
    notified = demo_session.exec(
        select(Notification.user_id).where(Notification.key == "notify.campaign_offer")
    ).all()
    assert sorted(notified) == treated
    # the job later: nothing twice
    marketing.run_campaigns(demo_session, utcnow() + timedelta(minutes=5))
    assert len(_members(demo_session, row.id)) == len(members)
    assert _coupons(demo_session, row.id) == len(treated)
    live = marketing.campaign_report(demo_session, operations, row.id).live
    assert (live.members, live.treated, live.reached, live.claimed) == (
        len(members), len(treated), len(treated), len(treated),
    )  # fmt: skip
    assert live.issued_cost_fen == 1_500 * len(treated)


def test_the_job_starts_a_campaign_at_its_start_and_ends_it_at_its_end(demo_session, admin):
    now = utcnow()
    row = marketing.create_campaign(
        demo_session,
        admin,
        plan(starts_at=now + timedelta(hours=2), ends_at=now + timedelta(days=2)),
    )
    assert marketing.run_campaigns(demo_session, now + timedelta(hours=1))["started"] == 0
    assert demo_session.get(Campaign, row.id).status == "scheduled"
    assert marketing.run_campaigns(demo_session, now + timedelta(hours=2))["started"] == 1
    demo_session.expire_all()
    assert demo_session.get(Campaign, row.id).status == "running"
    points = demo_session.exec(
        select(PointsEntry.user_id, PointsEntry.key).where(PointsEntry.kind == "activity")
    ).all()
    treated = [m.user_id for m in _members(demo_session, row.id) if not m.holdout]
    assert sorted(points) == [(u, f"campaign:{row.id}:{u}") for u in treated]
    assert marketing.run_campaigns(demo_session, now + timedelta(days=3))["ended"] == 1
    demo_session.expire_all()
    assert demo_session.get(Campaign, row.id).status == "ended"


def test_issuing_stops_when_the_budget_is_spent(demo_session, operations):
    group = segment(demo_session, "所有客户", EVERYONE)
    template = coupon_template(demo_session, amount_fen=1_000)
    row = marketing.create_campaign(
        demo_session, operations,
        plan(segment_id=group.id, offer_kind="coupon", offer_ref=template.id, budget_fen=3_500),
    )  # fmt: skip
    marketing.start_now(demo_session, operations, row.id)
    treated = [m for m in _members(demo_session, row.id) if not m.holdout]
    assert len(treated) == 3  # a fourth coupon would pass 35 yuan
    assert _coupons(demo_session, row.id) == 3
    report = marketing.campaign_report(demo_session, operations, row.id)
    assert report.live.issued_cost_fen == 3_000 <= report.plan.budget_fen


def test_issuing_stops_when_the_coupon_is_out_of_stock(demo_session, operations):
    group = segment(demo_session, "所有客户", EVERYONE)
    template = coupon_template(demo_session, stock=2)
    row = marketing.create_campaign(
        demo_session, operations,
        plan(segment_id=group.id, offer_kind="coupon", offer_ref=template.id),
    )  # fmt: skip
    marketing.start_now(demo_session, operations, row.id)
    assert len([m for m in _members(demo_session, row.id) if not m.holdout]) == 2
    demo_session.refresh(template)
    assert template.issued == 2


def test_an_sms_campaign_texts_the_treated(demo_session, operations):
    group = segment(demo_session, "所有客户", EVERYONE)
    row = marketing.create_campaign(
        demo_session, operations, plan(segment_id=group.id, channel="sms", holdout_bp=5_000)
    )
    marketing.start_now(demo_session, operations, row.id)
    treated = [m for m in _members(demo_session, row.id) if not m.holdout]
    sent = sandbox.outbox(demo_session.get_bind(), limit=1_000)
    assert len([m for m in sent if m.template == "campaign_offer"]) == len(treated)
    assert "沉睡客户召回券" in sent[0].text


def test_a_promotion_offer_is_bound_to_the_campaign_and_stops_with_it(demo_session, operations):
    now = utcnow()
    promotion = marketing.create_promotion(
        demo_session, operations,
        marketing.PromotionDraft(name="召回9折", kind="returning", rule={"discount_bp": 9_000},
                                 starts_at=now, ends_at=now + timedelta(days=30)),
    )  # fmt: skip
    row = marketing.create_campaign(
        demo_session, operations, plan(offer_kind="promotion", offer_ref=promotion.id)
    )
    stored = demo_session.get(Promotion, promotion.id)
    assert (stored.audience, stored.audience_ref) == ("campaign", row.id)
    with pytest.raises(DomainError) as err:
        marketing.create_campaign(
            demo_session, operations, plan(offer_kind="promotion", offer_ref=promotion.id)
        )
    assert err.value.key == "campaign.promotion_taken"
    marketing.end_now(demo_session, operations, row.id)
    demo_session.refresh(stored)
    assert not stored.active


def test_a_banner_campaign_shows_to_its_treated_members_only(demo_session, operations):
    group = segment(demo_session, "所有客户", EVERYONE)
    row = marketing.create_campaign(
        demo_session, operations,
        plan(segment_id=group.id, channel="banner", goal="回来做个护理吧", holdout_bp=5_000),
    )  # fmt: skip
    marketing.start_now(demo_session, operations, row.id)
    members = _members(demo_session, row.id)
    treated = next(m for m in members if not m.holdout)
    held = next(m for m in members if m.holdout)
    from salon_app.core.services.access import Actor

    banners = marketing.my_banners(demo_session, Actor(treated.user_id, "customer", "x"))
    assert [(b.name, b.goal) for b in banners] == [("沉睡客户召回券", "回来做个护理吧")]
    assert marketing.my_banners(demo_session, Actor(held.user_id, "customer", "x")) == []


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"segment_id": "empty"}, "campaign.no_audience"),
        ({"segment_id": None}, "campaign.segment_required"),
        ({"holdout_bp": 6_000}, "campaign.holdout_out_of_range"),
        ({"holdout_bp": -1}, "campaign.holdout_out_of_range"),
        ({"ends_at": utcnow() - timedelta(days=1)}, "campaign.ends_before_starts"),
        ({"budget_fen": -100}, "campaign.budget_negative"),
        ({"name": ""}, "campaign.name_required"),
        ({"offer_ref": 0}, "campaign.points_out_of_range"),
        ({"offer_kind": "coupon", "offer_ref": 999}, "campaign.coupon_unknown"),
        ({"offer_kind": "promotion", "offer_ref": 999}, "campaign.promotion_unknown"),
        ({"channel": "fax"}, "campaign.channel_invalid"),
        ({"attribution_days": 0}, "campaign.attribution_out_of_range"),
    ],
)
def test_bad_plans_are_refused_and_nothing_changes(demo_session, operations, changes, key):
    if changes.get("segment_id") == "empty":
        changes["segment_id"] = segment(
            demo_session, "没有人", [{"field": "orders", "op": "gte", "value": 100_000}]
        ).id
    before = (_count(demo_session, Campaign), _count(demo_session, AuditEntry))
    with pytest.raises(DomainError) as err:
        marketing.create_campaign(demo_session, operations, plan(**changes))
    assert err.value.key == key
    demo_session.rollback()
    assert (_count(demo_session, Campaign), _count(demo_session, AuditEntry)) == before


def test_a_percent_coupon_without_a_cap_cannot_have_a_budget(demo_session, operations):
    template = coupon_template(demo_session, kind="percent", amount_fen=0)
    with pytest.raises(DomainError) as err:
        marketing.create_campaign(
            demo_session, operations,
            plan(offer_kind="coupon", offer_ref=template.id, budget_fen=10_000),
        )  # fmt: skip
    assert err.value.key == "campaign.coupon_without_face_value"


@pytest.mark.parametrize("who", ["support", "finance", "customer"])
def test_support_finance_and_customers_are_refused(demo_session, admin, request, who):
    row = marketing.create_campaign(demo_session, admin, plan())
    actor = request.getfixturevalue(who)
    for act in (
        lambda: marketing.create_campaign(demo_session, actor, plan()),
        lambda: marketing.campaigns_table(demo_session, actor, TableQuery()),
        lambda: marketing.campaign_report(demo_session, actor, row.id),
        lambda: marketing.start_now(demo_session, actor, row.id),
        lambda: marketing.plan_choices(demo_session, actor),
    ):
        with pytest.raises(PermissionDenied):
            act()


def test_a_shop_campaign_reaches_its_own_customers_and_no_other_shop_sees_it(demo_session):
    owner = log_in(demo_session, SHOP_OWNER_PHONE)
    other = log_in(demo_session, OTHER_OWNER_PHONE)
    template = coupon_template(demo_session, merchant_id=owner.merchant_id)
    row = marketing.create_campaign(
        demo_session, owner, plan(segment_id=None, offer_kind="coupon", offer_ref=template.id)
    )
    assert marketing.plan_choices(demo_session, owner).own_customers == len(
        shop_customers(demo_session, owner.merchant_id)
    )
    marketing.start_now(demo_session, owner, row.id)
    assert [m.user_id for m in _members(demo_session, row.id)] == shop_customers(
        demo_session, owner.merchant_id
    )
    assert marketing.campaigns_table(demo_session, other, TableQuery()).total == 0
    with pytest.raises(PermissionDenied):
        marketing.campaign_report(demo_session, other, row.id)
    with pytest.raises(PermissionDenied):
        marketing.end_now(demo_session, other, row.id)
    # a shop cannot offer the platform's coupon
    platform_coupon = coupon_template(demo_session)
    with pytest.raises(DomainError) as err:
        marketing.create_campaign(
            demo_session, owner, plan(offer_kind="coupon", offer_ref=platform_coupon.id)
        )
    assert err.value.key == "campaign.coupon_unknown"


def test_creating_starting_and_ending_are_audited(demo_session, operations):
    row = marketing.create_campaign(demo_session, operations, plan())
    marketing.start_now(demo_session, operations, row.id)
    marketing.end_now(demo_session, operations, row.id)
    actions = demo_session.exec(
        select(AuditEntry.action).where(AuditEntry.target_type == "campaign")
    ).all()
    assert sorted(actions) == ["campaign.create", "campaign.end", "campaign.start"]
    with pytest.raises(DomainError) as err:
        marketing.start_now(demo_session, operations, row.id)
    assert err.value.key == "campaign.not_scheduled"


def test_the_evaluation_exports_as_xlsx(demo_session, operations):
    row = marketing.create_campaign(demo_session, operations, plan())
    marketing.start_now(demo_session, operations, row.id)
    report = marketing.campaign_report(demo_session, operations, row.id)
    data = marketing.export_campaign_xlsx(demo_session, operations, row.id, text=lambda k: k)
    names, cells = _xlsx_cells(data)
    assert names == ["campaign.sheet.evaluation", "campaign.sheet.daily"]
    evaluation = cells["campaign.sheet.evaluation"]
    treated = evaluation.index("campaign.group.treated")
    assert evaluation[treated + 1] == str(report.evaluation.treated.members)
    assert "campaign.roi" in evaluation
    with pytest.raises(PermissionDenied):
        marketing.export_campaign_xlsx(
            demo_session, log_in(demo_session, SHOP_OWNER_PHONE), row.id, text=lambda k: k
        )


def test_the_frequent_job_starts_a_due_campaign_once_per_bucket(demo_engine, demo_session, admin):
    from contextlib import contextmanager

    from sqlmodel import Session

    from salon_app.core.jobs.frequent import CAMPAIGN_RUN, run_frequent

    @contextmanager
    def sessions():
        with Session(demo_engine, expire_on_commit=False) as s:
            yield s

    now = utcnow()
    row = marketing.create_campaign(demo_session, admin, plan(starts_at=now + timedelta(hours=1)))
    at = (now + timedelta(hours=2)).replace(second=0, microsecond=0)
    at -= timedelta(minutes=at.minute % 5)  # the start of a bucket: +20 s is the same bucket
    assert run_frequent(sessions, at)[CAMPAIGN_RUN] == "done"
    assert run_frequent(sessions, at + timedelta(seconds=20))[CAMPAIGN_RUN] == "skipped"
    demo_session.expire_all()
    assert demo_session.get(Campaign, row.id).status == "running"
    members = _members(demo_session, row.id)
    assert members and len({m.user_id for m in members}) == len(members)


def test_the_demo_city_has_a_running_campaign_with_a_holdout_and_promotions(
    demo_session, operations
):
    campaign = demo_session.exec(
        select(Campaign).where(Campaign.kind == "offer", Campaign.status == "running")
    ).one()
    report = marketing.campaign_report(demo_session, operations, campaign.id)
    ev = report.evaluation
    assert ev.treated.members > 0 and ev.holdout.members > 0 and ev.roi is not None
    assert report.live.redeemed > 0 and report.live.cost_fen > 0
    assert ev.treated.converted > 0
    promotions = demo_session.exec(select(Promotion).order_by(Promotion.id)).all()
    assert [p.kind for p in promotions] == ["tiers", "percent", "newcomer_price", "returning"]
    assert [p.funded_by for p in promotions].count("merchant") == 1
    invite = demo_session.exec(select(Campaign).where(Campaign.kind == "invite")).one()
    assert invite.status == "running"
