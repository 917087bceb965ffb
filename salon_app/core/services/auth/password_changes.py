"""Changing a password: forgotten (proven with an SMS code) or known (the old one required).

Rules:
- reset (forgotten): phone, the reset code sent to it (codes.py), a new valid password; every
  session of the user ends, and the resetting client's count of wrong passwords for the phone
  is cleared (the code proved the phone). A phone without an active account can never pass:
  it was sent no code;
- change (logged in): the old password (wrong ones are throttled per account:
  login_throttle.check_old_password_tries), and a new valid password that differs from it;
  every OTHER session of the user ends, the one making the change stays;
- both are written to the audit log, with the user as the actor.
"""

from __future__ import annotations

from sqlmodel import Session, select

from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import User
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.auth import login_throttle
from salon_app.core.services.auth.codes import Purpose, redeem_code
from salon_app.core.services.auth.login import actor_for, end_sessions, validate_password
from salon_app.core.services.auth.passwords import hash_password, verify_password
from salon_app.core.services.auth.phones import normalize_mobile


def reset_password(
    session: Session, phone: str, code: str, new_password: str, client: str | None = None
) -> None:
    """Set a forgotten password with the reset code sent to the phone (module rules; `client`
    is the browser's address)."""
    e164 = normalize_mobile(phone)
    validate_password(new_password)
    redeem_code(session, e164, Purpose.reset_password, code)
    user = session.exec(select(User).where(User.phone_hash == crypto.lookup_hash(e164))).first()
    if user is None or not user.is_active:  # no code was sent: a guess that happened to match
        session.rollback()
        raise DomainError("auth.code_missing")
    user.password_hash = hash_password(new_password)
    login_throttle.forget_failures(session, e164, client, None)
    user.must_change_password = False
    ended = end_sessions(session, user.id)
    audit.record(
        session,
        actor_for(session, user),
        "auth.password_reset",
        "user",
        user.id,
        ended_sessions=ended,
    )
    session.commit()


def change_password(
    session: Session, actor: Actor | None, token: str | None, old_password: str, new_password: str
) -> int:
    """Change the actor's own password (module rules); returns how many other sessions ended."""
    if actor is None or not token:
        raise DomainError("auth.login_required")
    user = session.get(User, actor.user_id)
    if user is None or not user.is_active:
        raise DomainError("auth.account_disabled")
    login_throttle.check_old_password_tries(session, user.id, utcnow())
    if not verify_password(user.password_hash, old_password or ""):
        login_throttle.count_old_password_failure(session, user.id, utcnow())
        raise DomainError("auth.old_password_wrong")
    validate_password(new_password)
    if new_password == old_password:
        raise DomainError("auth.password_same")
    user.password_hash = hash_password(new_password)
    user.must_change_password = False  # a temporary password an operator set is gone
    ended = end_sessions(session, user.id, keep_token=token)
    audit.record(session, actor, "auth.password_changed", "user", user.id, ended_sessions=ended)
    session.commit()
    return ended
