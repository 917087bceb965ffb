"""Shops (商家): the shop itself, its staff and their roles, invitations, announcements."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, Index, text
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import EncryptedText, UTCDateTime


class ShopRole(StrEnum):
    """A staff member's role inside their shop; what each may do is merchants.shop_roles."""

    owner = "owner"
    manager = "manager"
    front_desk = "front_desk"


class Merchant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=60)
    description: str = Field(default="", max_length=2000)
    address: str = Field(max_length=200)  # a shop's address is public, not personal data
    district: str = Field(default="", max_length=20)
    lat: float
    lng: float
    contact_phone: str = Field(max_length=20)
    opening_hours: str = Field(default="", max_length=100)  # the hours in words, for cards
    # Business hours per weekday, local minutes: {"0": [[600, 1260]], "6": []} ([] = closed).
    # None: never set, so in-shop bookings follow the technicians' hours alone.
    business_hours: dict | None = Field(default=None, sa_type=JSON(none_as_null=True))
    commission_bp: int = 2000  # shop's commission in basis points (2000 = 20%)
    timezone: str = Field(default="Asia/Shanghai", max_length=40)
    photo_url: str = Field(default="", max_length=300)
    is_active: bool = True
    created_at: datetime = Field(sa_type=UTCDateTime)


class MerchantStaff(SQLModel, table=True):
    """A merchant-role user works for exactly one shop, in one role."""

    __tablename__ = "merchant_staff"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    role: str = Field(default=ShopRole.front_desk, max_length=16)


class StaffInvitation(SQLModel, table=True):
    """An owner invited a phone with no account yet; signing up with it joins the shop."""

    __tablename__ = "staff_invitation"
    __table_args__ = (
        Index(
            "uq_staff_invitation_pending",
            "merchant_id",
            "phone_hash",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    phone: str = Field(sa_type=EncryptedText)
    phone_hash: str = Field(max_length=64, index=True)
    role: str = Field(max_length=16)
    status: str = Field(default="pending", max_length=16)  # pending | claimed | revoked
    invited_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    claimed_by: int | None = Field(default=None, foreign_key="user.id")
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ShopClosure(SQLModel, table=True):
    """Days the shop is closed (a holiday, a refit): local dates, both ends included."""

    __tablename__ = "shop_closure"
    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    first_day: date
    last_day: date
    reason: str = Field(max_length=100)
    created_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)


class Announcement(SQLModel, table=True):
    """News from a shop: a draft until published; shown until it expires."""

    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    title: str = Field(max_length=80)
    body: str = Field(max_length=2000)
    status: str = Field(default="draft", max_length=16)  # draft | published
    audience: str = Field(default="all", max_length=16)  # all | past_customers
    pinned: bool = False
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    notified: int = 0  # customers notified when it was published


class ShopMedia(SQLModel, table=True):
    """A photo or short video on the shop's page, in the order the shop chose."""

    __tablename__ = "shop_media"
    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    kind: str = Field(max_length=8)  # photo | video
    url: str = Field(max_length=300)  # public: /_upload/<name>
    content_type: str = Field(max_length=40)
    size_bytes: int
    position: int
    caption: str = Field(default="", max_length=60)
    created_at: datetime = Field(sa_type=UTCDateTime)


class ShopPost(SQLModel, table=True):
    """A post (岗位) a shop names for itself, e.g. 首席发型师, 助理."""

    __tablename__ = "shop_post"
    __table_args__ = (Index("uq_shop_post_name", "merchant_id", "name", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    name: str = Field(max_length=20)


class TechnicianPost(SQLModel, table=True):
    __tablename__ = "technician_post"
    __table_args__ = (Index("uq_technician_post", "technician_id", "post_id", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    post_id: int = Field(foreign_key="shop_post.id", index=True)
