"""Private files that are not pictures (lesson videos, course materials): stored outside every
served folder under `<instance_dir>/private/<folder>/<random>.<suffix>` (0600, folders 0700),
written chunk by chunk and given up past a size limit, and read back only through a route
whose service checked who is asking (the path is handed to Starlette's FileResponse, which
answers range requests).
"""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

from salon_app.core.errors import DomainError
from salon_app.core.integrations.storage.files import open_private, private_dir, private_target

SUFFIXES = ("mp4", "webm", "pdf")
_KEY = re.compile(r"^[a-z_]+/[0-9a-f]{32}\.(mp4|webm|pdf)$")


def save_private_stream(
    first: bytes, rest: Iterable[bytes], folder: str, suffix: str, max_bytes: int
) -> tuple[str, int]:
    """Store an upload already recognised by its first bytes; returns (key, size). Over
    `max_bytes` it stops reading, removes what it wrote and refuses (upload.file_too_large)."""
    key = f"{folder}/{secrets.token_hex(16)}.{suffix}"
    if not _KEY.match(key):
        raise ValueError(f"bad private file: {folder!r} {suffix!r}")
    path = private_target(key)
    tmp = path.with_suffix(".part")
    size = 0
    try:
        with open_private(tmp) as out:
            for chunk in itertools.chain([first], rest):
                size += len(chunk)
                if size > max_bytes:
                    raise DomainError("upload.file_too_large", mb=max_bytes // (1024 * 1024))
                out.write(chunk)
        tmp.replace(path)  # readers never see half a file
    finally:
        tmp.unlink(missing_ok=True)
    return key, size


def private_file_path(key: str) -> Path | None:
    """The file stored under `key`, or None. Callers check permission first."""
    if not _KEY.match(key or ""):
        return None
    path = private_dir() / key
    return path if path.is_file() else None


def delete_private_file(key: str) -> None:
    if (path := private_file_path(key)) is not None:
        path.unlink(missing_ok=True)
