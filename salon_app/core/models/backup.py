"""Backups of the database, files and key file, and the drills that restore them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Index
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class Backup(SQLModel, table=True):
    """One encrypted backup object in one location (local disk or S3). A run writes the same
    object to every configured location: one row each, sharing `snapshot` (the run's id), so
    retention and restores work per location. `tables` holds the figures taken at backup time
    ({table: [row count, sha256 of its rows]}) that restores and drills are compared with."""

    __tablename__ = "backup"
    __table_args__ = (Index("ix_backup_location_started", "location", "started_at"),)
    id: int | None = Field(default=None, primary_key=True)
    snapshot: str = Field(max_length=40, index=True)  # e.g. 20261206T060000Z-3f2a9c
    kind: str = Field(max_length=12)  # sqlite | postgresql (the database dumped)
    location: str = Field(max_length=8)  # local | s3
    object_key: str = Field(max_length=200)
    size: int = Field(default=0, sa_type=BigInteger)  # bytes of the encrypted object
    sha256: str = Field(default="", max_length=64)  # of the encrypted object
    status: str = Field(default="running", max_length=12)  # running | done | failed | pruned
    trigger: str = Field(default="schedule", max_length=12)  # schedule | manual | command
    started_at: datetime = Field(sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    pruned_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    error: str = Field(default="", max_length=500)
    tables: dict = Field(default_factory=dict, sa_type=JSON)
    requested_by: int | None = Field(default=None, foreign_key="user.id")


class RestoreDrill(SQLModel, table=True):
    """A scheduled (or asked-for) restore of a backup into a scratch database, compared table
    by table with the figures recorded when the backup was taken."""

    __tablename__ = "restore_drill"
    id: int | None = Field(default=None, primary_key=True)
    backup_id: int | None = Field(default=None, foreign_key="backup.id", index=True)
    status: str = Field(default="running", max_length=12)  # running | passed | failed
    started_at: datetime = Field(sa_type=UTCDateTime, index=True)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    tables_checked: int = 0
    rows_checked: int = 0
    mismatches: list = Field(default_factory=list, sa_type=JSON)  # tables that differ
    error: str = Field(default="", max_length=500)
