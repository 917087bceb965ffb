"""Known devices: a browser an account has logged in from before carries a device token of that
account, so strangers' wrong passwords never stop its owner there (login_throttle.py).

A token is `nonce.mac`, the mac a keyed hash (the app's look-up key) of the account id and the
nonce: nothing is stored on the server, a token cannot be forged or moved to another account,
and a browser keeps the tokens of up to MAX_TOKENS accounts (a family's shared tablet), space
separated. A token only exempts from others' throttles, never from the password.
"""

from __future__ import annotations

import hmac
import secrets

from salon_app.core import crypto

MAX_TOKENS = 5
_MAX_LENGTH = 100  # one token is ~87 characters; anything longer is not ours


def _mac(user_id: int, nonce: str) -> str:
    return crypto.lookup_hash(f"device:{user_id}:{nonce}")


def _tokens(stored: object) -> list[str]:
    text = stored if isinstance(stored, str) else ""
    return [t for t in text.split()[:MAX_TOKENS] if len(t) <= _MAX_LENGTH]


def known_device(stored: object, user_id: int | None) -> str | None:
    """The nonce of the browser's token for `user_id` (the device's name in counters), or None
    when the browser holds none (or `user_id` is None: an unknown phone has no devices)."""
    if user_id is None:
        return None
    for token in _tokens(stored):
        nonce, _, mac = token.partition(".")
        if nonce and hmac.compare_digest(mac, _mac(user_id, nonce)):
            return nonce
    return None


def remember_device(stored: object, user_id: int) -> str:
    """The browser's tokens after `user_id` logged in on it: its token first (kept if it had
    one, else a new one), then the others, at most MAX_TOKENS."""
    nonce = known_device(stored, user_id) or secrets.token_urlsafe(12)
    mine = f"{nonce}.{_mac(user_id, nonce)}"
    others = [t for t in _tokens(stored) if t != mine]
    return " ".join([mine, *others][:MAX_TOKENS])
