"""The backup schedule: one backup per `every_hours` bucket of UTC time (00:00, 06:00, ...
with the default 6), run once across workers by the job lock (core/jobs: the period is the
bucket's start). The worst case between a write and the backup holding it (the RPO) is one
bucket plus the time a backup takes.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from salon_app.core.models import RestoreDrill
from salon_app.core.services.backups.config import BackupConfig
from salon_app.core.services.backups.drills import latest_backup, run_drill
from salon_app.core.services.backups.runs import BackupResult, take_backup

BACKUP_JOB = "backup"


def backup_period(now: datetime, every_hours: int) -> str:
    """The bucket of `now`: "2026-12-06T06" (UTC) for a 6-hour schedule at 07:40 UTC."""
    start = now.replace(hour=now.hour - now.hour % every_hours, minute=0, second=0, microsecond=0)
    return f"{start:%Y-%m-%dT%H}"


def run_backup_job(session: Session, now: datetime) -> BackupResult | None:
    """The scheduled backup (nothing when SALON_BACKUP_SCHEDULE=off)."""
    config = BackupConfig.from_env()
    return take_backup(session, now, "schedule", None, config) if config.scheduled else None


def run_drill_job(session: Session, now: datetime) -> RestoreDrill | None:
    """The daily drill; nothing before the first backup of a new install (its first day) or
    when SALON_BACKUP_SCHEDULE=off."""
    config = BackupConfig.from_env()
    if not config.scheduled or latest_backup(session) is None:
        return None
    return run_drill(session, now, config)
