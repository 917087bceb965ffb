"""Verification codes sent by SMS: proving that a person holds a phone.

Rules:
- a code is 6 random digits for one purpose (signup, reset_password, login), stored only as a keyed
  hash (HMAC with the look-up key and a salt of its own), valid `code_ttl_minutes` (10) from
  when it was sent: at exactly 10 minutes it has expired;
- only the newest code of a phone and purpose counts (asking again replaces the old one);
- every entry counts as an attempt; after `code_max_attempts` (5) wrong entries the code is
  dead, even for the right digits, and a new one must be asked for; a code works once;
- how often codes may be sent: code_limits.py.

What a stranger can learn: nothing. Every request answers the same, stores a code (so limits
and wrong tries behave the same) and sends one SMS (so it takes as long), whether or not the
phone has an account; only what the SMS says differs, and only the phone's holder reads it:
- sign-up: a free phone gets its code; a registered one gets no code but a notice that someone
  tried to sign up with it (log in, or reset the password) — so no code can pass for it;
- reset and log-in codes: an active account gets its code; any other phone a notice that it
  has no account (nothing can pass for it either).
"""

from __future__ import annotations

import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import update
from sqlmodel import Session, col, select

from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations import sms
from salon_app.core.models import User, VerificationCode
from salon_app.core.services.auth.code_limits import take_send_slot
from salon_app.core.services.auth.phones import mask, normalize_mobile
from salon_app.core.settings import get_settings

log = logging.getLogger(__name__)
CODE_DIGITS = 6


class Purpose(StrEnum):
    signup = "signup"
    reset_password = "reset_password"
    login = "login"  # while the platform-wide ceiling of wrong passwords is reached


@dataclass(frozen=True)
class CodeSent:
    """What the page tells the person: where it went (masked), for how long it is valid, and
    when they may ask again."""

    phone_masked: str
    valid_minutes: int
    resend_after_s: int


def _purpose(purpose: str) -> Purpose:
    if purpose not in Purpose.__members__:
        raise DomainError("auth.code_purpose")
    return Purpose(purpose)


def _digest(salt: str, code: str) -> str:
    return crypto.lookup_hash(f"code:{salt}:{code}")


def _client_hash(client: str | None) -> str | None:
    return crypto.lookup_hash(f"client:{client}") if client else None


def _message(session: Session, e164: str, purpose: Purpose) -> str:
    """The SMS template this request is answered with (module rules): the code's, or a
    notice that carries no code."""
    active = session.exec(
        select(User.is_active).where(User.phone_hash == crypto.lookup_hash(e164))
    ).first()
    if purpose == Purpose.signup:
        return "signup_taken" if active is not None else f"verify_{purpose}"
    return f"verify_{purpose}" if active else "no_account"


def send_code(session: Session, phone: str, purpose: str, client: str | None = None) -> CodeSent:
    """Send a new code for `purpose` to `phone` (see the module rules; `client` is the asking
    browser's address, for the per-address limit). sms.send_failed when the provider fails:
    then the code is withdrawn and does not count against the limits."""
    settings = get_settings()
    e164, kind = normalize_mobile(phone), _purpose(purpose)
    template = _message(session, e164, kind)
    now = utcnow()
    phone_hash = crypto.lookup_hash(e164)
    take_send_slot(session, phone_hash, _client_hash(client), now)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    salt = secrets.token_hex(8)
    row = VerificationCode(
        phone_hash=phone_hash,
        purpose=kind,
        code_hash=_digest(salt, code),
        salt=salt,
        client_hash=_client_hash(client),
        created_at=now,
        expires_at=now + timedelta(minutes=settings.code_ttl_minutes),
    )
    session.add(row)
    session.commit()  # before the (slow) send: the phone's lock is not held over the network
    params = {"code": code, "minutes": str(settings.code_ttl_minutes)}
    if not template.startswith("verify_"):
        params = {}
    try:
        sms.get_sender(session.get_bind()).send(e164, template, params)
    except sms.SmsError:
        log.exception("sending a %s code failed", kind)
        session.delete(row)
        session.commit()
        raise DomainError("sms.send_failed") from None
    return CodeSent(mask(e164), settings.code_ttl_minutes, settings.sms_resend_seconds)


def redeem_code(session: Session, e164: str, purpose: Purpose, code: str) -> None:
    """Use the newest code of (phone, purpose): marked used in the caller's transaction (so it
    stays unused if the caller's action fails). A wrong entry is counted and committed at
    once, then refused: auth.code_wrong (tries left) or auth.code_dead (no tries left);
    auth.code_missing when there is no unused code, auth.code_expired after its time."""
    settings = get_settings()
    entered = (code or "").strip()
    if len(entered) != CODE_DIGITS or not entered.isdigit():
        raise DomainError("auth.code_format", digits=CODE_DIGITS)
    row = session.exec(
        select(VerificationCode)
        .where(
            VerificationCode.phone_hash == crypto.lookup_hash(e164),
            VerificationCode.purpose == purpose,
        )
        .order_by(col(VerificationCode.created_at).desc(), col(VerificationCode.id).desc())
        .execution_options(populate_existing=True)  # its counters change by plain updates
    ).first()
    if row is None or row.used_at is not None:
        raise DomainError("auth.code_missing")
    if row.attempts >= settings.code_max_attempts:
        raise DomainError("auth.code_dead", tries=settings.code_max_attempts)
    if utcnow() >= row.expires_at:
        raise DomainError("auth.code_expired")
    # Take one attempt atomically: parallel guesses each use one of the five.
    tries = row.attempts + 1
    taken = session.execute(
        update(VerificationCode)
        .where(
            VerificationCode.id == row.id,
            VerificationCode.attempts < settings.code_max_attempts,
            col(VerificationCode.used_at).is_(None),
        )
        .values(attempts=VerificationCode.attempts + 1)
    )
    if taken.rowcount != 1:
        session.rollback()
        raise DomainError("auth.code_dead", tries=settings.code_max_attempts)
    if not hmac.compare_digest(row.code_hash, _digest(row.salt, entered)):
        left = settings.code_max_attempts - tries
        session.commit()
        if left <= 0:
            raise DomainError("auth.code_dead", tries=settings.code_max_attempts)
        raise DomainError("auth.code_wrong", left=left)
    used = session.execute(
        update(VerificationCode)
        .where(VerificationCode.id == row.id, col(VerificationCode.used_at).is_(None))
        .values(used_at=utcnow())
    )
    if used.rowcount != 1:  # the same code used at the same moment by another request
        session.rollback()
        raise DomainError("auth.code_missing")
