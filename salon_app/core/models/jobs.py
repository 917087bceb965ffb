"""Background job runs: one row per (job, period) is the lock that makes a job run once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class JobRun(SQLModel, table=True):
    """Inserted before the job starts; a second insert for the same period is refused."""

    __tablename__ = "job_run"
    __table_args__ = (UniqueConstraint("job", "period", name="uq_job_run_job_period"),)
    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=40)
    period: str = Field(max_length=20)  # "2026-11" (a month), "2026-12-06" (a day) ...
    status: str = Field(max_length=12)  # running | done | failed
    started_at: datetime = Field(sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    error: str = Field(default="", max_length=500)
