"""Password hashing with argon2id (cost from settings: tests lower it), and which passwords
are too common to accept (is_common).

Hashing is the slowest thing a login does (tens of ms of CPU on purpose). It never runs on the
event loop (refuse_on_event_loop), each hash uses one lane (one core), and every hash runs in
one small pool of its own (HASHING_THREADS, default cores - 1), so a burst of logins queues
there instead of taking every core from the users browsing. Docs: decisions.md, issue 14.
"""

from __future__ import annotations

import os
import secrets
import string
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from salon_app.core.event_loop import refuse_on_event_loop
from salon_app.core.settings import get_settings

T = TypeVar("T")

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


HASHING_THREADS = max(1, (os.cpu_count() or 1) - 1)  # the event loop keeps a core
_in_pool = threading.local()
_pool = ThreadPoolExecutor(
    HASHING_THREADS, "argon2", initializer=lambda: setattr(_in_pool, "hashing", True)
)


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    s = get_settings()
    return PasswordHasher(
        time_cost=s.argon2_time_cost, memory_cost=s.argon2_memory_kib, parallelism=1
    )


def _in_hashing_pool(work: Callable[[], T]) -> T:
    """Run `work` in the hashing pool and wait for it (directly when already there)."""
    refuse_on_event_loop("argon2 password hashing")
    if getattr(_in_pool, "hashing", False):
        return work()
    return _pool.submit(work).result()


def hash_password(password: str) -> str:
    return _in_hashing_pool(lambda: _hasher().hash(password))


def verify_password(stored_hash: str, password: str) -> bool:
    def verify() -> bool:
        try:
            return _hasher().verify(stored_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    return _in_hashing_pool(verify)


def random_password(
    length: int, letters: str = string.ascii_letters, digits: str = string.digits
) -> str:
    """`length` characters of `letters` and `digits`, at least one of each (validate_password's
    rule), for a password an operator passes on (a new operator's, a support reset's)."""
    while True:
        password = "".join(secrets.choice(letters + digits) for _ in range(length))
        if any(c in letters for c in password) and any(c in digits for c in password):
            return password
