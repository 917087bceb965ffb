"""Every upload handler's first step: count the files it received against the user's hourly
upload limits (services/upload_limits.py), before a byte is decoded or stored."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState, error_toast
from salon_app.core.clock import utcnow
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import upload_limits

PICTURES, MEDIA = upload_limits.PICTURES, upload_limits.MEDIA


def size_of(upload: rx.UploadFile) -> int:
    """The received file's size (Starlette counts it as the body is spooled; else measured)."""
    size = getattr(upload, "size", None)
    if size is not None:
        return size
    stream = getattr(upload, "file", None)
    if stream is None:
        return 0  # nothing to measure: still counted as one file
    here = stream.tell()
    end = stream.seek(0, 2)
    stream.seek(here)
    return end


def admit_uploads(state: SessionState, files: list[rx.UploadFile], kind: str = PICTURES) -> None:
    """Count `files` as uploaded by the state's user now; DomainError past the hour's limits."""
    sizes = [size_of(f) for f in files]
    with session_scope() as session:
        upload_limits.admit(session, state._actor(session), sizes, kind, utcnow())


def upload_refused(state: SessionState, files: list[rx.UploadFile], kind: str = PICTURES) -> list:
    """admit_uploads for handlers without a try: [] when admitted, else the refusal toast."""
    try:
        admit_uploads(state, files, kind)
    except DomainError as err:
        return [error_toast(err)]
    return []
