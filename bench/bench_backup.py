"""backup_sqlite / restore_sqlite: a full backup of the 1M-order city and its restore.

backup_sqlite: `services.backups.take_backup` on the bulk city (10k technicians, 1M orders;
BENCH_BACKUP_ORDERS picks a smaller one): the online snapshot (sqlite3 backup API), the
per-table row counts and checksums, the tar.gz with the files and the key file, AES-GCM in
chunks, the sha256 and the copy to the local backup folder, recorded. restore_sqlite:
`restore_backup` of that record into a fresh SQLite file: fetch and check the sha256, decrypt,
unpack, copy in, and the per-table figures again (what the restore compares). Each run is timed
whole; size_mib is the encrypted object, db_mib the database backed up.

The cached bench file is shared between worktrees and at whatever schema built it: it is only
read here. The bench backs up a copy of it in a temporary folder (the two backup tables are
created on the copy), with a throwaway backup key and no S3, so nothing under bench/data is
written. BENCH_BACKUP_RUNS (default 3) runs of each.
"""

from __future__ import annotations

import base64
import os
import shutil
import tempfile
import time
from pathlib import Path

from bench import dataset  # first: sets the instance dir before app imports

os.environ["SALON_BACKUP_KEY"] = base64.b64encode(os.urandom(32)).decode()
os.environ["SALON_BACKUP_S3_BUCKET"] = ""  # local disk only: the S3 upload is network time

from sqlmodel import Session, func, select

from bench.measure import summarize
from salon_app.core.db import make_engine
from salon_app.core.models import Backup, Order, RestoreDrill
from salon_app.core.services import backups

MIB = 1024 * 1024


def _source(orders: int) -> Path:
    """The cached bulk city, built by bench/dataset.py only when there is none (an existing
    file is not migrated here: other worktrees share it)."""
    technicians = max(50, orders // 100)
    db = dataset.DATA / f"bulk_{technicians}t_{orders}o.db"
    if not db.exists():
        dataset.bulk_sqlite(technicians, orders)
    return db


def run() -> dict[str, dict]:
    orders = int(os.environ.get("BENCH_BACKUP_ORDERS", 1_000_000))
    runs = int(os.environ.get("BENCH_BACKUP_RUNS", 3))
    source = _source(orders)
    work = Path(tempfile.mkdtemp(prefix="bench-backup-"))
    os.environ["SALON_BACKUP_DIR"] = str(work / "backups")
    try:
        city = work / "city.db"
        shutil.copyfile(source, city)
        engine = make_engine(f"sqlite:///{city}")
        for table in (Backup.__table__, RestoreDrill.__table__):
            table.create(engine, checkfirst=True)
        config = backups.BackupConfig.from_env()
        backup_ms, restore_ms, sizes = [], [], []
        with Session(engine, expire_on_commit=False) as s:
            counted = s.exec(select(func.count(Order.id))).one()
            for i in range(runs):
                started = time.perf_counter()
                result = backups.take_backup(s, trigger="command", config=config)
                backup_ms.append((time.perf_counter() - started) * 1000)
                record = s.get(Backup, result.ids[0])
                assert record is not None and record.status == "done", record
                sizes.append(record.size)
                target = work / f"restored-{i}.db"
                started = time.perf_counter()
                restored = backups.restore_backup(
                    record, f"sqlite:///{target}", work / f"files-{i}", config
                )
                restore_ms.append((time.perf_counter() - started) * 1000)
                assert restored.figures == record.tables, "restored copy differs"
                target.unlink()
                shutil.rmtree(work / f"files-{i}", ignore_errors=True)
                print(
                    f"  run {i + 1}: backup {backup_ms[-1] / 1000:.1f} s, "
                    f"restore {restore_ms[-1] / 1000:.1f} s, {record.size / MIB:.0f} MiB",
                    flush=True,
                )
        engine.dispose()
        db_mib = round(city.stat().st_size / MIB, 1)
        size_mib = round(max(sizes) / MIB, 1)
        common = {"size_mib": size_mib, "db_mib": db_mib, "orders": counted}
        return {
            "backup_sqlite": {**summarize(backup_ms), **common},
            "restore_sqlite": {**summarize(restore_ms), **common},
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
