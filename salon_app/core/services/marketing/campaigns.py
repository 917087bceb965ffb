"""Campaigns planned by the platform (for a saved segment) and by shops (for their own
customers): create, start now, end, the table of them, one campaign's plan, live figures and
evaluation, and the banners customers see.

Rules: only marketers act (owners.py); a shop sees and changes only its own campaigns (another
shop's reads as missing). A plan is checked whole (campaign_rules.py) before anything is
stored; a promotion taken as the offer is bound to the campaign (its audience becomes the
campaign's treated members). Creating, starting now and ending are audited. Running is the
job's (campaign_run.py); "start now" runs the same start at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Campaign,
    CampaignMember,
    CouponTemplate,
    Promotion,
    Segment,
)
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services import audit, tags
from salon_app.core.services.access import Actor
from salon_app.core.services.marketing.campaign_evaluation import Evaluation
from salon_app.core.services.marketing.campaign_figures import (
    LiveFigures,
    campaign_evaluation,
    live_figures,
)
from salon_app.core.services.marketing.campaign_rules import (
    CampaignDraft,
    check_draft,
    face_value,
)
from salon_app.core.services.marketing.campaign_run import end_campaign, start_campaign
from salon_app.core.services.marketing.owners import (
    Marketer,
    marketer,
    refuse_unless_owned,
    shop_customers,
)
from salon_app.core.services.marketing.promotions import campaign_promotions

CAMPAIGN_SORTS = ("name", "status", "starts_at", "ends_at", "budget_fen")


@dataclass(frozen=True)
class CampaignRow:
    id: int
    name: str
    kind: str
    goal: str
    status: str
    audience: str  # the segment's name, "" for a shop's own customers or an invite campaign
    offer_kind: str
    offer_name: str  # the coupon or promotion's name ("" for points)
    offer_ref: int
    face_fen: int
    channel: str
    starts_at: datetime
    ends_at: datetime
    budget_fen: int
    holdout_bp: int
    attribution_days: int
    members: int


@dataclass(frozen=True)
class Choice:
    id: int
    name: str
    size: int  # a segment's customers now; a coupon's face value in fen


@dataclass(frozen=True)
class PlanChoices:
    segments: list[Choice]  # the platform's saved segments with their size now
    own_customers: int  # a shop's own customers (its campaigns' audience)
    coupons: list[Choice]
    promotions: list[Choice]


@dataclass(frozen=True)
class CampaignReport:
    plan: CampaignRow
    live: LiveFigures
    evaluation: Evaluation


def _offer_name(session: Session, c: Campaign) -> str:
    model = {"coupon": CouponTemplate, "promotion": Promotion}.get(c.offer_kind)
    row = session.get(model, c.offer_ref) if model else None
    return row.name if row else ""


def _row(session: Session, c: Campaign, members: int) -> CampaignRow:
    segment = session.get(Segment, c.segment_id) if c.segment_id else None
    return CampaignRow(
        c.id, c.name, c.kind, c.goal, c.status, segment.name if segment else "", c.offer_kind,
        _offer_name(session, c), c.offer_ref, face_value(session, c.offer_kind, c.offer_ref),
        c.channel, c.starts_at, c.ends_at, c.budget_fen, c.holdout_bp, c.attribution_days,
        members,
    )  # fmt: skip


def _member_counts(session: Session, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = session.exec(
        select(CampaignMember.campaign_id, func.count())
        .where(col(CampaignMember.campaign_id).in_(ids))
        .group_by(col(CampaignMember.campaign_id))
    ).all()
    return dict(rows)


def _own(session: Session, actor: Actor | None, campaign_id: int) -> tuple[Marketer, Campaign]:
    who = marketer(session, actor)
    campaign = session.get(Campaign, campaign_id) if campaign_id else None
    if campaign is None:
        raise DomainError("campaign.not_found")
    refuse_unless_owned(who, campaign.merchant_id)
    return who, campaign


def plan_choices(session: Session, actor: Actor | None) -> PlanChoices:
    """What the plan form offers the marketer: segments with their size, coupons, promotions."""
    who = marketer(session, actor)
    segments: list[Choice] = []
    if who.merchant_id is None:
        for s in session.exec(select(Segment).order_by(col(Segment.name))).all():
            segments.append(Choice(s.id, s.name, len(tags.segment_members(session, s.id))))
    owner = (
        col(CouponTemplate.merchant_id).is_(None)
        if who.merchant_id is None
        else col(CouponTemplate.merchant_id) == who.merchant_id
    )
    templates = session.exec(
        select(CouponTemplate)
        .where(owner, CouponTemplate.status == "active")
        .order_by(col(CouponTemplate.id).desc())
    ).all()
    return PlanChoices(
        segments,
        len(shop_customers(session, who.merchant_id)) if who.merchant_id else 0,
        [Choice(t.id, t.name, face_value(session, "coupon", t.id)) for t in templates],
        [Choice(p.id, p.name, 0) for p in campaign_promotions(session, who.merchant_id)],
    )


def create_campaign(session: Session, actor: Actor | None, draft: CampaignDraft) -> CampaignRow:
    """A new scheduled campaign of the marketer's own, checked whole; audited."""
    who = marketer(session, actor)
    now = utcnow()
    check_draft(session, who, draft, now)
    c = Campaign(
        name=draft.name, kind=draft.kind, goal=draft.goal, merchant_id=who.merchant_id,
        segment_id=draft.segment_id, offer_kind=draft.offer_kind, offer_ref=draft.offer_ref,
        channel=draft.channel, starts_at=draft.starts_at, ends_at=draft.ends_at,
        budget_fen=draft.budget_fen, holdout_bp=draft.holdout_bp,
        attribution_days=draft.attribution_days, status="scheduled",
        created_by=who.actor.user_id, created_at=now,
    )  # fmt: skip
    session.add(c)
    session.flush()
    if c.offer_kind == "promotion":
        promotion = session.get(Promotion, c.offer_ref)
        promotion.audience, promotion.audience_ref = "campaign", c.id
    audit.record(
        session, who.actor, "campaign.create", "campaign", c.id, name=c.name,
        holdout_bp=c.holdout_bp, budget_fen=c.budget_fen, merchant_id=who.merchant_id,
    )  # fmt: skip
    session.commit()
    return _row(session, c, 0)


