"""What a valid campaign plan is, and whom it reaches.

Rules (each refusal names what is wrong, and nothing is stored):
- a name of 1-40 characters, a goal of at most 200; kind offer, or invite (邀请有礼);
- an offer campaign has an audience of at least one customer: the platform's is a saved
  segment (tags.segment_members), a shop's is its own customers (a paid order at the shop);
  an invite campaign's audience is whoever signs up through an invitation;
- the offer: a coupon template of the same owner that is active, points (1-100 000 each), or a
  promotion of the same owner, still open and not bound to another campaign (an invite
  campaign gives a coupon or points to both people);
- a budget of zero (no limit but stock) or more; with a budget, a percentage coupon must have
  a cap, which is its face value;
- a holdout of 0-50% (invite campaigns hold nobody out: the invitee chose to come);
- it ends after it starts, and after now; attribution 1-90 days; channel inapp, banner or sms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from salon_app.core.errors import DomainError
from salon_app.core.models import Campaign, CouponTemplate, Promotion, Segment
from salon_app.core.services import tags
from salon_app.core.services.marketing.owners import Marketer, shop_customers

KINDS = ("offer", "invite")
OFFER_KINDS = ("coupon", "points", "promotion")
CHANNELS = ("inapp", "banner", "sms")
NAME_MAX = 40
GOAL_MAX = 200
HOLDOUT_MAX_BP = 5_000
POINTS_MAX = 100_000
ATTRIBUTION_MAX_DAYS = 90


@dataclass
class CampaignDraft:
    """A campaign plan as the form gives it (money in fen, the holdout in basis points)."""

    name: str
    starts_at: datetime
    ends_at: datetime
    offer_kind: str
    offer_ref: int
    kind: str = "offer"
    goal: str = ""
    segment_id: int | None = None
    channel: str = "inapp"
    budget_fen: int = 0
    holdout_bp: int = 1_000
    attribution_days: int = 14


def face_value(session: Session, offer_kind: str, offer_ref: int) -> int:
    """What one issued offer may cost at most, in fen: a coupon's amount (a percentage
    coupon's cap), or the points given (1 point = 1 fen); 0 for a promotion (measured)."""
    if offer_kind == "points":
        return offer_ref
    if offer_kind != "coupon":
        return 0
    template = session.get(CouponTemplate, offer_ref)
    if template is None:
        return 0
    return template.cap_fen if template.kind == "percent" else template.amount_fen


def audience(session: Session, campaign: Campaign) -> list[int]:
    """The ids of the customers an offer campaign reaches now, ascending."""
    if campaign.kind == "invite":
        return []
    if campaign.merchant_id is not None:
        return shop_customers(session, campaign.merchant_id)
    if campaign.segment_id is None:
        return []
    return tags.segment_members(session, campaign.segment_id)


def _text(value: object, required: str, too_long: str, most: int) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise DomainError(required)
    if len(text) > most:
        raise DomainError(too_long, max=most)
    return text


def _offer(session: Session, who: Marketer, d: CampaignDraft, now: datetime) -> None:
    allowed = OFFER_KINDS if d.kind == "offer" else ("coupon", "points")
    if d.offer_kind not in allowed:
        raise DomainError("campaign.offer_kind_invalid")
    if d.offer_kind == "points":
        if not 1 <= d.offer_ref <= POINTS_MAX:
            raise DomainError("campaign.points_out_of_range", max=POINTS_MAX)
        return
    if d.offer_kind == "coupon":
        template = session.get(CouponTemplate, d.offer_ref) if d.offer_ref else None
        if template is None or template.merchant_id != who.merchant_id:
            raise DomainError("campaign.coupon_unknown")
        if template.status != "active":
            raise DomainError("campaign.coupon_not_active")
        if d.budget_fen > 0 and face_value(session, "coupon", d.offer_ref) <= 0:
            raise DomainError("campaign.coupon_without_face_value")
        return
    promotion = session.get(Promotion, d.offer_ref) if d.offer_ref else None
    if promotion is None or promotion.merchant_id != who.merchant_id:
        raise DomainError("campaign.promotion_unknown")
    if not promotion.active or promotion.ends_at <= now:
        raise DomainError("campaign.promotion_ended")
    if promotion.audience == "campaign":
        raise DomainError("campaign.promotion_taken")


def audience_size(session: Session, who: Marketer, d: CampaignDraft) -> int:
    """How many customers the plan would reach now (checks the segment exists)."""
    if d.kind == "invite":
        return 0
    if who.merchant_id is not None:
        d.segment_id = None
        return len(shop_customers(session, who.merchant_id))
    if d.segment_id is None or session.get(Segment, d.segment_id) is None:
        raise DomainError("campaign.segment_required")
    return len(tags.segment_members(session, d.segment_id))


def check_draft(session: Session, who: Marketer, d: CampaignDraft, now: datetime) -> None:
    """The plan made clean, or DomainError with the first thing wrong (see the module rules)."""
    d.name = _text(d.name, "campaign.name_required", "campaign.name_too_long", NAME_MAX)
    d.goal = _text(d.goal, "", "campaign.goal_too_long", GOAL_MAX)
    if d.kind not in KINDS:
        raise DomainError("campaign.kind_invalid")
    if d.channel not in CHANNELS:
        raise DomainError("campaign.channel_invalid")
    if d.budget_fen < 0:
        raise DomainError("campaign.budget_negative")
    if d.kind == "invite":
        d.holdout_bp, d.segment_id = 0, None
    if not 0 <= d.holdout_bp <= HOLDOUT_MAX_BP:
        raise DomainError("campaign.holdout_out_of_range", max=HOLDOUT_MAX_BP // 100)
    if not 1 <= d.attribution_days <= ATTRIBUTION_MAX_DAYS:
        raise DomainError("campaign.attribution_out_of_range", max=ATTRIBUTION_MAX_DAYS)
    if d.ends_at <= d.starts_at:
        raise DomainError("campaign.ends_before_starts")
    if d.ends_at <= now:
        raise DomainError("campaign.ends_in_past")
    _offer(session, who, d, now)
    if d.kind == "offer" and audience_size(session, who, d) == 0:
        raise DomainError("campaign.no_audience")
