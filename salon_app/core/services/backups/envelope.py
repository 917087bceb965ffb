"""The encrypted envelope of a backup: AES-256-GCM in chunks, so any size streams.

Format: MAGIC (8 bytes) + nonce prefix (8 random bytes), then chunks of
[final flag (1 byte)][ciphertext length (4 bytes, big-endian)][ciphertext + 16-byte tag].
Chunk i's nonce is the prefix + i (4 bytes); its associated data is the header, i and the flag,
so chunks cannot be reordered, dropped, swapped between backups or cut off after any chunk
but the final one without decryption failing. The sha256 of the whole envelope is what the
backup record and the `.sha256` object beside it hold.
"""

from __future__ import annotations

import hashlib
import os
import struct
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"SALONBK1"
CHUNK = 1024 * 1024


class BackupCorrupt(Exception):
    """The object is not a backup made with this key, or it was changed or cut short."""


def _aad(header: bytes, index: int, final: bool) -> bytes:
    return header + struct.pack(">IB", index, final)


def encrypt_file(source: Path, dest: Path, key: bytes) -> str:
    """Encrypt `source` into `dest`; returns the sha256 (hex) of what was written."""
    aes, prefix = AESGCM(key), os.urandom(8)
    header = MAGIC + prefix
    digest = hashlib.sha256(header)
    with source.open("rb") as src, dest.open("wb") as out:
        out.write(header)
        index, chunk = 0, src.read(CHUNK)
        while True:
            following = src.read(CHUNK)
            final = not following
            sealed = aes.encrypt(
                prefix + struct.pack(">I", index), chunk, _aad(header, index, final)
            )
            frame = struct.pack(">BI", final, len(sealed)) + sealed
            out.write(frame)
            digest.update(frame)
            if final:
                return digest.hexdigest()
            index, chunk = index + 1, following


def decrypt_file(source: Path, dest: Path, key: bytes) -> None:
    """Decrypt `source` into `dest`, or BackupCorrupt (wrong key, changed or truncated)."""
    aes = AESGCM(key)
    with source.open("rb") as src, dest.open("wb") as out:
        header = src.read(16)
        if len(header) != 16 or not header.startswith(MAGIC):
            raise BackupCorrupt("not a backup envelope")
        prefix, index = header[8:], 0
        while True:
            head = src.read(5)
            if len(head) != 5:
                raise BackupCorrupt("the backup is cut short")
            final, length = struct.unpack(">BI", head)
            sealed = src.read(length)
            try:
                plain = aes.decrypt(
                    prefix + struct.pack(">I", index), sealed, _aad(header, index, bool(final))
                )
            except InvalidTag as exc:
                raise BackupCorrupt("the backup does not decrypt with this key") from exc
            out.write(plain)
            if final:
                if src.read(1):
                    raise BackupCorrupt("bytes after the final chunk")
                return
            index += 1


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()
