"""The interface of a backup location: put a file under a key, fetch it back, delete it."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol


class BackupStore(Protocol):
    name: str  # "local" | "s3": Backup.location

    def put(self, key: str, source: Path) -> None:
        """Store `source` under `key` (replacing nothing: keys are unique per backup)."""

    def fetch(self, key: str, dest: Path) -> None:
        """Copy the object `key` to `dest`; FileNotFoundError when it is not there."""

    def delete(self, key: str) -> None:
        """Remove the object; no error when it is already gone."""

    def list_keys(self, prefix: str = "") -> list[str]:
        """The keys held under `prefix`, sorted."""
