"""Sign-up (the phone proven with an SMS code), log-in with throttling, server-side sessions,
log-out, ending a user's sessions."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import AuthSession, MerchantStaff, Role, Technician, User
from salon_app.core.services.access import Actor
from salon_app.core.services.auth import login_throttle
from salon_app.core.services.auth.codes import Purpose, redeem_code
from salon_app.core.services.auth.devices import known_device, remember_device
from salon_app.core.services.auth.passwords import hash_password, is_common, verify_password
from salon_app.core.services.auth.phones import normalize_mobile
from salon_app.core.services.sources import normalize_source
from salon_app.core.settings import get_settings

SELF_SIGN_UP_ROLES = (Role.customer, Role.technician)
_NAME_MAX = 20


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when the phone is unknown, so both paths cost the same."""
    return hash_password(secrets.token_hex(8))


@dataclass(frozen=True)
class LoginResult:
    token: str
    actor: Actor
    must_change_password: bool = False  # an operator set a temporary password (users/)
    devices: str = ""  # the browser's device tokens, this account's first (devices.py)


def validate_password(password: str) -> None:
    """At least 8 characters with both letters and digits; at most 64; not one of the passwords
    everybody tries first (passwords.is_common; the demo password among them: only the demo
    city has it)."""
    if (
        len(password) < 8
        or len(password) > 64
        or not any(c.isalpha() for c in password)
        or not any(c.isdigit() for c in password)
    ):
        raise DomainError("auth.password_weak")
    if is_common(password):
        raise DomainError("auth.password_common")


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError("auth.name_required")
    if len(name) > _NAME_MAX:
        raise DomainError("validation.too_long", field="field.display_name", max=_NAME_MAX)
    return name


def sign_up(
    session: Session,
    phone: str,
    password: str,
    display_name: str,
    role: str = Role.customer,
    source: str | None = None,
    *,
    code: str,
) -> Actor:
    """Anyone holding a phone may open a customer or technician account with it; shop and admin
    accounts are granted. `code` is the sign-up code sent to the phone (check_sign_up).
    A new technician is pending: no orders, search hits or public page until approved.
    `source` (where the visitor came from) is normalised by services/sources.py, never refused."""
    if role not in SELF_SIGN_UP_ROLES:
        raise DomainError("auth.role_not_allowed")
    check_sign_up(session, phone, password, display_name, code)
    return open_account(session, phone, password, display_name, role, source=source)


def check_sign_up(
    session: Session, phone: str, password: str, display_name: str, code: str
) -> None:
    """The form's fields first (a typo in the password must not use up a code try), then the
    phone's sign-up code, marked used in this transaction. Whether the phone is already
    registered is said only after this, i.e. only to whoever holds the phone."""
    e164 = normalize_mobile(phone)
    validate_password(password)
    _clean_name(display_name)
    redeem_code(session, e164, Purpose.signup, code)


def open_account(
    session: Session,
    phone: str,
    password: str,
    display_name: str,
    role: str,
    joined: Callable[[User], None] | None = None,
    source: str | None = None,
) -> Actor:
    """Create the user (and a technician's pending profile); `joined(user)` adds rows that
    come with the account, in the same transaction (a shop's staff seat for an invitee)."""
    e164 = normalize_mobile(phone)
    validate_password(password)
    name = _clean_name(display_name)
    digest = crypto.lookup_hash(e164)
    if session.exec(select(User.id).where(User.phone_hash == digest)).first() is not None:
        raise DomainError("auth.phone_taken")
    now = utcnow()
    user = User(
        phone=e164,
        phone_hash=digest,
        password_hash=hash_password(password),
        display_name=name,
        role=role,
        created_at=now,
        source=normalize_source(source),
    )
    session.add(user)
    try:
        session.flush()
        if role == Role.technician:
            session.add(
                Technician(
                    user_id=user.id, display_name=name, gender="", status="pending", created_at=now
                )
            )
        if joined is not None:
            joined(user)
        session.commit()
    except IntegrityError as exc:  # the same phone signed up concurrently
        session.rollback()
        raise DomainError("auth.phone_taken") from exc
    return actor_for(session, user)


