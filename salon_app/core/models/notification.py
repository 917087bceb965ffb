"""Messages to a user; text is a catalogue key plus parameters, rendered in their locale."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class Notification(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    key: str = Field(max_length=60)
    params: dict = Field(default_factory=dict, sa_type=JSON)
    order_id: int | None = Field(default=None, foreign_key="orders.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
