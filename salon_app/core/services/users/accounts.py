"""What an operator does to someone's account: reveal the full phone, edit the display name,
disable and enable, reset the password. Every action is audited in its own transaction.

Rules:
- Seeing users needs view_users; acting on them manage_users; the full phone reveal_contact
  (the number is returned only with its audit entry committed).
- A platform operator's account is acted on here only by someone who also manages staff (a
  super admin); nobody disables or resets themselves (their own password is changed on their
  account page); the last active super admin is never disabled.
- Disabling needs a reason and ends every open login of the user at once (their open tabs are
  logged out by the session check: auth.account_disabled); enabling needs a reason too, and no
  old login comes back.
- A password reset ends every login and sets a one-time temporary password, returned once for
  the operator to pass on; it is never stored in clear or written to the log, and the account
  is marked must_change_password until the user changes it.
- A role is never changed here (staff sub-roles are on the staff page).
"""

from __future__ import annotations

from sqlmodel import Session, select

from salon_app.core.errors import DomainError
from salon_app.core.models import Role, User
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, admin_role_of, may, require_admin
from salon_app.core.services.auth import (
    disable_account,
    enable_account,
    end_sessions,
    hash_password,
    random_password,
)
from salon_app.core.services.staff import is_last_super_admin, lock_super_admins

NAME_MAX = 20
REASON_MAX = 200
TEMP_PASSWORD_LENGTH = 10
_LETTERS = "abcdefghjkmnpqrstuvwxyz"  # no i, l, o: read out over the phone without mistakes
_DIGITS = "23456789"


def _subject(
    session: Session,
    actor: Actor | None,
    user_id: object,
    permission: Permission,
    lock: bool = True,
) -> tuple[Actor, User]:
    """The acting operator (holding `permission`) and the user acted on, locked for the
    change unless told; an operator's account needs manage_staff as well."""
    actor = require_admin(session, actor, permission)
    user = find_user(session, user_id, lock=lock)
    if user.role == Role.admin and not may(admin_role_of(session, actor), Permission.manage_staff):
        raise DomainError("users.operator_needs_staff_right")
    return actor, user


def find_user(session: Session, user_id: object, lock: bool = False) -> User:
    """The user with this id (users.not_found for anything else); `lock` for a change."""
    user = None
    if isinstance(user_id, int) and not isinstance(user_id, bool) and user_id > 0:
        statement = select(User).where(User.id == user_id)
        user = session.exec(statement.with_for_update() if lock else statement).first()
    if user is None:
        raise DomainError("users.not_found")
    return user


def _reason(reason: object) -> str:
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise DomainError("users.reason_required")
    if len(text) > REASON_MAX:
        raise DomainError("validation.too_long", field="field.reason", max=REASON_MAX)
    return text


def keeps_a_super_admin(session: Session, user: User) -> None:
    """Refuse (users.last_super_admin) when `user` is the only active super admin left; the
    super admins are locked first (staff.lock_super_admins), so two who disable each other at
    once cannot both pass."""
    if user.role != Role.admin:
        return
    lock_super_admins(session)
    if is_last_super_admin(session, user):
        raise DomainError("users.last_super_admin")


def reveal_phone(session: Session, actor: Actor | None, user_id: object) -> str:
    """The user's full mobile number (11 digits) for an operator holding reveal_contact; the
    reveal is audited and committed before the number is returned."""
    actor = require_admin(session, actor, Permission.reveal_contact)
    user = find_user(session, user_id)
    audit.record(session, actor, "user.phone_revealed", "user", user.id)
    session.commit()
    return user.phone.removeprefix("+86")


def edit_user(session: Session, actor: Actor | None, user_id: object, display_name: object) -> User:
    """A new display name (1..NAME_MAX characters); an unchanged name writes nothing."""
    actor, user = _subject(session, actor, user_id, Permission.manage_users)
    name = display_name.strip() if isinstance(display_name, str) else ""
    if not name:
        raise DomainError("auth.name_required")
    if len(name) > NAME_MAX:
        raise DomainError("validation.too_long", field="field.display_name", max=NAME_MAX)
    if name == user.display_name:
        session.rollback()
        return user
    audit.record(
        session, actor, "user.edited", "user", user.id, before=user.display_name, after=name
    )
    user.display_name = name
    session.commit()
    return user


def disable_user(session: Session, actor: Actor | None, user_id: object, reason: object) -> int:
    """Disable the account and end all its logins at once; returns how many were ended."""
    actor, user = _subject(session, actor, user_id, Permission.manage_users, lock=False)
    text = _reason(reason)
    if user.id == actor.user_id:
        raise DomainError("users.cannot_disable_self")
    # The super admins' rows first (in id order), then this one: one lock order for everyone.
    keeps_a_super_admin(session, user)
    session.refresh(user, with_for_update=True)
    if not user.is_active:
        raise DomainError("users.already_disabled")
    ended = disable_account(session, user)
    audit.record(
        session, actor, "user.disabled", "user", user.id, reason=text, sessions_ended=ended
    )
    session.commit()
    return ended


def enable_user(session: Session, actor: Actor | None, user_id: object, reason: object) -> None:
    """Enable a disabled account (the user logs in again; no old login comes back)."""
    actor, user = _subject(session, actor, user_id, Permission.manage_users)
    text = _reason(reason)
    if user.is_active:
        raise DomainError("users.already_active")
    enable_account(user)
    audit.record(session, actor, "user.enabled", "user", user.id, reason=text)
    session.commit()


def reset_password(session: Session, actor: Actor | None, user_id: object) -> str:
    """End every login of the user and set a temporary password, returned once (argon2: call
    it off the event loop). The user must change it (must_change_password)."""
    actor, user = _subject(session, actor, user_id, Permission.manage_users)
    if user.id == actor.user_id:
        raise DomainError("users.cannot_reset_self")
    password = random_password(TEMP_PASSWORD_LENGTH, _LETTERS, _DIGITS)
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.failed_logins, user.locked_until = 0, None
    ended = end_sessions(session, user.id)
    audit.record(session, actor, "user.password_reset", "user", user.id, sessions_ended=ended)
    session.commit()
    return password
