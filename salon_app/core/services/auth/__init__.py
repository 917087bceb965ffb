"""Who a user is: sign-up with a phone proven by an SMS code, log-in and server-side sessions
(login.py) behind throttles a stranger cannot turn against the owner (login_throttle.py, with
the browsers an account logged in from: devices.py), verification codes and how often they may
be sent (codes.py, code_limits.py), forgotten and changed passwords (password_changes.py),
password hashing (passwords.py), accounts still on a known password (known_password.py),
mainland mobile numbers (phones.py).
"""

from __future__ import annotations

from salon_app.core.services.auth.codes import CodeSent, Purpose, send_code
from salon_app.core.services.auth.known_password import accounts_with_password
from salon_app.core.services.auth.login import (
    LoginHolds,
    LoginResult,
    check_login,
    check_sign_up,
    disable_account,
    enable_account,
    end_sessions,
    log_in,
    log_out,
    open_account,
    resolve,
    sign_up,
    validate_password,
)
from salon_app.core.services.auth.password_changes import change_password, reset_password
from salon_app.core.services.auth.passwords import hash_password, random_password
from salon_app.core.services.auth.phones import mask, normalize_mobile

__all__ = [
    "CodeSent",
    "LoginHolds",
    "LoginResult",
    "Purpose",
    "accounts_with_password",
    "change_password",
    "check_login",
    "check_sign_up",
    "disable_account",
    "enable_account",
    "end_sessions",
    "hash_password",
    "log_in",
    "log_out",
    "mask",
    "normalize_mobile",
    "open_account",
    "random_password",
    "reset_password",
    "resolve",
    "send_code",
    "sign_up",
    "validate_password",
]
