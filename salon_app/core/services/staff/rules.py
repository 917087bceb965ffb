"""The one rule that keeps the platform manageable: there is always an active super admin.

Changes to operators' sub-roles and to whether they are active take a lock on the super admins
first (PostgreSQL: their rows; SQLite: the database's write lock, taken by the first statement),
so two super admins demoting or disabling each other at the same moment cannot both succeed.
"""

from __future__ import annotations

from sqlalchemy import func, text
from sqlmodel import Session, select

from salon_app.core.models import AdminRole, Role, User

_SUPER_ADMINS = "role = 'admin' AND admin_role = 'super_admin'"


def lock_super_admins(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f'SELECT id FROM "user" WHERE {_SUPER_ADMINS} FOR UPDATE'))
    else:
        session.execute(text(f'UPDATE "user" SET id = id WHERE {_SUPER_ADMINS}'))


def active_super_admins(session: Session) -> int:
    return session.exec(
        select(func.count(User.id)).where(
            User.role == Role.admin,
            User.admin_role == AdminRole.super_admin,
            User.is_active.is_(True),
        )
    ).one()


def is_last_super_admin(session: Session, user: User) -> bool:
    """True when `user` is the only active super admin (call with the lock held)."""
    return (
        user.admin_role == AdminRole.super_admin
        and user.is_active
        and active_super_admins(session) <= 1
    )
