"""When and where a technician works: weekly hours, rota shifts, time off, service areas."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class WorkingHours(SQLModel, table=True):
    """A weekly range in the shop's local time; minutes after midnight."""

    __tablename__ = "working_hours"
    id: int | None = Field(default=None, primary_key=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    weekday: int  # 0 = Monday
    start_minute: int
    end_minute: int


class Shift(SQLModel, table=True):
    """A rota entry (排班) set by the shop for one local date."""

    id: int | None = Field(default=None, primary_key=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    day: date = Field(index=True)
    start_minute: int
    end_minute: int
    note: str = Field(default="", max_length=200)


class TimeOff(SQLModel, table=True):
    __tablename__ = "time_off"
    id: int | None = Field(default=None, primary_key=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    reason: str = Field(default="", max_length=200)


class ServiceArea(SQLModel, table=True):
    """A circle the technician travels to for at-home services."""

    __tablename__ = "service_area"
    id: int | None = Field(default=None, primary_key=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    label: str = Field(default="", max_length=100)
    center_lat: float = Field(index=True)
    center_lng: float
    radius_km: float
