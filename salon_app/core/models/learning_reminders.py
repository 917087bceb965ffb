"""Reminders sent before a course certificate expires (30 and 7 days before, each once)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class CourseCertificateReminder(SQLModel, table=True):
    """One reminder per course certificate and threshold (a renewal is a new certificate)."""

    __tablename__ = "course_certificate_reminder"
    __table_args__ = (
        UniqueConstraint(
            "course_certificate_id", "days_before", name="uq_course_certificate_reminder"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    course_certificate_id: int = Field(foreign_key="course_certificate.id", index=True)
    days_before: int  # 30 or 7
    sent_at: datetime = Field(sa_type=UTCDateTime)