def log_in(
    session: Session,
    phone: str,
    password: str,
    *,
    client: str | None = None,
    devices: str = "",
    code: str = "",
) -> LoginResult:
    """Check the password behind the throttles of login_throttle.py: `client` is the browser's
    address, `devices` the device tokens it holds, `code` a log-in code (asked for only while
    the platform-wide ceiling is reached). An unknown phone and a wrong password get the same
    answer after the same work (argon2 against a dummy hash). The result carries the browser's
    device tokens with this account's."""
    settings = get_settings()
    now = utcnow()
    try:
        e164 = normalize_mobile(phone)
    except DomainError:
        e164 = ""
    user = (
        session.exec(select(User).where(User.phone_hash == crypto.lookup_hash(e164))).first()
        if e164
        else None
    )
    device = known_device(devices, user.id if user else None)
    gate = login_throttle.open_gate(session, e164 or "invalid", client, device, now)
    if gate.needs_code:
        if not (code or "").strip():
            raise DomainError("auth.login_code_needed")
        if not e164:
            raise DomainError("auth.code_missing")
        redeem_code(session, e164, Purpose.login, code)
    stored = user.password_hash if user is not None else _dummy_hash()
    if not verify_password(stored, password) or user is None:
        session.rollback()  # a redeemed code stays used only with a right password
        login_throttle.count_failure(session, gate, now)
        raise DomainError("auth.bad_credentials")
    if not user.is_active:
        raise DomainError("auth.account_disabled")
    token = secrets.token_urlsafe(32)
    login_throttle.forget_failures(session, e164, client, device)
    user.last_login_at = now
    session.add(
        AuthSession(
            token_hash=crypto.token_hash(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + timedelta(hours=settings.session_ttl_hours),
        )
    )
    session.commit()
    return LoginResult(
        token=token,
        actor=actor_for(session, user),
        must_change_password=user.must_change_password,
        devices=remember_device(devices, user.id),
    )


def actor_for(session: Session, user: User) -> Actor:
    merchant_id = technician_id = None
    if user.role == Role.merchant:
        merchant_id = session.exec(
            select(MerchantStaff.merchant_id).where(MerchantStaff.user_id == user.id)
        ).first()
    elif user.role == Role.technician:
        technician_id = session.exec(
            select(Technician.id).where(Technician.user_id == user.id)
        ).first()
    admin_role = user.admin_role if user.role == Role.admin else None
    return Actor(user.id, user.role, user.display_name, merchant_id, technician_id, admin_role)


def resolve(session: Session, token: str | None) -> Actor | None:
    """The actor behind a browser token; None when there is none.

    A token that is unknown (tampered), revoked or expired raises auth.session_expired, and
    any token of a disabled account auth.account_disabled, so the page can say why the user
    has to log in again.
    """
    if not token:
        return None
    row = session.exec(
        select(AuthSession, User)
        .join(User, User.id == AuthSession.user_id)
        .where(AuthSession.token_hash == crypto.token_hash(token))
    ).first()
    _refuse_ended(None if row is None else (row[1].is_active, row[0].revoked_at, row[0].expires_at))
    return actor_for(session, row[1])


@dataclass(frozen=True)
class LoginHolds:
    """A login that still holds: whose it is and until when (the login watch waits on the
    account's changes until then)."""

    user_id: int
    expires_at: datetime


def check_login(session: Session, token: str) -> LoginHolds:
    """Raises why the login behind `token` ended, as resolve does, reading four columns and
    no account (an open tab's login watch asks this: login_watch.py)."""
    row = session.exec(
        select(User.is_active, AuthSession.revoked_at, AuthSession.expires_at, User.id)
        .join(User, User.id == AuthSession.user_id)
        .where(AuthSession.token_hash == crypto.token_hash(token))
    ).first()
    _refuse_ended(None if row is None else row[:3])
    return LoginHolds(user_id=row[3], expires_at=row[2])


def _refuse_ended(login: tuple[bool, datetime | None, datetime] | None) -> None:
    """(is the account active, when the login was revoked, when it expires), None if unknown."""
    if login is None:
        raise DomainError("auth.session_expired")
    is_active, revoked_at, expires_at = login
    # Disabling ends every login: its tabs are told why (disabled), not just "expired".
    if not is_active:
        raise DomainError("auth.account_disabled")
    if revoked_at is not None or expires_at <= utcnow():
        raise DomainError("auth.session_expired")


def end_sessions(session: Session, user_id: int, keep_token: str | None = None) -> int:
    """Revoke every open login of the user except the one holding `keep_token`, in the caller's
    transaction; returns how many ended. The tabs using them are logged out at their next
    request (resolve refuses a revoked token)."""
    query = update(AuthSession).where(
        AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)
    )
    if keep_token:
        query = query.where(AuthSession.token_hash != crypto.token_hash(keep_token))
    return session.execute(query.values(revoked_at=utcnow())).rowcount


def disable_account(session: Session, user: User) -> int:
    """Disable the account and end every open login of it, in the caller's transaction;
    returns how many logins ended (its open tabs are told auth.account_disabled)."""
    user.is_active = False
    return end_sessions(session, user.id)


def enable_account(user: User) -> None:
    """Enable the account with a clean slate: no lock or count left from wrong passwords (no old
    login comes back: disabling ended them)."""
    user.is_active, user.failed_logins, user.locked_until = True, 0, None


def log_out(session: Session, token: str | None) -> None:
    if not token:
        return
    auth_session = session.exec(
        select(AuthSession).where(AuthSession.token_hash == crypto.token_hash(token))
    ).first()
    if auth_session is not None and auth_session.revoked_at is None:
        auth_session.revoked_at = utcnow()
        session.commit()
