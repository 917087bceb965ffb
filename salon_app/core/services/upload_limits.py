"""How much one person may upload per hour, whatever the page: every upload handler counts its
files here (components/uploads.py admit_uploads) before it decodes or stores a byte.

Two kinds, each with a file count and a byte budget per user per hour (services/rate_limits,
fixed one-hour windows; bytes counted in KiB): pictures (review and complaint photos,
profile, shop, course, catalogue and community images, licence scans) and media (lesson
videos, shop videos, course materials: shop and platform staff). A refused upload is counted
too, so retrying at once does not help; the message says how many minutes to wait.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlmodel import Session

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.services import rate_limits
from salon_app.core.services.access import Actor
from salon_app.core.services.rate_limits import Limit

KIB = 1024
HOUR = timedelta(hours=1)
PICTURES = "pictures"
MEDIA = "media"
FILES = {
    PICTURES: Limit("upload.picture_files", 60, HOUR),
    MEDIA: Limit("upload.media_files", 20, HOUR),
}
BYTES = {  # in KiB
    PICTURES: Limit("upload.picture_kib", 100 * 1024, HOUR),  # 100 MB
    MEDIA: Limit("upload.media_kib", 2 * 1024 * 1024, HOUR),  # 2 GB: ten lesson videos
}


def admit(
    session: Session, actor: Actor | None, sizes: Sequence[int], kind: str, now: datetime
) -> None:
    """Count an upload of files of these sizes (bytes) by `actor`; refuse it (DomainError,
    counts committed) once the hour holds more files or bytes of this kind than allowed.
    Anyone not logged in is refused: no upload path is open to visitors."""
    if actor is None:
        raise PermissionDenied("auth.login_required")
    if kind not in FILES or not sizes:
        raise ValueError(f"nothing to admit: {kind!r} {sizes!r}")
    kib = sum(math.ceil(max(0, size) / KIB) for size in sizes)
    files = rate_limits.take(session, FILES[kind], actor.user_id, now, len(sizes))
    data = rate_limits.take(session, BYTES[kind], actor.user_id, now, max(1, kib))
    session.commit()
    if not files.allowed:
        raise DomainError(
            "upload.hourly_files", max=FILES[kind].count, minutes=_minutes(files.retry_after)
        )
    if not data.allowed:
        mb = BYTES[kind].count // KIB
        raise DomainError("upload.hourly_bytes", mb=mb, minutes=_minutes(data.retry_after))


def _minutes(wait: timedelta) -> int:
    return max(1, math.ceil(wait.total_seconds() / 60))
