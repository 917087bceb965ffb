"""Admin and security-relevant actions, append-only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"
    # The audit page filters by action prefix and by target, newest first (users/audit_log.py).
    __table_args__ = (
        Index("ix_audit_entry_action_at", "action", "at"),
        Index("ix_audit_entry_target", "target_type", "target_id", "at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    actor_user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    action: str = Field(max_length=60)
    target_type: str = Field(default="", max_length=30)
    target_id: int | None = None
    details: dict = Field(default_factory=dict, sa_type=JSON)
    at: datetime = Field(sa_type=UTCDateTime, index=True)
