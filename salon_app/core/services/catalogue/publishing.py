"""Publishing and withdrawing (上架 / 下架) a service.

A published service is on sale from its publish day on (Service.on_sale): customers find it
on the home page, its category, search, shop and technician pages, and may book it. A
withdrawn one disappears from all of these and new bookings of it are refused (booking checks
Service.is_on_sale), so nothing new is dispatched for it. Orders already made keep working:
they are paid, served, moved, re-assigned, cancelled and refunded as before.
"""

from __future__ import annotations

from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.catalogue.editing import service_by_id, service_status


def _set_published(session: Session, actor: Actor | None, service_id: int, on: bool) -> str:
    actor = require_admin(session, actor, Permission.manage_catalogue)
    service = service_by_id(session, service_id)
    if service.is_active == on:  # a double click, or two operators at once: nothing to do
        return service_status(service, utcnow())
    if on and not service.image_url:
        raise DomainError("catalogue.cover_required")
    service.is_active = on
    session.add(service)
    audit.record(
        session,
        actor,
        "catalogue.service_published" if on else "catalogue.service_withdrawn",
        "service",
        service.id,
        name=service.name,
    )
    session.commit()
    return service_status(service, utcnow())


def publish_service(session: Session, actor: Actor | None, service_id: int) -> str:
    """Operators with manage_catalogue: put a service on sale (from its publish day on; a
    service needs a cover picture first, customers choose by it). Returns the new status;
    publishing a published service changes nothing."""
    return _set_published(session, actor, service_id, True)


def withdraw_service(session: Session, actor: Actor | None, service_id: int) -> str:
    """Operators with manage_catalogue: take a service off sale at once; orders already made
    keep working. Returns the new status; withdrawing twice changes nothing."""
    return _set_published(session, actor, service_id, False)
