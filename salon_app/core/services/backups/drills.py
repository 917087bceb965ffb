"""The restore drill: a backup is only proven by restoring it.

Rule: the drill takes the newest finished backup (the S3 copy when there is one: the copy that
survives losing the server), restores it into a scratch database (a temporary SQLite file, or a
new PostgreSQL database on the same server, dropped afterwards) and a scratch files folder,
and compares every table's row count and checksum with the figures recorded when the backup
was taken. Passed when all are equal; failed (with the tables that differ, or the error)
otherwise, and a failure raises an alert at once (rule drill_failed). No backup at all is a
failed drill too.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import case
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Backup, RestoreDrill
from salon_app.core.services import alerts
from salon_app.core.services.backups.archive import kind_of, libpq
from salon_app.core.services.backups.config import BackupConfig
from salon_app.core.services.backups.figures import differences
from salon_app.core.services.backups.runs import restore_backup


def latest_backup(session: Session) -> Backup | None:
    """The newest finished backup, its S3 copy before its local one."""
    return session.exec(
        select(Backup)
        .where(Backup.status == "done")
        .order_by(
            col(Backup.started_at).desc(),
            case((col(Backup.location) == "s3", 0), else_=1),
            col(Backup.id).desc(),
        )
    ).first()


def run_drill(
    session: Session, now: datetime | None = None, config: BackupConfig | None = None
) -> RestoreDrill:
    """Restore the latest backup into scratch and compare it (see the module rule)."""
    at = now or utcnow()
    backup = latest_backup(session)
    drill = RestoreDrill(backup_id=backup.id if backup else None, started_at=at)
    session.add(drill)
    session.commit()
    if backup is None:
        return _done(session, drill, "failed", error="no finished backup to restore")
    scratch = Path(tempfile.mkdtemp(prefix="salon-drill-"))
    target = _scratch_database(session, drill, scratch)
    try:
        restored = restore_backup(backup, target, scratch / "files", config)
        drill.tables_checked = len(restored.figures)
        drill.rows_checked = sum(rows for rows, _ in restored.figures.values())
        drill.mismatches = differences(backup.tables, restored.figures)
        status = "failed" if drill.mismatches else "passed"
        return _done(session, drill, status)
    except Exception as exc:
        return _done(session, drill, "failed", error=repr(exc)[:500])
    finally:
        _drop_scratch(session, target)
        shutil.rmtree(scratch, ignore_errors=True)


def _done(session: Session, drill: RestoreDrill, status: str, error: str = "") -> RestoreDrill:
    drill.status, drill.error, drill.finished_at = status, error, utcnow()
    session.add(drill)
    session.commit()
    if status == "failed":
        alerts.scan(session, utcnow())
    return drill


def _scratch_database(session: Session, drill: RestoreDrill, scratch: Path) -> str:
    engine = session.get_bind()
    if kind_of(engine) == "postgresql":
        name = f"{engine.url.database}_drill_{drill.id}"[:63]
        return engine.url.set(database=name).render_as_string(hide_password=False)
    return f"sqlite:///{scratch / 'drill.db'}"


def _drop_scratch(session: Session, target: str) -> None:
    engine = session.get_bind()
    if kind_of(engine) != "postgresql":
        return
    url = engine.url.set(database="postgres")
    name = target.rsplit("/", 1)[-1].split("?", 1)[0]
    dsn, _ = libpq(url)
    with psycopg.connect(dsn, autocommit=True, password=url.password) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
