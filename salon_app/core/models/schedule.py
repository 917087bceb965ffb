"""When and where a technician works: weekly hours, rota shifts and patterns, time off, areas."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Index, UniqueConstraint
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
    """A rota entry (排班) set by the shop for one local date (start == end: a day off).

    kind: "pattern" (generated from a ShiftPattern, replaced when it is regenerated),
    "override" (one day set by hand; wins over the pattern) or "keep" (working time kept for
    one booked order, `order_id`, when a rota edit would have left it outside).
    """

    __table_args__ = (Index("ix_shift_technician_day", "technician_id", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    day: date = Field(index=True)
    start_minute: int
    end_minute: int
    note: str = Field(default="", max_length=200)
    kind: str = Field(
        default="override", max_length=12, sa_column_kwargs={"server_default": "override"}
    )
    order_id: int | None = Field(default=None, foreign_key="orders.id")


class ShiftPattern(SQLModel, table=True):
    """A repeating rota of one technician: a cycle of 1-4 weeks from `starts_on` (week 1 is
    the Monday-to-Sunday week holding it), until `ends_on` or the technician's next pattern.

    slots: [[week (1..cycle_weeks), weekday (0 = Monday), start_minute, end_minute], ...].
    """

    __tablename__ = "shift_pattern"
    __table_args__ = (UniqueConstraint("technician_id", "starts_on"),)
    id: int | None = Field(default=None, primary_key=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    cycle_weeks: int
    starts_on: date
    ends_on: date | None = None
    slots: list[list[int]] = Field(default_factory=list, sa_type=JSON)
    generated_until: date | None = None  # shifts are written up to this local day
    updated_by: int | None = Field(default=None, foreign_key="user.id")
    updated_at: datetime = Field(sa_type=UTCDateTime)


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
