"""Who may do what on the platform side: the one permission table every admin service checks.

An admin-role user holds one staff sub-role (User.admin_role): super admin, operations,
customer support or finance, each a named set of permissions. `require_admin` is the lock: it
re-reads the actor's account from the database on every call (a disabled or re-roled operator
loses the right at once) and refuses a permission the set does not hold.

Separation of duties: money leaves the platform by hand (manual refunds, settlement payouts)
only through finance; staff are managed only by a super admin, who holds every other right.
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session, select

from salon_app.core.errors import PermissionDenied
from salon_app.core.models import AdminRole, Role, User
from salon_app.core.services.access import Actor, require_role


class Permission(StrEnum):
    view_overview = "view_overview"  # the platform home: counts and charts
    manage_staff = "manage_staff"  # create operators, change their sub-role, disable them
    view_users = "view_users"  # find users, see their orders, payments, complaints
    manage_users = "manage_users"  # edit, disable/enable, reset a password
    reveal_contact = "reveal_contact"  # a full phone number or address (audited)
    view_audit = "view_audit"  # the audit log
    manage_catalogue = "manage_catalogue"  # categories and services, pictures, publishing
    review_shops = "review_shops"  # shop applications, commission rates
    review_technicians = "review_technicians"  # independents' applications, certificates
    manage_segments = "manage_segments"  # tags and segments
    dispatch = "dispatch"  # the dispatch board: re-assign, move orders
    handle_alerts = "handle_alerts"  # the abnormal-order queue
    handle_complaints = "handle_complaints"  # the complaint desk and mediation decisions
    issue_refunds = "issue_refunds"  # manual refunds outside a mediation decision
    view_settlement = "view_settlement"  # statements, payable amounts and their export
    manage_marketing = "manage_marketing"  # member levels, gifts, coupons, promotions, campaigns
    manage_learning = "manage_learning"  # courses, required certificates, training events
    moderate_community = "moderate_community"  # approve, hide, delete posts; the word filter
    manage_backups = "manage_backups"  # backups and restore drills: every record and the key file


P = Permission
_MONEY = frozenset({P.issue_refunds})
PERMISSIONS: dict[AdminRole, frozenset[Permission]] = {
    AdminRole.super_admin: frozenset(Permission) - _MONEY,
    AdminRole.operations: frozenset(
        {
            P.view_overview,
            P.view_users,
            P.manage_users,
            P.reveal_contact,
            P.manage_catalogue,
            P.review_shops,
            P.review_technicians,
            P.manage_segments,
            P.manage_marketing,
            P.manage_learning,
            P.moderate_community,
            P.dispatch,
            P.handle_alerts,
            P.handle_complaints,
        }
    ),
    AdminRole.support: frozenset(
        {
            P.view_overview,
            P.moderate_community,
            P.view_users,
            P.manage_users,
            P.reveal_contact,
            P.dispatch,
            P.handle_alerts,
            P.handle_complaints,
        }
    ),
    AdminRole.finance: frozenset(
        {P.view_overview, P.view_users, P.issue_refunds, P.view_settlement, P.view_audit}
    ),
}


def may(admin_role: str | None, permission: Permission) -> bool:
    """The table's answer (pages use it to hide what a sub-role cannot do)."""
    if admin_role not in AdminRole.__members__:
        return False
    return permission in PERMISSIONS[AdminRole(admin_role)]


def rights_of(admin_role: str | None) -> list[str]:
    """A sub-role's permissions by name, sorted (for the pages' menus)."""
    if admin_role not in AdminRole.__members__:
        return []
    return sorted(PERMISSIONS[AdminRole(admin_role)])


def require_admin(session: Session, actor: Actor | None, permission: Permission) -> Actor:
    """The actor if they are an active operator whose sub-role holds `permission`,
    else PermissionDenied (auth.login_required when nobody is logged in)."""
    actor = require_role(actor, Role.admin)
    row = session.exec(
        select(User.admin_role, User.is_active).where(User.id == actor.user_id)
    ).first()
    if row is None or not row[1] or not may(row[0], permission):
        raise PermissionDenied()
    return actor


def admin_role_of(session: Session, actor: Actor | None) -> str | None:
    """The acting operator's sub-role as stored now (None for anyone else)."""
    if actor is None or actor.role != Role.admin:
        return None
    return session.exec(select(User.admin_role).where(User.id == actor.user_id)).first()
