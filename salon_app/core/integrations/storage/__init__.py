"""Image storage: validate and re-encode uploads (Pillow), keep them public or private."""

from salon_app.core.integrations.storage.files import (
    PUBLIC_URL_PREFIX,
    delete_private,
    delete_public,
    private_dir,
    public_dir,
    read_private,
    save_private,
    save_public,
    save_public_stream,
)
from salon_app.core.integrations.storage.images import (
    MAX_PIXELS,
    MAX_UPLOAD_BYTES,
    PUBLIC_MAX_SIDE,
    SCAN_MAX_SIDE,
    prepare_image,
)

__all__ = [
    "MAX_PIXELS",
    "MAX_UPLOAD_BYTES",
    "PUBLIC_MAX_SIDE",
    "PUBLIC_URL_PREFIX",
    "SCAN_MAX_SIDE",
    "delete_private",
    "delete_public",
    "prepare_image",
    "private_dir",
    "public_dir",
    "read_private",
    "save_private",
    "save_public",
    "save_public_stream",
]
