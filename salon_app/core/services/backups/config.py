"""Backup settings (SALON_BACKUP_*) and the backup key, which is NOT the field key.

The backup key (32 random bytes, AES-256-GCM) comes from SALON_BACKUP_KEY (base64) or the file
SALON_BACKUP_KEY_FILE (default `<instance>/backup.key`, 0600, generated on first use). It is
never written into a backup: the backups carry the field key file (keys.json), so one key
must be kept apart from them, in the operators' safe. Losing it makes every backup unreadable.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from salon_app.core.integrations.backup_storage import BackupStore, LocalStore, S3Store
from salon_app.core.settings import get_settings

KEY_BYTES = 32
PG_ROOT = Path("/usr/lib/postgresql")


@dataclass(frozen=True)
class BackupConfig:
    folder: Path  # local backups (SALON_BACKUP_DIR)
    every_hours: int  # a backup per this many hours: the RPO of the schedule
    keep_daily: int
    keep_weekly: int
    keep_monthly: int
    s3_endpoint: str  # "" = AWS's; unset bucket = no S3 copy
    s3_bucket: str
    s3_access_key: str
    s3_secret_key: str
    s3_region: str
    key_file: Path
    scheduled: bool = True  # SALON_BACKUP_SCHEDULE=off stops the scheduled backups and drills
    prefix: str = "salon"  # object keys start with it: "salon/2026/12/06/..."

    @classmethod
    def from_env(cls) -> BackupConfig:
        instance = get_settings().instance_dir
        env = os.environ.get
        return cls(
            folder=Path(env("SALON_BACKUP_DIR", instance / "backups")),
            every_hours=max(1, int(env("SALON_BACKUP_EVERY_HOURS", 6))),
            keep_daily=int(env("SALON_BACKUP_KEEP_DAILY", 7)),
            keep_weekly=int(env("SALON_BACKUP_KEEP_WEEKLY", 4)),
            keep_monthly=int(env("SALON_BACKUP_KEEP_MONTHLY", 6)),
            s3_endpoint=env("SALON_BACKUP_S3_ENDPOINT", ""),
            s3_bucket=env("SALON_BACKUP_S3_BUCKET", ""),
            s3_access_key=env("SALON_BACKUP_S3_ACCESS_KEY", ""),
            s3_secret_key=env("SALON_BACKUP_S3_SECRET_KEY", ""),
            s3_region=env("SALON_BACKUP_S3_REGION", "us-east-1"),
            key_file=Path(env("SALON_BACKUP_KEY_FILE", instance / "backup.key")),
            scheduled=env("SALON_BACKUP_SCHEDULE", "on") != "off",
        )

    def stores(self) -> list[BackupStore]:
        """Local disk always; S3 when a bucket is set."""
        stores: list[BackupStore] = [LocalStore(self.folder)]
        if self.s3_bucket:
            stores.append(
                S3Store(
                    self.s3_endpoint,
                    self.s3_bucket,
                    self.s3_access_key,
                    self.s3_secret_key,
                    self.s3_region,
                )
            )
        return stores

    def store(self, location: str) -> BackupStore:
        for store in self.stores():
            if store.name == location:
                return store
        raise LookupError(f"backup location {location!r} is not configured")


def backup_key(config: BackupConfig) -> bytes:
    """The AES-256 key of the backups (see the module docstring)."""
    from_env = os.environ.get("SALON_BACKUP_KEY")
    if from_env:
        key = base64.b64decode(from_env)
    else:
        path = config.key_file
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            try:  # O_EXCL: two workers starting together must not write two keys
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as f:
                    f.write(base64.b64encode(os.urandom(KEY_BYTES)).decode())
            except FileExistsError:
                pass
        key = base64.b64decode(path.read_text().strip())
    if len(key) != KEY_BYTES:
        raise RuntimeError("the backup key must be 32 bytes (base64)")
    return key


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: SALON_PG_BIN_DIR, else the newest /usr/lib/postgresql/*/bin,
    else PATH (the client must not be older than the server)."""
    configured = os.environ.get("SALON_PG_BIN_DIR")
    if configured:
        return str(Path(configured) / name)
    versions = [p for p in PG_ROOT.glob("*/bin") if (p / name).is_file()]
    versions.sort(key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)] or [0])
    if versions:
        return str(versions[-1] / name)
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} not found (install postgresql-client or set SALON_PG_BIN_DIR)")
    return found
