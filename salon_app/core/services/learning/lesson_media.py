"""A lesson's video and material for the technician taking it: short-lived signed links.

The browser keeps its login in localStorage, which a <video> element or a download link cannot
send; so the course page asks for a link while it is open (media_link checks the technician may
open the lesson now) and the link names the login it was made for, expires after LINK_HOURS and
carries a keyed signature (crypto.lookup_hash). The route (salon_app/api/learning.py) serves the
file only after open_media checked all of it again: the signature, the expiry, that the login
is still live (not logged out, not expired, the account active), and that its technician may
still open the lesson (the course visible, the prerequisite done). Anything else is refused
without saying what exists. The route streams the file with range requests (206, 416).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from sqlmodel import Session, select

from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.integrations import storage
from salon_app.core.models import AuthSession, Technician, User
from salon_app.core.services.access import Actor
from salon_app.core.services.learning.progress import open_lesson_for
from salon_app.core.services.learning.scope import require_learner

LINK_HOURS = 6
API_PREFIX = "/api/learning/"
WHATS = ("video", "material")


@dataclass(frozen=True)
class MediaFile:
    path: Path
    content_type: str
    download_name: str  # "" for a video (shown inline)


def _signature(lesson_id: int, what: str, login_id: int, expires: int) -> str:
    return crypto.lookup_hash(f"lesson-media|{lesson_id}|{what}|{login_id}|{expires}")


def media_link(
    session: Session, actor: Actor | None, lesson_id: int, what: str, login_token: str
) -> str:
    """A link to the lesson's video or material for this login (rules in the docstring)."""
    technician = require_learner(session, actor)
    lesson = open_lesson_for(session, technician, lesson_id)
    key = {"video": lesson.video, "material": lesson.material}.get(what, "")
    if not key:
        raise DomainError("learning.file_missing")
    login = session.exec(
        select(AuthSession).where(AuthSession.token_hash == crypto.token_hash(login_token or ""))
    ).first()
    if login is None or login.user_id != technician.user_id:
        raise PermissionDenied()
    expires = int((utcnow() + timedelta(hours=LINK_HOURS)).timestamp())
    query = {
        "login": login.id,
        "exp": expires,
        "sig": _signature(lesson.id, what, login.id, expires),  # type: ignore[arg-type]
    }
    return f"{API_PREFIX}{lesson.id}/{what}?{urlencode(query)}"


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError as exc:
        raise PermissionDenied() from exc


def open_media(
    session: Session, lesson_id: int, what: str, login: object, expires: object, sig: object
) -> MediaFile:
    """The file behind a link, after every check in the module docstring (PermissionDenied
    otherwise; learning.file_missing when the file is gone)."""
    login_id, expires_at = _int(login), _int(expires)
    if what not in WHATS or not isinstance(sig, str):
        raise PermissionDenied()
    if not hmac.compare_digest(sig, _signature(lesson_id, what, login_id, expires_at)):
        raise PermissionDenied()
    now = utcnow()
    if expires_at < now.timestamp():
        raise PermissionDenied("auth.session_expired")
    row = session.exec(
        select(AuthSession, User)
        .join(User, User.id == AuthSession.user_id)
        .where(AuthSession.id == login_id)
    ).first()
    if (
        row is None
        or row[0].revoked_at is not None
        or row[0].expires_at <= now
        or not row[1].is_active
    ):
        raise PermissionDenied("auth.session_expired")
    technician = session.exec(select(Technician).where(Technician.user_id == row[1].id)).first()
    if technician is None:
        raise PermissionDenied()
    lesson = open_lesson_for(session, technician, lesson_id)
    key = lesson.video if what == "video" else lesson.material
    path = storage.private_file_path(key)
    if path is None:
        raise DomainError("learning.file_missing")
    if what == "material":
        return MediaFile(path, "application/pdf", lesson.material_name or "material.pdf")
    return MediaFile(path, "video/webm" if path.suffix == ".webm" else "video/mp4", "")
