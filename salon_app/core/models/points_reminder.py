"""Reminders that a customer's points expire soon: one per customer and expiry day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class PointsReminder(SQLModel, table=True):
    """The customer was told that `points` expire on `expires_on` (a local date); the unique
    (user, day) makes the daily job's reminder happen once, also on two workers."""

    __tablename__ = "points_reminder"
    __table_args__ = (
        UniqueConstraint("user_id", "expires_on", name="uq_points_reminder_user_day"),
    )
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    expires_on: date
    points: int
    sent_at: datetime = Field(sa_type=UTCDateTime)
