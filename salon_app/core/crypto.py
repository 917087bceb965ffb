"""Field encryption (Fernet) and keyed look-up hashes for personal data at rest.

Keys come from the environment or from `<instance>/keys.json`, generated on first use and
never committed. Losing the file means losing the encrypted data: back it up with the DB.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from salon_app.core.settings import get_settings


@dataclass(frozen=True)
class Keys:
    field_key: bytes  # Fernet key, urlsafe base64
    lookup_key: bytes  # HMAC key for searchable hashes


def _generate() -> dict[str, str]:
    return {
        "field_key": Fernet.generate_key().decode(),
        "lookup_key": base64.urlsafe_b64encode(os.urandom(32)).decode(),
    }


def half_set_key_problem() -> str | None:
    """The two keys are set together or not at all: one alone used to be silently ignored."""
    env_field, env_lookup = os.environ.get("SALON_FIELD_KEY"), os.environ.get("SALON_LOOKUP_KEY")
    if bool(env_field) == bool(env_lookup):
        return None
    present, missing = (
        ("SALON_FIELD_KEY", "SALON_LOOKUP_KEY")
        if env_field
        else ("SALON_LOOKUP_KEY", "SALON_FIELD_KEY")
    )
    return (
        f"{present} is set but {missing} is not: set both (or neither, to use the key file "
        "keys.json in the instance dir)"
    )


@lru_cache(maxsize=1)
def get_keys() -> Keys:
    """The keys from SALON_FIELD_KEY + SALON_LOOKUP_KEY, or from the key file; only one of the
    two set is refused (RuntimeError naming the other), never silently replaced by the file."""
    half = half_set_key_problem()
    if half:
        raise RuntimeError(half)
    env_field, env_lookup = os.environ.get("SALON_FIELD_KEY"), os.environ.get("SALON_LOOKUP_KEY")
    if env_field and env_lookup:
        return Keys(env_field.encode(), base64.urlsafe_b64decode(env_lookup))
    path = get_settings().instance_dir / "keys.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two processes starting together must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                json.dump(_generate(), f)
        except FileExistsError:
            pass
    data = json.loads(path.read_text())
    return Keys(data["field_key"].encode(), base64.urlsafe_b64decode(data["lookup_key"]))


@lru_cache(maxsize=1)
def _fernet() -> Fernet:
    return Fernet(get_keys().field_key)


def encrypt(plain: str) -> str:
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:  # wrong key or tampered row: an operator problem, not a user one
        raise RuntimeError("encrypted field cannot be decrypted with the configured key") from exc


def lookup_hash(value: str) -> str:
    """Deterministic keyed hash, so equal values can be found without storing them."""
    return hmac.new(get_keys().lookup_key, value.encode(), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    """Session tokens are stored hashed: a leaked table does not log anyone in."""
    return hashlib.sha256(token.encode()).hexdigest()


# Typed values (coordinates, dates) are read in bulk by scheduling: AES-GCM is ~10x cheaper to
# open than Fernet and its tokens are shorter. Its key is derived from the field key, so the
# key file (and its backup) stays one secret.
_VALUE_INFO = b"salon-app field values v1"


@lru_cache(maxsize=1)
def _value_cipher() -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_VALUE_INFO)
    return AESGCM(key.derive(get_keys().field_key))


def seal(plain: str) -> str:
    """A short value (a coordinate, a date) encrypted and authenticated: urlsafe base64 of
    nonce + ciphertext. Equal values give different tokens."""
    nonce = os.urandom(12)
    return base64.urlsafe_b64encode(
        nonce + _value_cipher().encrypt(nonce, plain.encode(), None)
    ).decode()


def unseal(token: str) -> str:
    """The value `seal` encrypted; RuntimeError when the key does not open it."""
    try:
        raw = base64.urlsafe_b64decode(token)
        return _value_cipher().decrypt(raw[:12], raw[12:], None).decode()
    except (InvalidTag, ValueError) as exc:
        raise RuntimeError("encrypted value cannot be decrypted with the configured key") from exc
