"""Role and ownership checks: the real lock behind every page guard."""

from __future__ import annotations

from salon_app.core.errors import PermissionDenied
from salon_app.core.models import Role
from salon_app.core.services.actor import Actor


def require_role(actor: Actor | None, *roles: Role) -> Actor:
    """Refuse anyone not logged in or not in one of `roles`."""
    if actor is None:
        raise PermissionDenied("auth.login_required")
    if actor.role not in roles:
        raise PermissionDenied()
    return actor


def require_merchant(actor: Actor | None) -> int:
    """A merchant-staff actor; returns the shop they may act for."""
    actor = require_role(actor, Role.merchant)
    if actor.merchant_id is None:
        raise PermissionDenied()
    return actor.merchant_id


def require_technician(actor: Actor | None) -> int:
    """A technician actor; returns their own profile id."""
    actor = require_role(actor, Role.technician)
    if actor.technician_id is None:
        raise PermissionDenied()
    return actor.technician_id
