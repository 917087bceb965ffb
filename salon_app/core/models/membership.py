"""Membership: levels, each member's growth and level, points as a ledger, daily check-ins,
and the small gift catalogue points buy.

Points are integers; 1 point deducts 1 fen at checkout (settings). Growth (what levels are
measured by) and points (what members spend) are separate ledgers: spending points never
lowers a level.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class MemberLevel(SQLModel, table=True):
    """A level: reached at `growth_threshold`; its member price and points multiplier."""

    __tablename__ = "member_level"
    id: int | None = Field(default=None, primary_key=True)
    rank: int = Field(unique=True)  # 0 = the level every customer starts at
    name: str = Field(max_length=20)
    growth_threshold: int = 0
    discount_bp: int = 10_000  # member price: 9_500 = 95折 (pays 95%); 10_000 = none
    points_multiplier_pct: int = 100  # 150 = 1.5× points on payment
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Membership(SQLModel, table=True):
    """A customer's standing: growth so far, level, and when a downgrade is next considered.

    Upgrades happen at once; a downgrade only on `review_on` (a local date)."""

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    growth: int = 0
    level_rank: int = 0
    level_since: datetime = Field(sa_type=UTCDateTime)
    review_on: date | None = None
    updated_at: datetime = Field(sa_type=UTCDateTime)


class GrowthEntry(SQLModel, table=True):
    """A signed change of growth (payment, check-in, invitation, refund), exactly once per key."""

    __tablename__ = "growth_entry"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    kind: str = Field(max_length=16)  # payment, checkin, invite, refund, activity
    amount: int
    order_id: int | None = Field(default=None, foreign_key="orders.id", index=True)
    key: str = Field(max_length=64, unique=True)  # e.g. "pay:<order id>": replays add nothing
    created_at: datetime = Field(sa_type=UTCDateTime)


class PointsEntry(SQLModel, table=True):
    """A signed movement of a customer's points; the balance is the sum of these rows.

    A positive row is a batch: usable from `available_at` (points earned by an order wait
    until some days after the service) until `expires_at`. A negative row (spend, expiry,
    take-back) draws on batches soonest-expiring first; what it drew is in PointsDraw, and
    what it could not draw (a take-back beyond the balance) is the customer's debt, settled
    by the next batches.
    """

    __tablename__ = "points_entry"
    __table_args__ = (Index("ix_points_entry_user_expires", "user_id", "expires_at"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    # earn, checkin, activity, invite, redeem_coupon, redeem_gift, deduct, expire,
    # refund_return (points spent on an order, back), refund_takeback (earned, taken back)
    kind: str = Field(max_length=16)
    amount: int
    order_id: int | None = Field(default=None, foreign_key="orders.id", index=True)
    key: str = Field(max_length=64, unique=True)  # exactly once: "earn:<order>", "checkin:<d>"
    available_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    note: str = Field(default="", max_length=60)


class PointsDraw(SQLModel, table=True):
    """How much a negative points row took from one batch (soonest-expiring first)."""

    __tablename__ = "points_draw"
    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="points_entry.id", index=True)  # the negative row
    batch_id: int = Field(foreign_key="points_entry.id", index=True)  # the positive row
    amount: int  # > 0


class CheckIn(SQLModel, table=True):
    """One check-in per customer per Shanghai day."""

    __tablename__ = "check_in"
    __table_args__ = (UniqueConstraint("user_id", "day", name="uq_check_in_user_day"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    day: date
    streak: int = 1  # consecutive days ending with this one
    points: int = 0
    created_at: datetime = Field(sa_type=UTCDateTime)


class Gift(SQLModel, table=True):
    """A gift points can buy; stock falls with each redemption (never below zero)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40)
    description: str = Field(default="", max_length=200)
    picture: str = Field(default="", max_length=200)  # a /media key
    points_cost: int
    stock: int = 0
    active: bool = True
    created_at: datetime = Field(sa_type=UTCDateTime)


class GiftRedemption(SQLModel, table=True):
    __tablename__ = "gift_redemption"
    id: int | None = Field(default=None, primary_key=True)
    gift_id: int = Field(foreign_key="gift.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    points_entry_id: int = Field(foreign_key="points_entry.id")
    status: str = Field(default="pending", max_length=12)  # pending, shipped, cancelled
    created_at: datetime = Field(sa_type=UTCDateTime)
