"""Who a user is: sign-up, log-in with throttling and server-side sessions (login.py), password
hashing (passwords.py), mainland mobile numbers (phones.py).
"""

from __future__ import annotations

from salon_app.core.services.auth.login import (
    LoginResult,
    log_in,
    log_out,
    open_account,
    resolve,
    sign_up,
)
from salon_app.core.services.auth.passwords import hash_password
from salon_app.core.services.auth.phones import mask, normalize_mobile

__all__ = [
    "LoginResult",
    "hash_password",
    "log_in",
    "log_out",
    "mask",
    "normalize_mobile",
    "open_account",
    "resolve",
    "sign_up",
]
