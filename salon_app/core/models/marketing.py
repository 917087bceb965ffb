"""Marketing: coupon templates and the coupons customers hold, promotions, campaigns with
their members (treated or holdout) and invitations.

Scopes (coupons and promotions): `scope` is all | categories | services | shops, with
`scope_ids` the chosen ids and `scope_exclude` meaning "all except these". Who pays for a
discount: `funded_by` platform | merchant (then `merchant_id` is the shop).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class CouponTemplate(SQLModel, table=True):
    """What a coupon gives, to whom and how many: the coupons themselves are `Coupon` rows."""

    __tablename__ = "coupon_template"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=30)
    # threshold (满减: spend threshold_fen, save amount_fen), percent (折扣: pay discount_bp
    # of the eligible amount, saving at most cap_fen), no_threshold (无门槛: amount_fen off),
    # newcomer (新人券: amount_fen off, only for customers without a paid order)
    kind: str = Field(max_length=12)
    threshold_fen: int = 0
    amount_fen: int = 0
    discount_bp: int = 10_000  # 8_000 = 8折
    cap_fen: int = 0  # 0: no cap
    scope: str = Field(default="all", max_length=12)
    scope_ids: list = Field(default_factory=list, sa_type=JSON)
    scope_exclude: bool = False
    # Validity: fixed dates, or valid_days from the claim (then valid_from/until bound claiming)
    valid_from: datetime | None = Field(default=None, sa_type=UTCDateTime)
    valid_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    valid_days: int | None = None
    total_stock: int = 0
    issued: int = 0  # raised with a conditional update: never above total_stock
    per_user_limit: int = 1
    per_day_limit: int = 0  # per user per local day; 0: no daily limit
    funded_by: str = Field(default="platform", max_length=10)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    claimable: bool = True  # shown in the coupon centre for customers to claim
    points_cost: int = 0  # > 0: can be bought with points
    status: str = Field(default="active", max_length=10)  # draft, active, ended
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)


class Coupon(SQLModel, table=True):
    """One coupon a customer holds. Used by at most one order: `order_id` is set with a
    conditional update (WHERE order_id IS NULL); a full refund clears it again while valid."""

    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="coupon_template.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    source: str = Field(default="claim", max_length=12)  # claim, campaign, points, invite, newcomer
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    claimed_at: datetime = Field(sa_type=UTCDateTime)
    valid_from: datetime = Field(sa_type=UTCDateTime)
    valid_until: datetime = Field(sa_type=UTCDateTime, index=True)
    order_id: int | None = Field(default=None, foreign_key="orders.id", index=True)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    returned_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Promotion(SQLModel, table=True):
    """A price rule applied without a coupon, to an audience, in a period.

    kind and `rule` (JSON):
      tiers          满减 tiers: {"tiers": [[threshold_fen, off_fen], ...]}
      percent        {"discount_bp": 8000}
      bogo_second    买一送一: the second (cheaper) service of a visit free: {}
      nth_free       a free session after N paid ones of the scope: {"n": 5}
      newcomer_price a new customer's price per service: {"price_fen": 990}
      returning      a returning customer's offer: {"discount_bp": 9000}
    Promotions of one non-empty `exclusive_group` do not combine: the better one wins.
    Higher `priority` applies first.
    """

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=30)
    kind: str = Field(max_length=16)
    rule: dict = Field(default_factory=dict, sa_type=JSON)
    scope: str = Field(default="all", max_length=12)
    scope_ids: list = Field(default_factory=list, sa_type=JSON)
    scope_exclude: bool = False
    # all, new (no paid order yet), returning (at least one), level (rank >= audience_ref),
    # campaign (the treated members of campaign audience_ref: how a segment gets an offer)
    audience: str = Field(default="all", max_length=10)
    audience_ref: int | None = None
    exclusive_group: str = Field(default="", max_length=20)
    priority: int = 0
    funded_by: str = Field(default="platform", max_length=10)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    active: bool = True
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)


class Campaign(SQLModel, table=True):
    """A planned push to a segment: its offer, schedule, budget, channel and holdout."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40)
    kind: str = Field(default="offer", max_length=10)  # offer, invite (邀请有礼)
    goal: str = Field(default="", max_length=200)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    segment_id: int | None = Field(default=None, foreign_key="segment.id")
    offer_kind: str = Field(max_length=10)  # coupon, points, promotion
    offer_ref: int = 0  # the coupon template or promotion id, or the points given
    channel: str = Field(default="inapp", max_length=10)  # inapp, banner, sms
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    budget_fen: int = 0
    holdout_bp: int = 1_000  # 1_000 = 10% of the audience gets nothing
    attribution_days: int = 14
    status: str = Field(default="draft", max_length=10)  # draft, scheduled, running, ended
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)


class CampaignMember(SQLModel, table=True):
    """A user the campaign reached (treated) or held out; assigned once, stably."""

    __tablename__ = "campaign_member"
    __table_args__ = (
        UniqueConstraint("campaign_id", "user_id", name="uq_campaign_member"),
        Index("ix_campaign_member_user", "user_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    holdout: bool = False
    assigned_at: datetime = Field(sa_type=UTCDateTime)
    reached_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    coupon_id: int | None = Field(default=None, foreign_key="coupon.id")


class Invitation(SQLModel, table=True):
    """邀请有礼: who invited whom; rewarded once, when the invitee's first order is paid."""

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    inviter_id: int = Field(foreign_key="user.id", index=True)
    invitee_id: int = Field(foreign_key="user.id", unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    rewarded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
