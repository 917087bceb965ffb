"""A complete production configuration (real gateway hosts, merchant ids and merchant-only keys),
for tests that start the app with SALON_ENV=production."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from salon_app.core.clock import wall_utcnow
from salon_app.core.integrations.payments.keys import generate_keys


def _merchant_certificate() -> tuple[str, str, str]:
    """(private key PEM, certificate PEM, serial hex) as WeChat Pay issues a merchant."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "1230000109 merchant")])
    now = wall_utcnow()
    serial = x509.random_serial_number()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return pem, cert.public_bytes(serialization.Encoding.PEM).decode(), f"{serial:X}"


def merchant_keys(instance: Path) -> Path:
    """A payment key file as a real merchant has it: only the merchant's own half."""
    keys = generate_keys()
    for gateway_side in ("wechat_platform_key", "alipay_private_key", "alipay_app_public_key"):
        keys[gateway_side] = ""
    (
        keys["wechat_merchant_key"],
        keys["wechat_merchant_cert"],
        keys["wechat_merchant_serial"],
    ) = _merchant_certificate()
    keys["card_api_key"] = "sk_live_" + keys["card_api_key"].removeprefix("sk_sandbox_")
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "payment_keys.json"
    path.write_text(json.dumps(keys))
    return path


def production_env(instance: Path) -> dict[str, str]:
    """Environment of a production start that nothing in the settings check refuses."""
    merchant_keys(instance)
    return {
        "SALON_ENV": "production",
        "SALON_INSTANCE_DIR": str(instance),
        "SALON_PUBLIC_URL": "https://yueyue.example.cn",
        "SALON_WECHAT_GATEWAY_URL": "https://api.mch.weixin.qq.com",
        "SALON_WECHAT_MCHID": "1230000109",
        "SALON_WECHAT_APPID": "wx8888888888888888",
        "SALON_ALIPAY_GATEWAY_URL": "https://openapi.alipay.com/gateway.do",
        "SALON_ALIPAY_APPID": "2021004100000000",
        "SALON_CARD_GATEWAY_URL": "https://api.acquirer.example.cn",
        "SALON_CARD_MERCHANT_ID": "M884120",
        "SALON_SMS_PROVIDER": "aliyun",
        "SALON_RELAY_PROVIDER": "aliyun",
    }
