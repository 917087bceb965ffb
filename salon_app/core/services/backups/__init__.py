"""Backups: encrypted online backups of the database (SQLite or PostgreSQL), the uploaded files
and the field key file, to local disk and S3; retention; restores; the restore drill.

archive.py (the online snapshot and its figures), envelope.py (AES-GCM in chunks), figures.py
(row counts and checksums per table), retention.py (grandfather-father-son), runs.py (take,
store, prune, restore a recorded backup), drills.py (restore the latest into scratch and
compare), views.py (the backups page: manage_backups), jobs.py (the schedule's periods).
"""

from __future__ import annotations

from salon_app.core.services.backups.config import BackupConfig, backup_key
from salon_app.core.services.backups.drills import latest_backup, run_drill
from salon_app.core.services.backups.envelope import BackupCorrupt
from salon_app.core.services.backups.jobs import (
    BACKUP_JOB,
    backup_period,
    run_backup_job,
    run_drill_job,
)
from salon_app.core.services.backups.restore import Restored, RestoreRefused
from salon_app.core.services.backups.runs import (
    BackupResult,
    prune,
    restore_backup,
    restore_key,
    take_backup,
)
from salon_app.core.services.backups.views import (
    SORTABLE,
    BackupOverview,
    BackupRow,
    DrillRow,
    TableCheck,
    back_up_now,
    backup_table,
    drill_checks,
    drill_now,
    overview,
    recent_drills,
    table_query,
)

__all__ = [
    "BACKUP_JOB",
    "SORTABLE",
    "BackupConfig",
    "BackupCorrupt",
    "BackupOverview",
    "BackupResult",
    "BackupRow",
    "DrillRow",
    "RestoreRefused",
    "Restored",
    "TableCheck",
    "back_up_now",
    "backup_key",
    "backup_period",
    "backup_table",
    "drill_checks",
    "drill_now",
    "latest_backup",
    "overview",
    "prune",
    "recent_drills",
    "restore_backup",
    "restore_key",
    "run_backup_job",
    "run_drill",
    "run_drill_job",
    "table_query",
    "take_backup",
]
