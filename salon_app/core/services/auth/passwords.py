"""Password hashing with argon2id (cost from settings: tests lower it), and which passwords
are too common to accept (is_common)."""

from __future__ import annotations

import secrets
import string
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from salon_app.core.settings import get_settings

# Refused as new passwords besides zxcvbn's list of 30,000 passwords most found in breaches
# (Western sites): the ones tried first on Chinese sites (lower case), and the demo city's
# password, so that only the demo seed ever gives an account that one.
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
        "woaini520",
        "5201314a",
        "a5201314",
        "qq123456",
        "qwe123456",
        "abc123456",
        "123456abc",
        "zxc123456",
        "asd123456",
    }
)
_BREACHED = frozenset(FREQUENCY_LISTS["passwords"])


def is_common(password: str) -> bool:
    """One of the passwords guessers try first: in a breached-password list (above), or made
    only of such guesses (zxcvbn scores it 0: "too guessable", e.g. 0a0a0a0a, 11112222a)."""
    lower = password.lower()
    if lower in COMMON_PASSWORDS or lower in _BREACHED:
        return True
    return zxcvbn(password[:64])["score"] == 0


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
