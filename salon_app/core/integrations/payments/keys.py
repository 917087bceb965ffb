"""Demo key material for the three gateways, generated on first use and never committed.

One JSON file in the instance dir holds both sides of each relationship, because in demo mode
the sandbox gateway runs next to the app: the merchant's WeChat key and certificate, WeChat's
platform key and certificate, the APIv3 key, the Alipay app and Alipay key pairs, and the card
acquirer's API key and webhook secret. Each side reads only its own half. In production the app
side is replaced by the real merchant credentials and the gateway side is not used.
"""

from __future__ import annotations

import json
import os
import secrets
import string
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from salon_app.core.clock import wall_utcnow
from salon_app.core.settings import get_settings

FILE_NAME = "payment_keys.json"


@dataclass(frozen=True)
class PaymentKeys:
    wechat_merchant_key: str  # PEM, PKCS#8: signs our API requests
    wechat_merchant_cert: str  # PEM certificate the gateway verifies them with
    wechat_merchant_serial: str  # its serial number in upper-case hex
    wechat_platform_key: str  # gateway side: signs responses and notifications
    wechat_platform_cert: str
    wechat_platform_serial: str
    wechat_apiv3_key: str  # 32 characters: AES-256-GCM key of notifications and certificates
    alipay_app_private_key: str  # signs our gateway requests
    alipay_app_public_key: str  # gateway side
    alipay_private_key: str  # gateway side: signs responses and notifications
    alipay_public_key: str  # verifies them
    card_api_key: str
    card_webhook_secret: str


def _private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _public_pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def _certificate(key: rsa.RSAPrivateKey, common_name: str) -> tuple[str, str]:
    """A self-signed certificate valid for ten years; returns (PEM, serial hex)."""
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Salon App sandbox"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = wall_utcnow()  # the SDKs check validity against real time
    serial = x509.random_serial_number()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode(), f"{serial:X}"


def generate_keys() -> dict[str, str]:
    def new_key() -> rsa.RSAPrivateKey:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)

    merchant, platform, app, alipay = new_key(), new_key(), new_key(), new_key()
    merchant_cert, merchant_serial = _certificate(merchant, "1900000109 merchant")
    platform_cert, platform_serial = _certificate(platform, "Tenpay.com Root CA sandbox")
    alphabet = string.ascii_letters + string.digits
    return {
        "wechat_merchant_key": _private_pem(merchant),
        "wechat_merchant_cert": merchant_cert,
        "wechat_merchant_serial": merchant_serial,
        "wechat_platform_key": _private_pem(platform),
        "wechat_platform_cert": platform_cert,
        "wechat_platform_serial": platform_serial,
        "wechat_apiv3_key": "".join(secrets.choice(alphabet) for _ in range(32)),
        "alipay_app_private_key": _private_pem(app),
        "alipay_app_public_key": _public_pem(app),
        "alipay_private_key": _private_pem(alipay),
        "alipay_public_key": _public_pem(alipay),
        "card_api_key": "sk_sandbox_" + secrets.token_hex(16),
        "card_webhook_secret": "whsec_" + secrets.token_hex(24),
    }


@lru_cache(maxsize=4)
def load_payment_keys(directory: Path | None = None) -> PaymentKeys:
    """The keys in `directory` (default: the instance dir), created there on first use."""
    path = (directory or get_settings().instance_dir) / FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: the app and the sandbox starting together must not write two different files.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                json.dump(generate_keys(), f)
    for _attempt in range(50):  # the other process may still be writing it
        try:
            return PaymentKeys(**json.loads(path.read_text()))
        except (json.JSONDecodeError, TypeError):
            time.sleep(0.1)
    raise RuntimeError(f"unreadable payment key file {path}")
