"""What the backups page shows and does, for operators holding manage_backups (super admins).

Rules: every function checks manage_backups first. "Back up now" is audited and limited to
MANUAL_LIMIT per hour (a backup is seconds to minutes of disk and CPU; a double click or an
impatient operator must not stack them); the schedule goes on regardless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Backup, RestoreDrill
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services import audit, rate_limits
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.backups.config import BackupConfig
from salon_app.core.services.backups.drills import latest_backup, run_drill
from salon_app.core.services.backups.runs import BackupResult, take_backup

SORTABLE = ("started_at", "size", "status", "location")
MANUAL_LIMIT = rate_limits.Limit("backup.manual", 3, timedelta(hours=1))
DRILL_LIMIT = rate_limits.Limit("backup.drill", 3, timedelta(hours=1))


@dataclass(frozen=True)
class BackupRow:
    id: int
    snapshot: str
    kind: str
    location: str
    object_key: str
    size: int
    sha256: str
    status: str
    trigger: str
    started_at: datetime
    finished_at: datetime | None
    error: str
    tables: int
    rows: int


@dataclass(frozen=True)
class DrillRow:
    id: int
    backup_id: int | None
    status: str
    started_at: datetime
    finished_at: datetime | None
    tables_checked: int
    rows_checked: int
    mismatches: list[str]
    error: str


@dataclass(frozen=True)
class TableCheck:
    """One table of a drill: the figures recorded at backup time, and whether the restore
    brought back the same (a passed drill matched every table)."""

    table: str
    rows: int
    sha256: str
    same: bool


@dataclass(frozen=True)
class BackupOverview:
    every_hours: int  # the schedule, and so the worst-case data loss (RPO)
    last_done_at: datetime | None
    last_status: str  # of the newest backup row, "" when none
    kept: int  # objects held now (all locations)
    kept_bytes: int
    last_drill_status: str  # passed | failed | "" (never)
    last_drill_at: datetime | None
    locations: list[str]
    sizes: list[tuple[datetime, int]]  # (started, bytes) of the last 30 finished local backups


def table_query(search: object, sort: object, descending: object, page: object) -> TableQuery:
    return TableQuery.of(SORTABLE, search=search, sort=sort, descending=descending, page=page)


def backup_table(session: Session, actor: Actor | None, query: TableQuery) -> Page[BackupRow]:
    """One page of backup records, newest first unless sorted; searched by object key,
    snapshot, status or location."""
    require_admin(session, actor, Permission.manage_backups)
    return paginate(
        session,
        select(Backup),
        query if query.sort else TableQuery(query.search, "started_at", True, query.page),
        sort_columns={
            "started_at": col(Backup.started_at),
            "size": col(Backup.size),
            "status": col(Backup.status),
            "location": col(Backup.location),
        },
        tie_breaker=col(Backup.id),
        search_columns=(
            col(Backup.object_key),
            col(Backup.snapshot),
            col(Backup.status),
            col(Backup.location),
        ),
        row=lambda r: _backup_row(r[0]),
    )


def _backup_row(b: Backup) -> BackupRow:
    return BackupRow(
        b.id, b.snapshot, b.kind, b.location, b.object_key, b.size, b.sha256, b.status,
        b.trigger, b.started_at, b.finished_at, b.error, len(b.tables),
        sum(figures[0] for figures in b.tables.values()),
    )  # fmt: skip


def recent_drills(session: Session, actor: Actor | None, limit: int = 30) -> list[DrillRow]:
    """The last `limit` restore drills, newest first."""
    require_admin(session, actor, Permission.manage_backups)
    rows = session.exec(
        select(RestoreDrill)
        .order_by(col(RestoreDrill.started_at).desc(), col(RestoreDrill.id).desc())
        .limit(limit)
    ).all()
    return [
        DrillRow(d.id, d.backup_id, d.status, d.started_at, d.finished_at,
                 d.tables_checked, d.rows_checked, list(d.mismatches), d.error)
        for d in rows
    ]  # fmt: skip


def drill_checks(session: Session, actor: Actor | None, drill_id: int) -> list[TableCheck]:
    """The per-table comparison of one drill, by table name: each table's recorded row count
    and checksum, and whether the restored copy matched it. Empty for a drill that restored
    nothing (no backup, or it failed before comparing)."""
    require_admin(session, actor, Permission.manage_backups)
    drill = session.get(RestoreDrill, drill_id)
    if drill is None:
        raise DomainError("backup.no_such_drill")
    backup = session.get(Backup, drill.backup_id) if drill.backup_id else None
    if backup is None or drill.status == "running" or drill.tables_checked == 0:
        return []
    differing = set(drill.mismatches)
    names = sorted(set(backup.tables) | differing)
    return [
        TableCheck(name, *(backup.tables.get(name) or [0, ""]), name not in differing)
        for name in names
    ]


def overview(
    session: Session, actor: Actor | None, config: BackupConfig | None = None
) -> BackupOverview:
    """The figures above the tables: schedule, last backup and drill, what is kept."""
    require_admin(session, actor, Permission.manage_backups)
    config = config or BackupConfig.from_env()
    newest = session.exec(
        select(Backup).order_by(col(Backup.started_at).desc(), col(Backup.id).desc())
    ).first()
    last_done = session.exec(
        select(func.max(Backup.finished_at)).where(Backup.status == "done")
    ).one()
    kept, kept_bytes = session.exec(
        select(func.count(Backup.id), func.coalesce(func.sum(Backup.size), 0)).where(
            Backup.status == "done"
        )
    ).one()
    drill = session.exec(
        select(RestoreDrill)
        .where(RestoreDrill.status != "running")
        .order_by(col(RestoreDrill.started_at).desc(), col(RestoreDrill.id).desc())
    ).first()
    sizes = session.exec(
        select(Backup.started_at, Backup.size)
        .where(Backup.status.in_(("done", "pruned")), Backup.location == "local")
        .order_by(col(Backup.started_at).desc(), col(Backup.id).desc())
        .limit(30)
    ).all()
    return BackupOverview(
        config.every_hours,
        last_done,
        newest.status if newest else "",
        kept,
        int(kept_bytes),
        drill.status if drill else "",
        drill.started_at if drill else None,
        [s.name for s in config.stores()],
        [(at, size) for at, size in reversed(sizes)],
    )


def back_up_now(
    session: Session, actor: Actor | None, config: BackupConfig | None = None
) -> BackupResult:
    """Take a backup now, on an operator's request (audited; MANUAL_LIMIT per hour)."""
    actor = require_admin(session, actor, Permission.manage_backups)
    now = utcnow()
    _take(session, MANUAL_LIMIT, actor, now)
    audit.record(session, actor, "backup.run", "backup")
    session.commit()
    return take_backup(session, now, "manual", actor.user_id, config)


def drill_now(
    session: Session, actor: Actor | None, config: BackupConfig | None = None
) -> DrillRow:
    """Run a restore drill now (audited; DRILL_LIMIT per hour); refused without a backup."""
    actor = require_admin(session, actor, Permission.manage_backups)
    now = utcnow()
    _take(session, DRILL_LIMIT, actor, now)
    if latest_backup(session) is None:
        raise DomainError("backup.none_to_drill")
    audit.record(session, actor, "backup.drill", "backup")
    session.commit()
    d = run_drill(session, now, config)
    return DrillRow(d.id, d.backup_id, d.status, d.started_at, d.finished_at,
                    d.tables_checked, d.rows_checked, list(d.mismatches), d.error)  # fmt: skip


def _take(session: Session, limit: rate_limits.Limit, actor: Actor, now: datetime) -> None:
    verdict = rate_limits.take(session, limit, actor.user_id, now)
    if not verdict.allowed:
        session.commit()
        minutes = max(1, int(verdict.retry_after.total_seconds() // 60))
        raise DomainError("backup.too_many", minutes=minutes)
