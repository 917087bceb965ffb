"""Catalogue pictures: a category's cover, a service's cover and its gallery.

Uploads go through the checked picture path (storage.prepare_picture: decoded, limited,
cropped to 4:3, a thumbnail and a large WebP). Pillow is slow: pages call these services off
the event loop. Files are written only after every check, and the ones this call wrote are
removed again when the change is not saved; a refusal leaves no file and no row behind.
Replaced pictures' files are kept (their names are shared by identical uploads, and the audit
log points at them). A gallery holds at most GALLERY_MAX pictures.
"""

from __future__ import annotations

from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.models import ServicePicture
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.catalogue.editing import category_by_id, service_by_id
from salon_app.core.services.discovery import catalogue as shown

GALLERY_MAX = 12


def _store(data: bytes) -> tuple[str, str, list[str]]:
    """Check and store both sizes: (large URL, thumbnail URL, URLs this call wrote)."""
    prepared = storage.prepare_picture(data)
    large, new_large = storage.save_picture(prepared.large)
    thumb, new_thumb = storage.save_picture(prepared.thumb)
    return large, thumb, [u for u, new in ((large, new_large), (thumb, new_thumb)) if new]


def _commit_or_discard(session: Session, written: list[str]) -> None:
    try:
        session.commit()
    except Exception:
        session.rollback()
        for url in written:
            storage.delete_picture(url)
        raise


def set_service_cover(session: Session, actor: Actor | None, service_id: int, data: bytes) -> str:
    """Operators with manage_catalogue: a new cover for a service; returns its large URL."""
    actor = require_admin(session, actor, Permission.manage_catalogue)
    service = service_by_id(session, service_id)
    large, thumb, written = _store(data)
    old = service.image_url
    service.image_url, service.thumb_url = large, thumb
    session.add(service)
    audit.record(session, actor, "catalogue.cover_set", "service", service.id, old=old, new=large)
    _commit_or_discard(session, written)
    return large


def set_category_cover(session: Session, actor: Actor | None, category_id: int, data: bytes) -> str:
    """Operators with manage_catalogue: a new cover for a category; returns its large URL."""
    actor = require_admin(session, actor, Permission.manage_catalogue)
    category = category_by_id(session, category_id)
    large, thumb, written = _store(data)
    old = category.image_url
    category.image_url, category.thumb_url = large, thumb
    session.add(category)
    audit.record(
        session, actor, "catalogue.cover_set", "service_category", category.id, old=old, new=large
    )
    _commit_or_discard(session, written)
    return large


def add_gallery_picture(session: Session, actor: Actor | None, service_id: int, data: bytes) -> int:
    """Operators with manage_catalogue: a picture at the end of a service's gallery (at most
    GALLERY_MAX); returns its id."""
    actor = require_admin(session, actor, Permission.manage_catalogue)
    service = service_by_id(session, service_id)
    pictures = shown.gallery_of(session, service.id)
    if len(pictures) >= GALLERY_MAX:
        raise DomainError("catalogue.gallery_full", max=GALLERY_MAX)
    large, thumb, written = _store(data)
    row = ServicePicture(
        service_id=service.id,
        position=len(pictures),
        url=large,
        thumb_url=thumb,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "catalogue.picture_added", "service", service.id, url=large)
    _commit_or_discard(session, written)
    return row.id


def _picture(session: Session, picture_id: int) -> ServicePicture:
    row = session.get(ServicePicture, picture_id)
    if row is None:
        raise DomainError("catalogue.picture_not_found")
    return row


def move_gallery_picture(
    session: Session, actor: Actor | None, picture_id: int, position: int
) -> None:
    """Operators with manage_catalogue: move a gallery picture to `position` (0 = first; out
    of range goes to the nearest end); the others keep their order."""
    actor = require_admin(session, actor, Permission.manage_catalogue)
    row = _picture(session, picture_id)
    pictures = [p for p in shown.gallery_of(session, row.service_id) if p.id != row.id]
    pictures.insert(min(max(position, 0), len(pictures)), row)
    for index, picture in enumerate(pictures):
        picture.position = index
        session.add(picture)
    audit.record(
        session,
        actor,
        "catalogue.picture_moved",
        "service",
        row.service_id,
        url=row.url,
        to=position,
    )
    session.commit()


def remove_gallery_picture(session: Session, actor: Actor | None, picture_id: int) -> None:
    """Operators with manage_catalogue: take a picture out of a service's gallery."""
    actor = require_admin(session, actor, Permission.manage_catalogue)
    row = _picture(session, picture_id)
    service_id, url = row.service_id, row.url
    session.delete(row)
    session.flush()
    for index, picture in enumerate(shown.gallery_of(session, service_id)):
        picture.position = index
        session.add(picture)
    audit.record(session, actor, "catalogue.picture_removed", "service", service_id, url=url)
    session.commit()
