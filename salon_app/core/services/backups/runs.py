"""Taking a backup, storing it everywhere, pruning, and restoring one by its record.

Rule: one run = one snapshot (archive.py) encrypted once, stored in every configured location
(local disk, S3), each copy a Backup row: `running` before the work starts, then `done` with
size and sha256 (of the encrypted object) or `failed` with the error. A failure raises an alert
at once (the alert scan, rule backup_failed). After a run, each location is pruned by the
retention rule (retention.py). A `.sha256` object beside each backup lets a fresh machine
check an object before it has any database.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.event_loop import refuse_on_event_loop
from salon_app.core.integrations.backup_storage import BackupStore
from salon_app.core.models import Backup
from salon_app.core.services import alerts
from salon_app.core.services.backups import archive
from salon_app.core.services.backups.config import BackupConfig, backup_key
from salon_app.core.services.backups.envelope import encrypt_file
from salon_app.core.services.backups.restore import Restored, fetch_verified, restore_object
from salon_app.core.services.backups.retention import to_keep

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupResult:
    snapshot: str
    ids: list[int]  # the Backup rows, one per location
    statuses: dict[str, str]  # location -> done | failed


def object_key(config: BackupConfig, snapshot: str, kind: str, at: datetime) -> str:
    return f"{config.prefix}/{at:%Y/%m/%d}/salon-{snapshot}.{kind}.bk"


def take_backup(
    session: Session,
    now: datetime | None = None,
    trigger: str = "schedule",
    requested_by: int | None = None,
    config: BackupConfig | None = None,
) -> BackupResult:
    """Back up the session's database, files and key file now (see the module rule)."""
    refuse_on_event_loop("backup")
    config = config or BackupConfig.from_env()
    at = now or utcnow()
    engine: Engine = session.get_bind()
    kind = archive.kind_of(engine)
    snapshot = f"{at:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
    key = object_key(config, snapshot, kind, at)
    stores = config.stores()
    rows = [_row(snapshot, kind, s.name, key, trigger, at, requested_by) for s in stores]
    session.add_all(rows)
    session.commit()
    by_location = {r.location: r for r in rows}
    workdir = Path(tempfile.mkdtemp(prefix="salon-backup-"))
    try:
        snap = archive.snapshot_database(engine, workdir)
        archive.write_archive(snap, workdir / "archive.tar.gz", at.isoformat())
        (workdir / snap.path.name).unlink()
        envelope = workdir / "backup.bk"
        digest = encrypt_file(workdir / "archive.tar.gz", envelope, backup_key(config))
        (workdir / "archive.tar.gz").unlink()
        side = workdir / "backup.bk.sha256"
        side.write_text(digest + "\n")
        for store in stores:
            _store_one(session, store, by_location[store.name], key, envelope, side, digest, snap)
    except Exception as exc:
        for row in rows:
            if row.status == "running":
                _finish(session, row, "failed", error=repr(exc)[:500])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if any(r.status == "failed" for r in rows):
        alerts.scan(session, utcnow())
    prune(session, config)
    return BackupResult(snapshot, [r.id for r in rows], {r.location: r.status for r in rows})


def _row(
    snapshot: str,
    kind: str,
    location: str,
    key: str,
    trigger: str,
    at: datetime,
    requested_by: int | None,
) -> Backup:
    return Backup(
        snapshot=snapshot,
        kind=kind,
        location=location,
        object_key=key,
        trigger=trigger,
        started_at=at,
        requested_by=requested_by,
        status="running",
    )


def _store_one(
    session: Session,
    store: BackupStore,
    row: Backup,
    key: str,
    envelope: Path,
    side: Path,
    digest: str,
    snap: archive.Snapshot,
) -> None:
    try:
        store.put(key, envelope)
        store.put(key + ".sha256", side)
    except Exception as exc:
        _finish(session, row, "failed", error=repr(exc)[:500])
        return
    row.tables = snap.figures
    _finish(session, row, "done", size=envelope.stat().st_size, sha256=digest)


def _finish(session: Session, row: Backup, status: str, **values: object) -> None:
    row.status = status
    row.finished_at = utcnow()
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    session.commit()


def prune(session: Session, config: BackupConfig | None = None) -> list[int]:
    """Delete what the retention rule does not keep, per location; returns the pruned ids."""
    config = config or BackupConfig.from_env()
    pruned: list[int] = []
    for store in config.stores():
        try:
            pruned += _prune_location(session, store, config)
        except Exception:  # a location that is down is pruned on a later run
            session.rollback()
            log.exception("pruning backups in %s failed", store.name)
    return pruned


def _prune_location(session: Session, store: BackupStore, config: BackupConfig) -> list[int]:
    pruned: list[int] = []
    done = session.exec(
        select(Backup)
        .where(Backup.location == store.name, Backup.status == "done")
        .order_by(col(Backup.started_at).desc(), col(Backup.id).desc())
    ).all()
    keep = to_keep(
        [(b.id, b.started_at) for b in done],
        config.keep_daily,
        config.keep_weekly,
        config.keep_monthly,
    )
    for backup in done:
        if backup.id in keep:
            continue
        store.delete(backup.object_key)
        store.delete(backup.object_key + ".sha256")
        backup.status, backup.pruned_at = "pruned", utcnow()
        session.add(backup)
        pruned.append(backup.id)
    session.commit()
    return pruned


def restore_backup(
    backup: Backup,
    target_url: str,
    files_dir: Path | None,
    config: BackupConfig | None = None,
) -> Restored:
    """Restore a recorded backup into a fresh database and files folder, checking its sha256."""
    config = config or BackupConfig.from_env()
    workdir = Path(tempfile.mkdtemp(prefix="salon-restore-"))
    try:
        envelope = workdir / "backup.bk"
        fetch_verified(config.store(backup.location), backup.object_key, backup.sha256, envelope)
        return restore_object(envelope, backup_key(config), target_url, files_dir, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def restore_key(
    location: str,
    key: str,
    target_url: str,
    files_dir: Path | None,
    config: BackupConfig | None = None,
) -> Restored:
    """Restore an object by its key alone (a fresh machine: no record; the `.sha256` beside it
    is the checksum)."""
    config = config or BackupConfig.from_env()
    workdir = Path(tempfile.mkdtemp(prefix="salon-restore-"))
    try:
        envelope = workdir / "backup.bk"
        fetch_verified(config.store(location), key, None, envelope)
        return restore_object(envelope, backup_key(config), target_url, files_dir, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
