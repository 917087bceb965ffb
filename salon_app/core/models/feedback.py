"""What customers say after a job: reviews (with shop replies) and complaints / after-sales."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class Review(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", unique=True)
    customer_id: int = Field(foreign_key="user.id", index=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    attitude: int  # 1-5 服务态度
    skill: int  # 1-5 技术水平
    effect: int  # 1-5 服务效果
    text: str = Field(default="", max_length=1000)
    photo_urls: list[str] = Field(default_factory=list, sa_type=JSON)
    created_at: datetime = Field(sa_type=UTCDateTime)
    merchant_reply: str = Field(default="", max_length=1000)
    replied_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # first reply
    reply_edited_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ReviewReport(SQLModel, table=True):
    """A shop asks the platform to look at a review; only the platform decides about it."""

    __tablename__ = "review_report"
    __table_args__ = (UniqueConstraint("review_id", "merchant_id"),)
    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    reason: str = Field(max_length=500)
    reported_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default="open", max_length=16)  # open | upheld | dismissed
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by: int | None = Field(default=None, foreign_key="user.id")


class Complaint(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", index=True)
    customer_id: int = Field(foreign_key="user.id", index=True)
    kind: str = Field(max_length=16)  # complaint | after_sales
    reason: str = Field(max_length=1000)
    photo_urls: list[str] = Field(default_factory=list, sa_type=JSON)
    # open | processing | awaiting_customer (mediation) | resolved | rejected
    status: str = Field(default="open", max_length=18)
    resolution: str = Field(default="", max_length=1000)
    created_at: datetime = Field(sa_type=UTCDateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Mediation (services/mediation): the platform answers by due_at; the clock stops while
    # the customer is asked (paused_at) and the pause is added to due_at when they answer.
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    paused_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
