"""Mediation of complaints: the platform's proposals the customer accepts or rejects."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class MediationProposal(SQLModel, table=True):
    """A proposed settlement of a complaint: words and an optional refund (fen). Once accepted,
    `refund_key` names the one refund it made."""

    __tablename__ = "mediation_proposal"
    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True)
    text: str = Field(max_length=500)
    refund_fen: int = 0
    status: str = Field(default="pending", max_length=12)  # pending|accepted|rejected|withdrawn
    proposed_by: int = Field(foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    answered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    refund_key: str | None = Field(default=None, max_length=64)
