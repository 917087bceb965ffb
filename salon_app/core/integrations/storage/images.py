"""Turn untrusted upload bytes into a clean JPEG, or refuse them with a clear message key.

Every upload is decoded fully by Pillow and re-encoded: what we store is pixels we produced
ourselves, with no EXIF (GPS position, camera serial) and no trailing payload.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from salon_app.core.errors import DomainError
from salon_app.core.event_loop import refuse_on_event_loop

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
PUBLIC_MAX_SIDE = 1024  # profile photos, case studies
SCAN_MAX_SIDE = 2048  # certificate scans must stay legible
JPEG_QUALITY = 85
DECODERS = ("JPEG", "PNG", "WEBP")  # the only parsers untrusted bytes ever reach
ACCEPTED_FORMATS = frozenset({*DECODERS, "MPO"})  # MPO: the JPEG variant many phones write

# Pillow only warns above MAX_IMAGE_PIXELS and raises DecompressionBombError above twice
# that; _open refuses from MAX_PIXELS itself, reading the size from the header before decoding.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def _open(data: bytes) -> Image.Image:
    """Open and check the header; refuse anything that is not one whole image we accept."""
    refuse_on_event_loop("Pillow decoding an upload")
    try:
        with Image.open(io.BytesIO(data), formats=DECODERS) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise DomainError("upload.not_an_image")
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise DomainError("upload.too_many_pixels", megapixels=MAX_PIXELS // 1_000_000)
            probe.verify()  # structure and checksums, without decoding the pixels
        image = Image.open(io.BytesIO(data), formats=DECODERS)  # verify() spent the first one
        image.load()  # decode every pixel: a truncated file fails here
    except Image.DecompressionBombError as exc:
        raise DomainError("upload.too_many_pixels", megapixels=MAX_PIXELS // 1_000_000) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise DomainError("upload.not_an_image") from exc
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def prepare_image(
    data: bytes, max_side: int = PUBLIC_MAX_SIDE, max_bytes: int = MAX_UPLOAD_BYTES
) -> bytes:
    """A clean JPEG at most `max_side` px on its longer side, from untrusted `data`.

    Refuses (DomainError) an empty or over-`max_bytes` (default 5 MB) upload, anything Pillow
    cannot fully decode (text renamed .jpg, truncated files), formats other than
    JPEG/PNG/WebP, and images over 40 megapixels, including decompression bombs that are
    small on disk.
    """
    if not data:
        raise DomainError("upload.empty")
    if len(data) > max_bytes:
        raise DomainError("upload.too_large", mb=max_bytes // (1024 * 1024))
    image = _open(data)
    try:
        image = ImageOps.exif_transpose(image) or image  # phone photos: upright, then no EXIF
        image = _flatten(image)
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    except (OSError, ValueError) as exc:
        raise DomainError("upload.not_an_image") from exc
    return out.getvalue()
