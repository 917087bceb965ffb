"""The gallery of a service: its pictures after the cover, in the order operators chose."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class ServicePicture(SQLModel, table=True):
    __tablename__ = "service_picture"
    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    position: int = 0  # shown by (position, id); moves renumber the service's pictures 0..n-1
    url: str = Field(max_length=300)  # large
    thumb_url: str = Field(max_length=300)
    created_at: datetime = Field(sa_type=UTCDateTime)
