"""Bringing a backup back: fetch the object, check its sha256, decrypt, unpack, and load the
database into a FRESH target (a SQLite file that does not exist yet, or a PostgreSQL database
that is new or empty: created when missing) and the files into a files folder.

The restored database's figures are then taken again and compared with the manifest's
(the figures recorded when the backup was taken): `Restored.mismatches` lists the tables that
differ, empty when the restore is identical.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from salon_app.core.db import make_engine
from salon_app.core.event_loop import refuse_on_event_loop
from salon_app.core.integrations.backup_storage import BackupStore
from salon_app.core.services.backups.archive import DB_PG, DB_SQLITE, MANIFEST, libpq
from salon_app.core.services.backups.config import pg_tool
from salon_app.core.services.backups.envelope import BackupCorrupt, decrypt_file, sha256_of
from salon_app.core.services.backups.figures import differences, table_figures


class RestoreRefused(Exception):
    """The target is not fresh, or the backup does not match its checksum."""


@dataclass(frozen=True)
class Restored:
    kind: str
    database_url: str
    files: int  # files brought back into the files folder
    tables: int
    rows: int
    mismatches: list[str]  # tables differing from the manifest's figures
    figures: dict[str, list]  # of the restored database


def fetch_verified(store: BackupStore, key: str, sha256: str | None, dest: Path) -> None:
    """Copy the object here and check it against `sha256` (or the `.sha256` object beside it)."""
    store.fetch(key, dest)
    if sha256 is None:
        side = dest.with_name(dest.name + ".sha256")
        store.fetch(key + ".sha256", side)
        sha256 = side.read_text().strip()
    found = sha256_of(dest)
    if found != sha256:
        raise BackupCorrupt(f"checksum mismatch: recorded {sha256[:12]}…, object {found[:12]}…")


def restore_object(
    envelope: Path, key: bytes, target_url: str, files_dir: Path | None, workdir: Path
) -> Restored:
    """Decrypt and unpack `envelope`, load it into `target_url` and `files_dir` (see module)."""
    refuse_on_event_loop("restoring a backup")
    archive = workdir / "archive.tar.gz"
    decrypt_file(envelope, archive, key)
    unpacked = workdir / "unpacked"
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(unpacked, filter="data")
    archive.unlink()
    manifest = json.loads((unpacked / MANIFEST).read_text())
    kind = manifest["kind"]
    if kind == "postgresql":
        _restore_pg(unpacked / DB_PG, target_url)
    else:
        _restore_sqlite(unpacked / DB_SQLITE, target_url)
    files = _restore_files(unpacked, files_dir) if files_dir is not None else 0
    engine = make_engine(target_url)
    try:
        with engine.connect() as conn:
            figures = table_figures(conn)
    finally:
        engine.dispose()
    expected = manifest["tables"]
    return Restored(
        kind,
        target_url,
        files,
        len(figures),
        sum(rows for rows, _ in figures.values()),
        differences(expected, figures),
        figures,
    )


def _restore_sqlite(dump: Path, target_url: str) -> None:
    if not target_url.startswith("sqlite:///"):
        raise RestoreRefused("a SQLite backup restores into a SQLite file (sqlite:///path)")
    path = Path(target_url.removeprefix("sqlite:///"))
    if path.exists() and path.stat().st_size > 0:
        raise RestoreRefused(f"{path} exists: restore into a new file")
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(dump, path)


def _restore_pg(dump: Path, target_url: str) -> None:
    url = make_url(target_url)
    if not url.drivername.startswith("postgresql"):
        raise RestoreRefused("a PostgreSQL backup restores into a PostgreSQL database")
    dsn, env = libpq(url)
    maintenance, _ = libpq(url.set(database="postgres"))
    with psycopg.connect(maintenance, autocommit=True, password=url.password) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(url.database)))
    engine = make_engine(target_url)
    try:
        with engine.connect() as conn:
            if inspect(conn).get_table_names():
                raise RestoreRefused(f"database {url.database} has tables: restore into a new one")
    finally:
        engine.dispose()
    done = subprocess.run(
        [
            pg_tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={dsn}",
            str(dump),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pg_restore failed: {done.stderr[:400]}")


def _restore_files(unpacked: Path, files_dir: Path) -> int:
    """files/<folder>/... into <files_dir>/<folder>/..., and keys/keys.json beside them."""
    count = 0
    source = unpacked / "files"
    if source.is_dir():
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            dest = files_dir / path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
            count += 1
    keys = unpacked / "keys" / "keys.json"
    if keys.is_file():
        files_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(keys, files_dir / "keys.json")
        (files_dir / "keys.json").chmod(0o600)
    return count


def scratch_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="salon-restore-"))
