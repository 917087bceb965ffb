"""A lesson's video and its downloadable material, kept in PRIVATE storage (never a public
folder): only technicians who may take the course get them, through lesson_media.py.

Videos: MP4 or WebM recognised by their first bytes (merchants.video_type), up to 200 MB; a
declared size over the limit is refused before a byte is read and a stream is given up as soon
as it passes the limit. Materials: PDF files (their first bytes say %PDF-), up to 20 MB, with
the name shown for the download (at most 80 characters). Attaching replaces the previous file,
which is deleted once the change is saved; a refusal leaves no file behind. Audited. Slow
(file writes): pages call these off the event loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from sqlmodel import Session

from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.learning.scope import authored_lesson, require_author
from salon_app.core.services.merchants import video_type

MB = 1024 * 1024
VIDEO_MAX_BYTES = 200 * MB
MATERIAL_MAX_BYTES = 20 * MB
MATERIAL_NAME_MAX = 80
HEAD = 4096
FOLDER = "lessons"


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    while chunk := stream.read(MB):
        yield chunk


def _head(stream: BinaryIO, declared_size: int | None, limit: int) -> bytes:
    if declared_size is not None and declared_size > limit:
        raise DomainError("upload.file_too_large", mb=limit // MB)
    head = stream.read(HEAD)
    if not head:
        raise DomainError("upload.empty")
    return head


def _commit_or_discard(session: Session, key: str, old: str) -> None:
    try:
        session.commit()
    except Exception:
        session.rollback()
        storage.delete_private_file(key)
        raise
    if old and old != key:
        storage.delete_private_file(old)


def attach_video(
    session: Session,
    actor: Actor | None,
    lesson_id: int,
    stream: BinaryIO,
    declared_size: int | None = None,
) -> None:
    """The video of a video lesson (rules in the module docstring)."""
    author = require_author(session, actor)
    lesson = authored_lesson(session, author, lesson_id)
    if lesson.kind != "video":
        raise DomainError("learning.not_a_video_lesson")
    head = _head(stream, declared_size, VIDEO_MAX_BYTES)
    kind = video_type(head)
    if kind is None:
        raise DomainError("learning.video_format")
    key, size = storage.save_private_stream(head, _chunks(stream), FOLDER, kind[0], VIDEO_MAX_BYTES)
    old, lesson.video = lesson.video, key
    session.add(lesson)
    audit.record(session, actor, "learning.video_attached", "lesson", lesson.id, bytes=size)
    _commit_or_discard(session, key, old)


def attach_material(
    session: Session,
    actor: Actor | None,
    lesson_id: int,
    stream: BinaryIO,
    name: str,
    declared_size: int | None = None,
) -> None:
    """A PDF technicians may download from the lesson (rules in the module docstring)."""
    author = require_author(session, actor)
    lesson = authored_lesson(session, author, lesson_id)
    name = (name or "").strip().replace("/", "_").replace("\\", "_")
    if not name or len(name) > MATERIAL_NAME_MAX:
        raise DomainError("learning.material_name_invalid", max=MATERIAL_NAME_MAX)
    head = _head(stream, declared_size, MATERIAL_MAX_BYTES)
    if not head.startswith(b"%PDF-"):
        raise DomainError("learning.material_format")
    key, size = storage.save_private_stream(
        head, _chunks(stream), FOLDER, "pdf", MATERIAL_MAX_BYTES
    )
    old, lesson.material = lesson.material, key
    lesson.material_name = name if name.lower().endswith(".pdf") else f"{name}.pdf"
    session.add(lesson)
    audit.record(session, actor, "learning.material_attached", "lesson", lesson.id, bytes=size)
    _commit_or_discard(session, key, old)
