"""`python -m salon_app backup run|list|restore` (services/backups), for operators with a shell.

backup run                      take a backup now (local disk, and S3 when configured)
backup list [--all]             the recorded backups, newest first (pruned ones with --all)
backup restore --id N --to URL [--files DIR]
backup restore --location s3 --key KEY --to URL [--files DIR]
                                into a fresh database (a new SQLite file, or a PostgreSQL
                                database that is new or empty) and files folder; the object's
                                sha256 is checked first (the record's, or the .sha256 object
                                beside it on a machine without the database)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlmodel import Session, col, select

from salon_app.core.db import get_engine, make_engine
from salon_app.core.models import Backup
from salon_app.core.services import backups


def _engine(args: argparse.Namespace):  # noqa: ANN202 - an Engine
    return make_engine(args.database_url) if args.database_url else get_engine()


def _run(args: argparse.Namespace) -> int:
    with Session(_engine(args), expire_on_commit=False) as session:
        result = backups.take_backup(session, trigger="command")
    for location, status in sorted(result.statuses.items()):
        print(f"{result.snapshot} {location}: {status}")
    return 0 if all(s == "done" for s in result.statuses.values()) else 1


def _list(args: argparse.Namespace) -> int:
    with Session(_engine(args)) as session:
        query = select(Backup).order_by(col(Backup.started_at).desc(), col(Backup.id).desc())
        if not args.all:
            query = query.where(Backup.status != "pruned")
        for b in session.exec(query).all():
            print(
                f"{b.id}\t{b.started_at:%Y-%m-%d %H:%M}Z\t{b.location}\t{b.status}\t{b.size}\t"
                f"{b.sha256[:12]}\t{b.object_key}"
            )
    return 0


def _restore(args: argparse.Namespace) -> int:
    files = Path(args.files) if args.files else None
    try:
        if args.id is not None:
            with Session(_engine(args)) as session:
                record = session.get(Backup, args.id)
            if record is None or record.status != "done":
                print(f"no stored backup with id {args.id}", file=sys.stderr)
                return 1
            restored = backups.restore_backup(record, args.to, files)
        elif args.key:
            restored = backups.restore_key(args.location, args.key, args.to, files)
        else:
            print("give --id, or --location and --key", file=sys.stderr)
            return 1
    except (backups.BackupCorrupt, backups.RestoreRefused, FileNotFoundError) as err:
        print(f"restore refused: {err}", file=sys.stderr)
        return 1
    print(
        f"restored {restored.kind} into {restored.database_url}: {restored.tables} tables, "
        f"{restored.rows} rows, {restored.files} files"
    )
    if restored.mismatches:
        print(f"tables differing from the backup: {', '.join(restored.mismatches)}")
        return 1
    return 0


def add_backup_commands(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser("backup", help="backups: run, list, restore")
    sub = backup.add_subparsers(dest="backup_command", required=True)
    run = sub.add_parser("run", help="take a backup now")
    run.set_defaults(run=_run)
    listing = sub.add_parser("list", help="the recorded backups")
    listing.add_argument("--all", action="store_true", help="pruned ones too")
    listing.set_defaults(run=_list)
    restore = sub.add_parser("restore", help="restore into a fresh database and files folder")
    restore.add_argument("--id", type=int, help="a recorded backup")
    restore.add_argument("--location", choices=("local", "s3"), default="local")
    restore.add_argument("--key", help="an object key (no database needed)")
    restore.add_argument("--to", required=True, help="target database URL (must be fresh)")
    restore.add_argument("--files", help="folder for the uploaded files and keys.json")
    restore.set_defaults(run=_restore)
    for parser in (run, listing, restore):
        parser.add_argument("--database-url", help="defaults to the configured DATABASE_URL")
