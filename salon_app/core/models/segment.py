"""Customers' behaviour figures and tags (automatic and manual), and segments: saved rules."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class CustomerFigures(SQLModel, table=True):
    """One row per customer, rewritten by every recompute (services/tags/recompute.py)."""

    __tablename__ = "customer_figures"
    user_id: int = Field(foreign_key="user.id", primary_key=True)
    orders: int = 0  # paid orders (not cancelled or refunded), all time
    orders_365d: int = 0
    spend_fen: int = 0  # what those orders of the last 365 days paid
    first_order_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_order_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    recency_days: int | None = Field(default=None, index=True)  # None: no order yet
    r_band: int = Field(default=0, index=True)  # 1-5, 0 without orders
    f_band: int = Field(default=0, index=True)
    m_band: int = Field(default=0, index=True)
    price_index: int | None = None  # 0-100: where their prices sit in the services' ranges
    favourite_category: str = Field(default="", max_length=30, index=True)  # category slug
    district: str = Field(default="", max_length=20, index=True)
    home_lat: float | None = None  # the last at-home order's place (never the address text)
    home_lng: float | None = None
    computed_at: datetime = Field(sa_type=UTCDateTime)


class UserTag(SQLModel, table=True):
    """A tag on a user: `auto` ones are replaced by each recompute, `manual` ones by operators."""

    __tablename__ = "user_tag"
    __table_args__ = (UniqueConstraint("user_id", "tag", name="uq_user_tag_user_tag"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    tag: str = Field(max_length=40, index=True)  # "dormant", "category:hair", a manual label
    source: str = Field(max_length=8)  # auto | manual
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, foreign_key="user.id")


class Segment(SQLModel, table=True):
    """A saved rule over tags and figures (services/tags/rules.py); campaigns target it."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=30, unique=True)
    rule: list = Field(default_factory=list, sa_type=JSON)  # [{"field", "op", "value"}, ...]
    size_at_save: int = 0
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
