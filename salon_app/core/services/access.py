"""Who is acting, and the role and ownership checks: the real lock behind every page guard.

The Actor is derived from a login session on every request, never from the browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from salon_app.core.errors import PermissionDenied
from salon_app.core.models import Role


@dataclass(frozen=True)
class Actor:
    user_id: int
    role: str
    display_name: str
    merchant_id: int | None = None  # shop of a merchant-staff user
    technician_id: int | None = None  # profile of a technician user
    admin_role: str | None = None  # staff sub-role of a platform operator (admin_roles.py)


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
