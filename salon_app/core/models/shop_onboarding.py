"""Shops joining the platform (入驻申请) and the platform's commission rates on their orders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, text
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class ShopApplication(SQLModel, table=True):
    """A prospective shop's application: pending until an operator approves (a Merchant is
    created, the applicant seated as its owner) or rejects it with a reason."""

    __tablename__ = "shop_application"
    __table_args__ = (
        # One pending application per applicant (a rejected applicant may apply again).
        Index(
            "uq_shop_application_pending",
            "applicant_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    applicant_id: int = Field(foreign_key="user.id", index=True)
    shop_name: str = Field(max_length=60)
    licence_number: str = Field(max_length=30)
    licence_scan: str = Field(max_length=200)  # private storage key (storage.save_private)
    licence_thumb: str = Field(max_length=200)  # the small picture the review table shows
    address: str = Field(max_length=200)  # a shop's address is public, not personal data
    district: str = Field(default="", max_length=20)
    lat: float
    lng: float
    contact_phone: str = Field(max_length=20)
    category_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    intro: str = Field(default="", max_length=2000)
    status: str = Field(default="pending", max_length=16, index=True)  # pending|approved|rejected
    reason: str = Field(default="", max_length=200)  # why it was rejected
    created_at: datetime = Field(sa_type=UTCDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by: int | None = Field(default=None, foreign_key="user.id")
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id")  # once approved


class CommissionRate(SQLModel, table=True):
    """The platform's commission on completed orders, in basis points (1000 = 10%).

    `scope` names what the rate covers, most specific first when an order completes:
    "shop:<id>:category:<id>", "shop:<id>" (the shop's default), "platform" (everyone's
    default; without that row, the setting SALON_PLATFORM_COMMISSION_BP).
    """

    __tablename__ = "commission_rate"
    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=48, unique=True)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    category_id: int | None = Field(default=None, foreign_key="service_category.id")
    rate_bp: int
    updated_by: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime = Field(sa_type=UTCDateTime)
