"""Password hashing with argon2id; cost comes from settings (tests lower it)."""

from __future__ import annotations

import secrets
import string
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from salon_app.core.settings import get_settings

# Refused as new passwords: the ones tried first by anyone guessing (lower case), and the demo
# city's password, so that only the demo seed ever gives an account that one.
COMMON_PASSWORDS = frozenset(
    {
        "demo1234",
        "password1",
        "password123",
        "abc12345",
        "abcd1234",
        "a1234567",
        "a12345678",
        "aa123456",
        "12345678a",
        "qwer1234",
        "qwerty123",
        "1qaz2wsx",
        "admin123",
        "admin1234",
        "test1234",
        "woaini1314",
        "iloveyou1",
    }
)


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    s = get_settings()
    return PasswordHasher(time_cost=s.argon2_time_cost, memory_cost=s.argon2_memory_kib)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def random_password(
    length: int, letters: str = string.ascii_letters, digits: str = string.digits
) -> str:
    """`length` characters of `letters` and `digits`, at least one of each (validate_password's
    rule), for a password an operator passes on (a new operator's, a support reset's)."""
    while True:
        password = "".join(secrets.choice(letters + digits) for _ in range(length))
        if any(c in letters for c in password) and any(c in digits for c in password):
            return password