def start_now(session: Session, actor: Actor | None, campaign_id: int) -> CampaignRow:
    """Start one of the marketer's scheduled campaigns at once (as the job would); audited."""
    who, c = _own(session, actor, campaign_id)
    if c.status != "scheduled":
        raise DomainError("campaign.not_scheduled")
    now = utcnow()
    c.starts_at = min(c.starts_at, now)
    audit.record(session, who.actor, "campaign.start", "campaign", c.id, name=c.name)
    session.flush()
    if start_campaign(session, c.id, now) is None:
        raise DomainError("campaign.not_scheduled")
    session.refresh(c)
    return _row(session, c, _member_counts(session, [c.id]).get(c.id, 0))


def end_now(session: Session, actor: Actor | None, campaign_id: int) -> CampaignRow:
    """End one of the marketer's campaigns now (its promotion stops too); audited."""
    who, c = _own(session, actor, campaign_id)
    if c.status == "ended":
        raise DomainError("campaign.already_ended")
    end_campaign(session, c, utcnow())
    audit.record(session, who.actor, "campaign.end", "campaign", c.id, name=c.name)
    session.commit()
    return _row(session, c, _member_counts(session, [c.id]).get(c.id, 0))


def campaigns_table(session: Session, actor: Actor | None, query: TableQuery) -> Page[CampaignRow]:
    """The marketer's campaigns (the platform's, or the shop's own), searched by name."""
    who = marketer(session, actor)
    owner = (
        col(Campaign.merchant_id).is_(None)
        if who.merchant_id is None
        else col(Campaign.merchant_id) == who.merchant_id
    )
    page = paginate(
        session,
        select(Campaign).where(owner),
        query,
        sort_columns={name: getattr(Campaign, name) for name in CAMPAIGN_SORTS},
        tie_breaker=col(Campaign.id),
        search_columns=[col(Campaign.name)],
        row=lambda r: r[0],
    )
    counts = _member_counts(session, [c.id for c in page.rows])
    rows = [_row(session, c, counts.get(c.id, 0)) for c in page.rows]
    return Page(rows, page.total, page.page, page.page_size)


def campaign_report(session: Session, actor: Actor | None, campaign_id: int) -> CampaignReport:
    """One of the marketer's campaigns: its plan, live figures and evaluation now."""
    _, c = _own(session, actor, campaign_id)
    now = utcnow()
    live = live_figures(session, c, now)
    return CampaignReport(
        _row(session, c, live.members), live, campaign_evaluation(session, c, now)
    )


@dataclass(frozen=True)
class Banner:
    campaign_id: int
    name: str
    goal: str


def my_banners(session: Session, actor: Actor | None) -> list[Banner]:
    """The banners of the running banner campaigns the customer is a treated member of."""
    if actor is None:
        return []
    rows = session.exec(
        select(Campaign)
        .join(CampaignMember, col(CampaignMember.campaign_id) == col(Campaign.id))
        .where(
            CampaignMember.user_id == actor.user_id,
            col(CampaignMember.holdout).is_(False),
            Campaign.status == "running",
            Campaign.channel == "banner",
        )
        .order_by(col(Campaign.starts_at).desc(), col(Campaign.id).desc())
        .limit(3)
    ).all()
    return [Banner(c.id, c.name, c.goal) for c in rows]
