"""Making the backup archive, online: the app keeps serving while it is taken.

SQLite: the backup API (sqlite3 Connection.backup) copies the database from one read
transaction; in WAL mode writers go on meanwhile, and the copy is the database as of that
transaction. PostgreSQL: a REPEATABLE READ transaction exports its snapshot and `pg_dump
--format=custom --snapshot=...` dumps exactly that snapshot while the same transaction counts
and checksums every table, so the recorded figures describe what was dumped.

The archive (tar, gzip) holds database.sqlite or database.pgdump, manifest.json (kind, figures,
files), the uploaded files (files/public, files/private, files/pictures) and the field key file
(keys/keys.json). It is then encrypted (envelope.py) with the backup key.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL

from salon_app.core.db import make_engine
from salon_app.core.integrations.storage import pictures_dir, private_dir, public_dir
from salon_app.core.services.backups.config import pg_tool
from salon_app.core.services.backups.figures import Figures, table_figures
from salon_app.core.settings import get_settings

DB_SQLITE = "database.sqlite"
DB_PG = "database.pgdump"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Snapshot:
    kind: str  # sqlite | postgresql
    path: Path  # the database copy or dump
    figures: Figures


def kind_of(engine: Engine) -> str:
    return "postgresql" if engine.dialect.name == "postgresql" else "sqlite"


def libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string for pg_dump/pg_restore and the environment with the password
    (kept off the command line, where `ps` shows it)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def snapshot_database(engine: Engine, workdir: Path) -> Snapshot:
    """A consistent copy of the live database and its figures (see the module rule)."""
    if kind_of(engine) == "postgresql":
        return _pg_snapshot(engine, workdir / DB_PG)
    source = engine.url.database
    dest = workdir / DB_SQLITE
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(dest)
    try:
        src.backup(dst)  # one step: one read transaction, writers go on (WAL)
    finally:
        dst.close()
        src.close()
    copy = make_engine(f"sqlite:///{dest}")
    try:
        with copy.connect() as conn:
            figures = table_figures(conn)
    finally:
        copy.dispose()
    return Snapshot("sqlite", dest, figures)


def _pg_snapshot(engine: Engine, dest: Path) -> Snapshot:
    dsn, env = libpq(engine.url)
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot_id = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            dump = subprocess.Popen(
                [
                    pg_tool("pg_dump"),
                    "--format=custom",
                    "--compress=0",  # the archive is gzipped once, as a whole
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot_id}",
                    f"--file={dest}",
                    f"--dbname={dsn}",
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            try:
                figures = table_figures(conn)
            finally:
                _, err = dump.communicate()
    if dump.returncode != 0:
        raise RuntimeError(f"pg_dump failed: {err.decode(errors='replace')[:400]}")
    return Snapshot("postgresql", dest, figures)


def file_folders() -> dict[str, Path]:
    """The folders of uploaded files, by their name in the archive."""
    return {"public": public_dir(), "private": private_dir(), "pictures": pictures_dir()}


def write_archive(snap: Snapshot, dest: Path, taken_at: str) -> int:
    """The tar.gz of the snapshot, files and key file; returns how many files it holds."""
    keys = get_settings().instance_dir / "keys.json"
    files = 0
    with tarfile.open(dest, "w:gz", compresslevel=6) as tar:
        tar.add(snap.path, arcname=snap.path.name)
        for name, folder in file_folders().items():
            if folder.is_dir():
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    tar.add(path, arcname=f"files/{name}/{path.relative_to(folder).as_posix()}")
                    files += 1
        if keys.is_file():
            tar.add(keys, arcname="keys/keys.json")
        manifest = json.dumps(
            {"kind": snap.kind, "taken_at": taken_at, "files": files, "tables": snap.figures}
        ).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    return files
