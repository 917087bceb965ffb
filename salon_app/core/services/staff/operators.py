"""The platform's operators, managed by a super admin (Permission.manage_staff).

Rules:
- an operator is an admin account with one sub-role (admin_roles.py); it is created with its
  own phone (a phone that already has an account cannot become an operator) and either a
  password the super admin sets or a generated one, shown once to the super admin;
- a sub-role may change, except that the last active super admin cannot be demoted;
- an operator may be disabled (every session ends at once) and enabled again; nobody disables
  themselves, and the last active super admin is never disabled (rules.py);
- every change is written to the audit log in its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from salon_app.core import crypto
from salon_app.core.errors import DomainError
from salon_app.core.models import AdminRole, Role, User
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.auth import (
    disable_account,
    enable_account,
    mask,
    normalize_mobile,
    open_account,
    random_password,
    validate_password,
)
from salon_app.core.services.staff.rules import is_last_super_admin, lock_super_admins

SORTABLE = ("name", "admin_role", "active", "last_login", "created")
INITIAL_PASSWORD_LENGTH = 12


@dataclass(frozen=True)
class OperatorRow:
    user_id: int
    display_name: str
    phone_masked: str
    admin_role: str
    is_active: bool
    last_login_at: datetime | None
    created_at: datetime
    is_me: bool


@dataclass(frozen=True)
class NewOperator:
    user_id: int
    display_name: str
    phone_masked: str
    admin_role: str
    initial_password: str  # generated: shown once to the super admin; "" when they set it


def _admin_role(value: str) -> AdminRole:
    if value not in AdminRole.__members__:
        raise DomainError("operators.role_unknown")
    return AdminRole(value)


def _operator(session: Session, user_id: int | None) -> User:
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.role != Role.admin:
        raise DomainError("operators.not_found")
    session.refresh(user)  # the rules read it under the lock
    return user


def list_operators(session: Session, actor: Actor | None, query: TableQuery) -> Page[OperatorRow]:
    """One page of operators; the search matches a name, or a whole phone number (through its
    look-up hash: phones are stored encrypted). Phones are shown masked."""
    actor = require_admin(session, actor, Permission.manage_staff)
    statement = select(
        User.id,
        User.display_name,
        User.phone,
        User.admin_role,
        User.is_active,
        User.last_login_at,
        User.created_at,
    ).where(User.role == Role.admin)
    search_columns = [User.display_name]
    try:
        digest = crypto.lookup_hash(normalize_mobile(query.search))
    except DomainError:
        digest = None
    if digest is not None:
        statement, search_columns = statement.where(User.phone_hash == digest), []
    return paginate(
        session,
        statement,
        query,
        sort_columns={
            "name": User.display_name,
            "admin_role": User.admin_role,
            "active": User.is_active,
            "last_login": User.last_login_at,
            "created": User.created_at,
        },
        tie_breaker=User.id,
        search_columns=search_columns,
        row=lambda r: OperatorRow(
            r.id,
            r.display_name,
            mask(r.phone),
            r.admin_role or "",
            r.is_active,
            r.last_login_at,
            r.created_at,
            r.id == actor.user_id,
        ),
    )


def create_operator(
    session: Session,
    actor: Actor | None,
    phone: str,
    display_name: str,
    admin_role: str,
    password: str = "",
) -> NewOperator:
    """A new operator with `admin_role`; with no `password`, one is generated and returned
    once (module rules). auth.phone_taken for a phone that has an account."""
    actor = require_admin(session, actor, Permission.manage_staff)
    role = _admin_role(admin_role)
    initial = "" if password else random_password(INITIAL_PASSWORD_LENGTH)
    if password:
        validate_password(password)

    def grant(user: User) -> None:
        user.admin_role = role
        session.flush()
        audit.record(session, actor, "operator.created", "user", user.id, admin_role=role.value)

    created = open_account(session, phone, password or initial, display_name, Role.admin, grant)
    return NewOperator(
        created.user_id,
        created.display_name,
        mask(normalize_mobile(phone)),
        role.value,
        initial,
    )


def change_admin_role(session: Session, actor: Actor | None, user_id: int, admin_role: str) -> None:
    """Give an operator another sub-role; never demote the last active super admin."""
    actor = require_admin(session, actor, Permission.manage_staff)
    role = _admin_role(admin_role)
    lock_super_admins(session)
    require_admin(session, actor, Permission.manage_staff)  # again: still a super admin now?
    user = _operator(session, user_id)
    if user.admin_role == role:
        session.rollback()
        return
    if role != AdminRole.super_admin and is_last_super_admin(session, user):
        session.rollback()
        raise DomainError("operators.last_super_admin")
    before, user.admin_role = user.admin_role, role
    audit.record(
        session, actor, "operator.role_changed", "user", user.id, before=before, after=role
    )
    session.commit()


def set_operator_active(session: Session, actor: Actor | None, user_id: int, active: bool) -> None:
    """Enable or disable an operator; disabling ends all their sessions at once. Nobody
    disables themselves, and the last active super admin is never disabled."""
    actor = require_admin(session, actor, Permission.manage_staff)
    lock_super_admins(session)
    require_admin(session, actor, Permission.manage_staff)  # again: still a super admin now?
    user = _operator(session, user_id)
    if user.is_active == bool(active):
        session.rollback()
        return
    if not active:
        if user.id == actor.user_id:
            session.rollback()
            raise DomainError("operators.not_yourself")
        if is_last_super_admin(session, user):
            session.rollback()
            raise DomainError("operators.last_super_admin")
        ended = disable_account(session, user)
        audit.record(session, actor, "operator.disabled", "user", user.id, ended_sessions=ended)
    else:
        enable_account(user)
        audit.record(session, actor, "operator.enabled", "user", user.id)
    session.commit()
