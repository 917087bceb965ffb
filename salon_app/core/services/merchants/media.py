"""Photos and short videos on the shop's page, in the order the shop sets.

Photos: what Pillow decodes fully (JPEG, PNG, WebP; storage.prepare_image), up to 10 MB,
stored re-encoded as JPEG; anything else is refused. Videos: MP4 or WebM, recognised by
their first bytes (never by the file name), up to 100 MB: a declared size over the limit is
refused before a byte is read, and a stream is read in chunks and given up as soon as it
passes the limit, so a 2 GB upload is never read whole. At most PHOTOS_MAX photos and
VIDEOS_MAX videos. Files are public (/_upload/...); serving videos with range requests
comes with the shop page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy import func
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.models import ShopMedia
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.merchants.shop_roles import Capability, require_shop
from salon_app.core.services.photos import commit_or_discard

MB = 1024 * 1024
PHOTO_MAX_BYTES = 10 * MB
VIDEO_MAX_BYTES = 100 * MB
PHOTO_MAX_SIDE = 1600
PHOTOS_MAX, VIDEOS_MAX = 30, 5
CAPTION_MAX = 60
HEAD = 4096  # bytes read to recognise a video
CHUNK = 1024 * 1024
EBML = b"\x1a\x45\xdf\xa3"  # Matroska/WebM header


@dataclass(frozen=True)
class MediaView:
    id: int
    kind: str  # photo | video
    url: str
    content_type: str
    caption: str
    position: int


def _view(m: ShopMedia) -> MediaView:
    return MediaView(m.id, m.kind, m.url, m.content_type, m.caption, m.position)


def list_media(session: Session, merchant_id: int) -> list[MediaView]:
    rows = session.exec(
        select(ShopMedia)
        .where(ShopMedia.merchant_id == merchant_id)
        .order_by(ShopMedia.position, ShopMedia.id)
    ).all()
    return [_view(m) for m in rows]


def video_type(head: bytes) -> tuple[str, str] | None:
    """(suffix, content type) of an MP4 or WebM by its first bytes; None for anything else."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "mp4", "video/mp4"
    if head.startswith(EBML) and b"webm" in head[:64]:
        return "webm", "video/webm"
    return None


def _caption(caption: str) -> str:
    caption = (caption or "").strip()
    if len(caption) > CAPTION_MAX:
        raise DomainError("validation.too_long", field="field.caption", max=CAPTION_MAX)
    return caption


def _room(session: Session, merchant_id: int, kind: str, most: int) -> int:
    """The next position, after checking the shop has room for one more of `kind`."""
    count = session.exec(
        select(func.count()).where(ShopMedia.merchant_id == merchant_id, ShopMedia.kind == kind)
    ).one()
    if count >= most:
        raise DomainError(f"shop.too_many_{kind}s", max=most)
    top = session.exec(
        select(func.max(ShopMedia.position)).where(ShopMedia.merchant_id == merchant_id)
    ).one()
    return 0 if top is None else top + 1


def _save(session: Session, actor: Actor | None, row: ShopMedia) -> MediaView:
    session.add(row)
    audit.record(session, actor, f"shop.{row.kind}_added", "merchant", row.merchant_id)
    commit_or_discard(session, [row.url], [])
    return _view(row)


def add_shop_photo(
    session: Session, actor: Actor | None, data: bytes, caption: str = ""
) -> MediaView:
    """Add a photo at the end of the shop's media (rules in the module docstring)."""
    seat = require_shop(session, actor, Capability.edit_shop)
    caption = _caption(caption)
    position = _room(session, seat.merchant_id, "photo", PHOTOS_MAX)
    jpeg = storage.prepare_image(data, PHOTO_MAX_SIDE, max_bytes=PHOTO_MAX_BYTES)
    row = ShopMedia(
        merchant_id=seat.merchant_id,
        kind="photo",
        url=storage.save_public(jpeg),
        content_type="image/jpeg",
        size_bytes=len(jpeg),
        position=position,
        caption=caption,
        created_at=utcnow(),
    )
    return _save(session, actor, row)


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK):
        yield chunk


def add_shop_video(
    session: Session,
    actor: Actor | None,
    stream: BinaryIO,
    declared_size: int | None = None,
    caption: str = "",
) -> MediaView:
    """Add a short video at the end of the shop's media, read from `stream` in chunks;
    `declared_size` is what the browser announced (checked before reading)."""
    seat = require_shop(session, actor, Capability.edit_shop)
    caption = _caption(caption)
    position = _room(session, seat.merchant_id, "video", VIDEOS_MAX)
    if declared_size is not None and declared_size > VIDEO_MAX_BYTES:
        raise DomainError("upload.file_too_large", mb=VIDEO_MAX_BYTES // MB)
    head = stream.read(HEAD)
    if not head:
        raise DomainError("upload.empty")
    kind = video_type(head)
    if kind is None:
        raise DomainError("shop.video_format")
    suffix, content_type = kind
    url, size = storage.save_public_stream(head, _chunks(stream), suffix, VIDEO_MAX_BYTES)
    row = ShopMedia(
        merchant_id=seat.merchant_id,
        kind="video",
        url=url,
        content_type=content_type,
        size_bytes=size,
        position=position,
        caption=caption,
        created_at=utcnow(),
    )
    return _save(session, actor, row)


def _own(session: Session, merchant_id: int, media_id: int) -> ShopMedia:
    row = session.get(ShopMedia, media_id)
    if row is None or row.merchant_id != merchant_id:
        raise DomainError("shop.media_not_found")
    return row


def move_shop_media(
    session: Session, actor: Actor | None, media_id: int, position: int
) -> list[MediaView]:
    """Put one item at `position` (0 = first, clamped to the list) and renumber the rest."""
    seat = require_shop(session, actor, Capability.edit_shop)
    row = _own(session, seat.merchant_id, media_id)
    rows = session.exec(
        select(ShopMedia)
        .where(ShopMedia.merchant_id == seat.merchant_id, ShopMedia.id != row.id)
        .order_by(ShopMedia.position, ShopMedia.id)
    ).all()
    ordered = list(rows)
    ordered.insert(max(0, min(position, len(ordered))), row)
    for index, item in enumerate(ordered):
        item.position = index
        session.add(item)
    session.commit()
    return [_view(m) for m in ordered]


def set_media_caption(
    session: Session, actor: Actor | None, media_id: int, caption: str
) -> MediaView:
    seat = require_shop(session, actor, Capability.edit_shop)
    row = _own(session, seat.merchant_id, media_id)
    row.caption = _caption(caption)
    session.add(row)
    session.commit()
    return _view(row)


def remove_shop_media(session: Session, actor: Actor | None, media_id: int) -> None:
    """Delete one of the shop's photos or videos, and its file."""
    seat = require_shop(session, actor, Capability.edit_shop)
    row = _own(session, seat.merchant_id, media_id)
    url = row.url
    session.delete(row)
    audit.record(session, actor, f"shop.{row.kind}_removed", "merchant", seat.merchant_id)
    session.commit()
    storage.delete_public(url)
