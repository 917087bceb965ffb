"""Counters of how often something happened per key and time window (rate limits)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class RateCounter(SQLModel, table=True):
    """How many times `bucket` (e.g. "login.address") was hit for `key_hash` (a keyed hash of
    the phone, client address ...; never the plain value) in the window starting at
    `window_start`. One row per (bucket, key, window): counting is an upsert."""

    __tablename__ = "rate_counter"
    bucket: str = Field(primary_key=True, max_length=40)
    key_hash: str = Field(primary_key=True, max_length=64)
    window_start: datetime = Field(primary_key=True, sa_type=UTCDateTime, index=True)
    count: int = 0
