"""Abnormal-order alerts: raised once per (rule, subject) by the monitoring job, then handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class Alert(SQLModel, table=True):
    """One abnormal situation. `subject` names what it is about ("order:12", "complaint:3",
    "shop:2:2026-12-06" ...); the unique (rule, subject) makes raising it twice a no-op."""

    __tablename__ = "alert"
    __table_args__ = (
        UniqueConstraint("rule", "subject", name="uq_alert_rule_subject"),
        Index("ix_alert_status_raised", "status", "raised_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    rule: str = Field(max_length=24)
    subject: str = Field(max_length=80)
    order_id: int | None = Field(default=None, foreign_key="orders.id", index=True)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    technician_id: int | None = Field(default=None, foreign_key="technician.id")
    complaint_id: int | None = Field(default=None, foreign_key="complaint.id")
    details: dict = Field(default_factory=dict, sa_type=JSON)  # the figures the message shows
    since: datetime = Field(sa_type=UTCDateTime)  # when the situation began (paid, due ...)
    raised_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default="open", max_length=16)  # open | acknowledged | resolved
    acknowledged_by: int | None = Field(default=None, foreign_key="user.id")
    acknowledged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolved_by: int | None = Field(default=None, foreign_key="user.id")
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolution: str = Field(default="", max_length=500)
    updated_at: datetime = Field(sa_type=UTCDateTime, index=True)  # the live queue's version


class AlertNote(SQLModel, table=True):
    """What an operator did or wrote about an alert: a note, a call asked for, a re-assignment,
    a refund, the acknowledgement and the resolution."""

    __tablename__ = "alert_note"
    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="alert.id", index=True)
    kind: str = Field(max_length=20)
    text: str = Field(default="", max_length=500)
    author_id: int = Field(foreign_key="user.id")
    at: datetime = Field(sa_type=UTCDateTime)
