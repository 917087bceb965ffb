"""Image files for upload tests, made with Pillow."""

from __future__ import annotations

import io
import os

from PIL import Image

from salon_app.core.integrations import storage


def oversize_png() -> bytes:
    """A real PNG just over the upload limit (random pixels, stored uncompressed)."""
    noisy = Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    out = io.BytesIO()
    noisy.save(out, "PNG", compress_level=0)
    assert out.tell() > storage.MAX_UPLOAD_BYTES
    return out.getvalue()
