"""Where prepared images live on disk: a public folder Reflex serves, and a private one.

Public files go to Reflex's upload folder (REFLEX_UPLOADED_FILES_DIR, default
`<project>/uploaded_files`, as Reflex itself uses) and are served at /_upload/<name>.
Private files (certificate scans) go to `<instance_dir>/private/`, which nothing serves: they
are read back only through a service that checks who is asking. They are written 0600 in
folders 0700 (public files keep the usual 0644: the web server reads them).
Names are random, so a URL cannot be guessed from another one. Public files are JPEGs we
encoded ourselves, or videos whose first bytes were checked (save_public_stream).
"""

from __future__ import annotations

import itertools
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from salon_app.core.errors import DomainError
from salon_app.core.settings import PROJECT_DIR, get_settings

PUBLIC_URL_PREFIX = "/_upload/"
_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|mp4|webm)$")
CHUNK = 1024 * 1024
_PRIVATE_KEY = re.compile(r"^[a-z_]+/[0-9a-f]{32}\.jpg$")


def public_dir() -> Path:
    """Reflex's upload folder; read on each call so tests and deployments can move it."""
    configured = os.environ.get("REFLEX_UPLOADED_FILES_DIR")
    folder = Path(configured) if configured else PROJECT_DIR / "uploaded_files"
    return folder.resolve()


def private_dir() -> Path:
    return (get_settings().instance_dir / "private").resolve()


def _new_name() -> str:
    return f"{secrets.token_hex(16)}.jpg"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    tmp.write_bytes(data)
    tmp.replace(path)  # readers never see half a file


PRIVATE_FILE_MODE = 0o600  # private files: only the app's own user reads them ...
PRIVATE_DIR_MODE = 0o700  # ... or lists their folders, whatever the umask


def private_target(key: str) -> Path:
    """Where the private file `key` ("<folder>/<name>") goes, its folders made 0700 first."""
    root = private_dir()
    for folder in (root, *(root / parent for parent in reversed(Path(key).parents[:-1]))):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(PRIVATE_DIR_MODE)
    return root / key


def open_private(tmp: Path) -> BinaryIO:
    """A new file open for writing that only the app's user may read (0600 from creation,
    so it is never readable by others, not even while it is written)."""
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    os.fchmod(fd, PRIVATE_FILE_MODE)  # the umask may only have removed bits; be exact
    return os.fdopen(fd, "wb")


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(".part")
    with open_private(tmp) as out:
        out.write(data)
    tmp.replace(path)


def save_public(jpeg: bytes) -> str:
    """Store a prepared JPEG where everyone may see it; returns its URL (/_upload/<name>)."""
    name = _new_name()
    _write(public_dir() / name, jpeg)
    return PUBLIC_URL_PREFIX + name


def save_public_stream(
    first: bytes, rest: Iterable[bytes], suffix: str, max_bytes: int
) -> tuple[str, int]:
    """Store an upload already checked by its first bytes (a video), chunk by chunk, where
    everyone may see it; returns its URL and size. Over `max_bytes` it stops reading, removes
    what it wrote and refuses (upload.file_too_large): a huge upload is never read whole."""
    name = f"{secrets.token_hex(16)}.{suffix}"
    if not _NAME.match(name):
        raise ValueError(f"bad suffix: {suffix!r}")
    path = public_dir() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".part")
    size = 0
    try:
        with tmp.open("wb") as out:
            for chunk in itertools.chain([first], rest):
                size += len(chunk)
                if size > max_bytes:
                    raise DomainError("upload.file_too_large", mb=max_bytes // (1024 * 1024))
                out.write(chunk)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return PUBLIC_URL_PREFIX + name, size


def delete_public(url: str) -> None:
    """Remove a file save_public stored; anything else (demo URLs, external links) is left."""
    name = url.removeprefix(PUBLIC_URL_PREFIX)
    if url.startswith(PUBLIC_URL_PREFIX) and _NAME.match(name):
        (public_dir() / name).unlink(missing_ok=True)


def save_private(jpeg: bytes, folder: str) -> str:
    """Store a prepared JPEG outside every served folder; returns a key for read_private."""
    key = f"{folder}/{_new_name()}"
    if not _PRIVATE_KEY.match(key):
        raise ValueError(f"bad private folder name: {folder!r}")
    _write_private(private_target(key), jpeg)
    return key


def _private_path(key: str) -> Path | None:
    return private_dir() / key if _PRIVATE_KEY.match(key or "") else None


def read_private(key: str) -> bytes | None:
    """The bytes stored under `key`, or None when there are none. Callers check permission."""
    path = _private_path(key)
    if path is None or not path.is_file():
        return None
    return path.read_bytes()


def delete_private(key: str) -> None:
    path = _private_path(key)
    if path is not None:
        path.unlink(missing_ok=True)
