"""Running campaigns: the job that starts them at their start, issues their offers within
budget and stock, and ends them.

Rules:
- a scheduled campaign starts at its start: one worker wins the conditional update
  scheduled -> running, so members are assigned and offers issued once;
- members are the audience at the start, in ascending user id, each a CampaignMember row once
  (unique per campaign and user), on the side `holdout.held_out` gives; the holdout gets
  nothing; a treated member gets the offer: a coupon (marketing.issue, taking stock), points
  (membership.credit, key campaign:<id>:<user>, exactly once) or eligibility for the bound
  promotion;
- the budget bounds the face value issued (a coupon's amount, a percentage coupon's cap,
  1 point = 1 fen): when the next treated member's offer would pass it, or the coupon's stock
  runs out, the assignment stops for everyone, so treated and holdout stay comparable (those
  left out are not measured); a budget of 0 has no limit but stock; a promotion campaign's
  discounts are measured as they happen, and it is ended once they reach the budget;
- the channel tells the reached: an in-app notification (in the same transaction), an SMS
  through the SMS adapter after the commit (a failed SMS is logged, never undoes the offer),
  or the banner on their home page while the campaign runs;
- a campaign ends at its end (a scheduled one never started is ended too), and its bound
  promotion stops with it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.integrations.sms import SmsError, get_sender
from salon_app.core.models import Campaign, CampaignMember, CouponTemplate, Promotion, User
from salon_app.core.services import membership
from salon_app.core.services.marketing.campaign_figures import (
    issued_cost,
    measured_cost,
    points_key_prefix,
)
from salon_app.core.services.marketing.campaign_rules import audience, face_value
from salon_app.core.services.marketing.coupons import issue
from salon_app.core.services.marketing.holdout import held_out
from salon_app.core.services.notifications import notify

log = logging.getLogger(__name__)
SMS_TEMPLATE = "campaign_offer"


@dataclass
class StartResult:
    members: int = 0
    reached: int = 0
    stopped: str = ""  # "", "budget" or "stock": why assigning stopped early
    sms_to: list[int] = field(default_factory=list)


def _take_start(session: Session, campaign_id: int) -> bool:
    taken = session.execute(
        update(Campaign)
        .where(col(Campaign.id) == campaign_id, col(Campaign.status) == "scheduled")
        .values(status="running")
    ).rowcount
    return taken == 1


def _give(session: Session, c: Campaign, user_id: int, now: datetime) -> int | None:
    """The offer for one treated member; the coupon id if one was issued."""
    if c.offer_kind == "coupon":
        template = session.get(CouponTemplate, c.offer_ref)
        return issue(session, template, user_id, now, source="campaign", campaign_id=c.id).id
    if c.offer_kind == "points":
        membership.credit(
            session, user_id, "activity", c.offer_ref, f"{points_key_prefix(c.id)}{user_id}",
            now, note=c.name[:40],
        )  # fmt: skip
    return None


def start_campaign(session: Session, campaign_id: int, now: datetime) -> StartResult | None:
    """Start one scheduled campaign now (see the module rules); None if another run has it.
    Commits, then sends the SMS of an SMS campaign."""
    if not _take_start(session, campaign_id):
        session.rollback()
        return None
    c = session.get(Campaign, campaign_id)
    session.refresh(c)
    result = StartResult()
    if c.kind == "offer":
        _assign(session, c, now, result)
    session.commit()
    if result.sms_to:
        _send_sms(session, c, result.sms_to)
    return result


def _assign(session: Session, c: Campaign, now: datetime, result: StartResult) -> None:
    known = set(
        session.exec(select(CampaignMember.user_id).where(CampaignMember.campaign_id == c.id))
    )
    face = face_value(session, c.offer_kind, c.offer_ref)
    left = c.budget_fen - issued_cost(session, c) if c.budget_fen > 0 else None
    for user_id in audience(session, c):
        if user_id in known:
            continue
        holdout = held_out(c.id, user_id, c.holdout_bp)
        if not holdout and left is not None and face > left:
            result.stopped = "budget"
            break
        coupon_id = None
        if not holdout:
            try:
                coupon_id = _give(session, c, user_id, now)
            except DomainError:  # coupon.out_of_stock: nothing was taken
                result.stopped = "stock"
                break
            if left is not None:
                left -= face
        session.add(
            CampaignMember(
                campaign_id=c.id, user_id=user_id, holdout=holdout, assigned_at=now,
                reached_at=None if holdout else now, coupon_id=coupon_id,
            )
        )  # fmt: skip
        result.members += 1
        if holdout:
            continue
        result.reached += 1
        if c.channel == "inapp":
            notify(session, user_id, "notify.campaign_offer", name=c.name)
        elif c.channel == "sms":
            result.sms_to.append(user_id)
    session.flush()


def _send_sms(session: Session, c: Campaign, user_ids: list[int]) -> None:
    sender = get_sender(session.get_bind())
    phones = session.exec(select(User.id, User.phone).where(col(User.id).in_(user_ids))).all()
    for _, phone in sorted(phones):
        try:
            sender.send(phone, SMS_TEMPLATE, {"name": c.name})
        except SmsError:
            log.warning("campaign %s: an SMS was not sent", c.id, exc_info=True)


def end_campaign(session: Session, c: Campaign, now: datetime) -> None:
    """End the campaign and stop its bound promotion (not committed)."""
    c.status = "ended"
    if c.ends_at > now:
        c.ends_at = now
    if c.offer_kind == "promotion":
        promotion = session.get(Promotion, c.offer_ref)
        if promotion is not None and promotion.active:
            promotion.active = False
            promotion.ends_at = min(promotion.ends_at, now)


def run_campaigns(session: Session, now: datetime) -> dict[str, int]:
    """The job: start what is due, end what is over or out of budget, reward invitations."""
    from salon_app.core.services.marketing.invitations import reward_invitations

    due = session.exec(
        select(Campaign.id)
        .where(Campaign.status == "scheduled", Campaign.starts_at <= now, Campaign.ends_at > now)
        .order_by(col(Campaign.id))
    ).all()
    started = sum(1 for cid in due if start_campaign(session, cid, now) is not None)
    ended = 0
    for c in session.exec(
        select(Campaign)
        .where(col(Campaign.status).in_(("scheduled", "running")))
        .order_by(col(Campaign.id))
    ).all():
        spent = (
            c.status == "running"
            and c.offer_kind == "promotion"
            and c.budget_fen > 0
            and measured_cost(session, c) >= c.budget_fen
        )
        if c.ends_at <= now or spent:
            end_campaign(session, c, now)
            ended += 1
    session.commit()
    rewarded = reward_invitations(session, now)
    return {"started": started, "ended": ended, "rewarded": rewarded}
