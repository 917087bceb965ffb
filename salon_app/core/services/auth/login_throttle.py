"""How often a log-in may fail, and for whom: throttles that slow a guesser down without letting
a stranger lock the real user out (issue 13; the design is in docs/decisions.md).

Rules (counted with services/rate_limits.py; only wrong passwords count):
- per phone and client: `login_max_failures` (5) wrong passwords per `login_lock_minutes` (15)
  refuse that phone from that client until the window ends (auth.throttled). The client is the
  account's known device when the browser holds its device token (devices.py), else the
  browser's address: a stranger's failures only ever block the stranger's own address. The
  phone is the one typed, registered or not, so the answer never says whether it has an account;
- per client address, any phone: `login_address_failures` (30) per hour refuse the address
  (auth.throttled_address): one address spraying many accounts. Not for known devices (a real
  user behind the same carrier NAT as a sprayer still logs in on their phone);
- platform-wide: at `login_global_failures` (1000) wrong passwords per 15 minutes (a spray from
  many addresses) a log-in from a client that is not a known device of the account also needs a
  code sent by SMS to the phone (auth.login_code_needed); the phone's holder gets one, no
  guesser does. Known devices never need it;
- a success clears the (phone, client) count; a password reset clears the resetting client's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from salon_app.core.errors import DomainError
from salon_app.core.services import rate_limits
from salon_app.core.services.rate_limits import Limit
from salon_app.core.settings import get_settings

GLOBAL_KEY = "all"


def _pair() -> Limit:
    s = get_settings()
    return Limit("login_fail", s.login_max_failures, timedelta(minutes=s.login_lock_minutes))


def _address() -> Limit:
    return Limit("login_fail_address", get_settings().login_address_failures, timedelta(hours=1))


def global_limit() -> Limit:
    """The platform-wide rule (its counter's key is GLOBAL_KEY)."""
    return Limit("login_fail_global", get_settings().login_global_failures, timedelta(minutes=15))


def _change() -> Limit:
    s = get_settings()
    return Limit(
        "password_change_fail", s.login_max_failures, timedelta(minutes=s.login_lock_minutes)
    )


@dataclass(frozen=True)
class Gate:
    """Who is knocking: the phone typed, the client's address, its device nonce when the browser
    is a known device of the account; and whether this log-in needs an SMS code."""

    phone: str
    address: str
    device: str | None
    needs_code: bool

    @property
    def pair_key(self) -> str:
        client = f"device:{self.device}" if self.device else f"address:{self.address}"
        return f"{self.phone}|{client}"


def _minutes_left(limit: Limit, now: datetime) -> int:
    end = rate_limits.window_start(now, limit.per) + limit.per
    return max(1, math.ceil((end - now).total_seconds() / 60))


def _refuse_if_full(session: Session, limit: Limit, key: str, now: datetime, error: str) -> None:
    if rate_limits.peek(session, limit, key, now) >= limit.count:
        raise DomainError(error, minutes=_minutes_left(limit, now))


def open_gate(
    session: Session, phone: str, address: str | None, device: str | None, now: datetime
) -> Gate:
    """The throttles a log-in meets before its password is checked (module rules): raises
    auth.throttled_address or auth.throttled (with the minutes to wait); says whether a code is
    needed."""
    gate = Gate(phone, address or "", device, needs_code=False)
    if device is None:
        _refuse_if_full(session, _address(), gate.address, now, "auth.throttled_address")
    _refuse_if_full(session, _pair(), gate.pair_key, now, "auth.throttled")
    if (
        device is None
        and rate_limits.peek(session, global_limit(), GLOBAL_KEY, now) >= global_limit().count
    ):
        gate = Gate(phone, gate.address, None, needs_code=True)
    return gate


def count_failure(session: Session, gate: Gate, now: datetime) -> None:
    """One wrong password through `gate`, committed at once (the caller then refuses)."""
    rate_limits.take(session, _pair(), gate.pair_key, now)
    if gate.device is None:
        rate_limits.take(session, _address(), gate.address, now)
    rate_limits.take(session, global_limit(), GLOBAL_KEY, now)
    session.commit()


def forget_failures(session: Session, phone: str, address: str | None, device: str | None) -> None:
    """The (phone, client) count after a success or a reset, in the caller's transaction."""
    rate_limits.clear(session, _pair(), Gate(phone, address or "", device, False).pair_key)


def check_old_password_tries(session: Session, user_id: int, now: datetime) -> None:
    """Changing a password (logged in): auth.throttled once the old password was wrong
    `login_max_failures` times in the window; only the logged-in user can cause this."""
    _refuse_if_full(session, _change(), str(user_id), now, "auth.throttled")


def count_old_password_failure(session: Session, user_id: int, now: datetime) -> None:
    rate_limits.take(session, _change(), str(user_id), now)
    session.commit()
