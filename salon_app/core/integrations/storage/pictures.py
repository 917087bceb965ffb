"""Catalogue pictures: one upload becomes two WebP files, a thumbnail for cards and tables and
a large picture for the service page, both cropped to 4:3 around the centre (every catalogue
picture is shown in a 4:3 frame, so pages reserve its space before it loads).

The bytes are checked like every other upload (images._open: decoded fully, formats and pixel
count limited), turned upright, stripped of EXIF and never scaled up. Files are named after
their content, so a name never changes meaning and pages may cache it for a year; the same
picture uploaded twice is stored once. They live in `<instance_dir>/pictures/` (or
SALON_PICTURES_DIR) and are served at /media/<name> (salon_app/api/media.py).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from salon_app.core.errors import DomainError
from salon_app.core.integrations.storage.images import _flatten, _open
from salon_app.core.settings import get_settings

THUMB_SIZE = (480, 360)
LARGE_SIZE = (1200, 900)
PICTURE_MAX_BYTES = 10 * 1024 * 1024  # a phone's 12-megapixel photo is 3-6 MB
WEBP_QUALITY = 82
MEDIA_URL_PREFIX = "/media/"
_NAME = re.compile(r"^[0-9a-f]{32}\.webp$")


@dataclass(frozen=True)
class PreparedPicture:
    thumb: bytes
    large: bytes


def pictures_dir() -> Path:
    """Read on each call so tests and deployments can move it."""
    configured = os.environ.get("SALON_PICTURES_DIR")
    return Path(configured).resolve() if configured else get_settings().instance_dir / "pictures"


def encode_webp(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def encode_picture(image: Image.Image) -> PreparedPicture:
    """The two sizes of an RGB image we trust (an upload checked by prepare_picture, or one
    the demo drew): cropped to 4:3 at its own resolution, then only ever scaled down."""
    width, height = image.size
    ratio = THUMB_SIZE[0] / THUMB_SIZE[1]
    crop = (min(width, round(height * ratio)), min(height, round(width / ratio)))
    framed = ImageOps.fit(image, crop, Image.Resampling.LANCZOS)
    large = framed.copy()
    large.thumbnail(LARGE_SIZE, Image.Resampling.LANCZOS)
    thumb = framed.copy()
    thumb.thumbnail(THUMB_SIZE, Image.Resampling.LANCZOS)
    return PreparedPicture(encode_webp(thumb), encode_webp(large))


def prepare_picture(data: bytes, max_bytes: int = PICTURE_MAX_BYTES) -> PreparedPicture:
    """Both sizes of an uploaded picture, or DomainError: empty, over `max_bytes` (10 MB), not
    a whole JPEG/PNG/WebP, over 40 megapixels, or smaller than the thumbnail (480×360)."""
    if not data:
        raise DomainError("upload.empty")
    if len(data) > max_bytes:
        raise DomainError("upload.too_large", mb=max_bytes // (1024 * 1024))
    image = _open(data)
    try:
        image = ImageOps.exif_transpose(image) or image
        if image.width < THUMB_SIZE[0] or image.height < THUMB_SIZE[1]:
            raise DomainError("upload.too_small", width=THUMB_SIZE[0], height=THUMB_SIZE[1])
        return encode_picture(_flatten(image))
    except (OSError, ValueError) as exc:
        raise DomainError("upload.not_an_image") from exc


def save_picture(webp: bytes, folder: Path | None = None) -> tuple[str, bool]:
    """Store one encoded file; returns its URL and whether this call wrote it (False when the
    same picture was already there: then it is not ours to remove on failure). `folder`
    replaces the pictures folder (the demo's cache of drawn pictures)."""
    name = hashlib.sha256(webp).hexdigest()[:32] + ".webp"
    path = (folder or pictures_dir()) / name
    if path.is_file():
        return MEDIA_URL_PREFIX + name, False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.part")
    tmp.write_bytes(webp)
    tmp.replace(path)  # readers never see half a file
    return MEDIA_URL_PREFIX + name, True


def picture_path(name: str) -> Path | None:
    """The file behind /media/<name>, or None for any name we could not have written."""
    if not _NAME.match(name or ""):
        return None
    path = pictures_dir() / name
    return path if path.is_file() else None


def delete_picture(url: str) -> None:
    """Remove a file save_picture wrote; anything else is left alone."""
    if url.startswith(MEDIA_URL_PREFIX) and (path := picture_path(url[len(MEDIA_URL_PREFIX) :])):
        path.unlink(missing_ok=True)
