"""Shops (商家), their staff accounts and announcements."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class Merchant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=60)
    description: str = Field(default="", max_length=2000)
    address: str = Field(max_length=200)  # a shop's address is public, not personal data
    district: str = Field(default="", max_length=20)
    lat: float
    lng: float
    contact_phone: str = Field(max_length=20)
    opening_hours: str = Field(default="", max_length=100)
    commission_bp: int = 2000  # shop's commission in basis points (2000 = 20%)
    timezone: str = Field(default="Asia/Shanghai", max_length=40)
    photo_url: str = Field(default="", max_length=300)
    is_active: bool = True
    created_at: datetime = Field(sa_type=UTCDateTime)


class MerchantStaff(SQLModel, table=True):
    """A merchant-role user works for exactly one shop."""

    __tablename__ = "merchant_staff"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    is_owner: bool = False


class Announcement(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    title: str = Field(max_length=80)
    body: str = Field(max_length=2000)
    published_at: datetime = Field(sa_type=UTCDateTime)
