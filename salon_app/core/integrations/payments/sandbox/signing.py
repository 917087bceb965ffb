"""The gateways' side of each signature: what the sandbox signs and how it checks merchants.

Also used by tests to craft notifications (forged, tampered, stale) byte for byte as a
gateway would send them.
"""

from __future__ import annotations

import base64
import json
import secrets
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key
from cryptography.x509 import load_pem_x509_certificate

from salon_app.core.amounts import yuan_text
from salon_app.core.clock import wall_utcnow
from salon_app.core.integrations.payments.card import SIGNATURE_HEADER, sign_webhook
from salon_app.core.integrations.payments.keys import load_payment_keys
from salon_app.core.settings import get_settings

CHINA = ZoneInfo("Asia/Shanghai")
WECHAT_SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"


@lru_cache(maxsize=16)
def private_key(pem: str) -> rsa.RSAPrivateKey:
    return load_pem_private_key(pem.encode(), password=None)  # type: ignore[return-value]


@lru_cache(maxsize=16)
def public_key(pem: str) -> rsa.RSAPublicKey:
    if "CERTIFICATE" in pem:
        return load_pem_x509_certificate(pem.encode()).public_key()  # type: ignore[return-value]
    return load_pem_public_key(pem.encode())  # type: ignore[return-value]


def rsa_sign(pem: str, message: str) -> str:
    signature = private_key(pem).sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def rsa_verify(pem: str, message: str, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
        public_key(pem).verify(raw, message.encode(), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


def compact(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def china_time(at: datetime | None = None, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    return (at or wall_utcnow()).astimezone(CHINA).strftime(fmt)


def rfc3339(at: datetime) -> str:
    return at.astimezone(CHINA).isoformat(timespec="seconds")


# -- WeChat Pay v3 ---------------------------------------------------------------------------
def wechat_aes_encrypt(apiv3_key: str, plaintext: str, associated_data: str) -> dict[str, str]:
    """The AEAD_AES_256_GCM envelope of notification resources and platform certificates."""
    nonce = secrets.token_hex(6)  # 12 characters, used as 12 bytes
    data = AESGCM(apiv3_key.encode()).encrypt(
        nonce.encode(), plaintext.encode(), associated_data.encode()
    )
    return {
        "algorithm": "AEAD_AES_256_GCM",
        "nonce": nonce,
        "associated_data": associated_data,
        "ciphertext": base64.b64encode(data).decode(),
    }


def wechat_signature_headers(
    platform_key: str, platform_serial: str, body: str, timestamp: int | None = None
) -> dict[str, str]:
    """Response and notification signature: RSA-SHA256 over "<ts>\\n<nonce>\\n<body>\\n"."""
    ts = str(int(wall_utcnow().timestamp()) if timestamp is None else timestamp)
    nonce = secrets.token_hex(16).upper()
    return {
        "Wechatpay-Timestamp": ts,
        "Wechatpay-Nonce": nonce,
        "Wechatpay-Serial": platform_serial,
        "Wechatpay-Signature": rsa_sign(platform_key, f"{ts}\n{nonce}\n{body}\n"),
        "Wechatpay-Signature-Type": WECHAT_SIGNATURE_TYPE,
        "Request-ID": secrets.token_hex(16),
    }


def wechat_notification(
    *,
    platform_key: str,
    platform_serial: str,
    apiv3_key: str,
    event_id: str,
    event_type: str,
    resource: dict[str, Any],
    timestamp: int | None = None,
) -> tuple[dict[str, str], bytes]:
    """A payment or refund notification exactly as WeChat Pay posts it."""
    original_type = "refund" if event_type.startswith("REFUND.") else "transaction"
    summary = {"TRANSACTION.SUCCESS": "支付成功", "REFUND.SUCCESS": "退款成功"}.get(
        event_type, "退款异常"
    )
    body = compact(
        {
            "id": event_id,
            "create_time": rfc3339(wall_utcnow()),
            "resource_type": "encrypt-resource",
            "event_type": event_type,
            "summary": summary,
            "resource": {
                "original_type": original_type,
                **wechat_aes_encrypt(apiv3_key, compact(resource), original_type),
            },
        }
    )
    headers = wechat_signature_headers(platform_key, platform_serial, body, timestamp)
    headers["Content-Type"] = "application/json"
    return headers, body.encode()


# -- Alipay ----------------------------------------------------------------------------------
def alipay_content(params: dict[str, str], exclude: tuple[str, ...]) -> str:
    return "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k not in exclude and v != "")


def alipay_notification(alipay_private_key: str, params: dict[str, str]) -> tuple[dict, bytes]:
    """An async notify: a form POST, RSA2 over the sorted params without sign and sign_type."""
    params = {**params, "sign_type": "RSA2"}
    params["sign"] = rsa_sign(alipay_private_key, alipay_content(params, ("sign", "sign_type")))
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    return headers, urlencode(params).encode()


def alipay_signed_answer(alipay_private_key: str, response_type: str, payload: dict) -> str:
    """A synchronous answer: {"<method>_response": {...}, "sign": RSA2 of that object's text}."""
    inner = compact(payload)
    return f'{{"{response_type}":{inner},"sign":"{rsa_sign(alipay_private_key, inner)}"}}'


# -- bank card -------------------------------------------------------------------------------
def card_notification(
    webhook_secret: str, event: dict[str, Any], timestamp: int | None = None
) -> tuple[dict[str, str], bytes]:
    body = compact(event).encode()
    ts = int(wall_utcnow().timestamp()) if timestamp is None else timestamp
    return {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign_webhook(webhook_secret, ts, body),
    }, body


# -- a paid notification of any provider (tests and benchmarks) ----------------------------
def paid_notification(
    provider: str,
    out_trade_no: str,
    amount_fen: int,
    txn_id: str,
    *,
    signing_key: str | None = None,
    sent_at: int | None = None,
) -> tuple[dict[str, str], bytes]:
    """What the gateway posts when `out_trade_no` is paid, signed with the demo gateway keys,
    or with `signing_key` as a forger would (a PEM key; for the card, an HMAC secret), at
    `sent_at` (unix time, default now)."""
    keys, s = load_payment_keys(), get_settings()
    sent = int(wall_utcnow().timestamp()) if sent_at is None else sent_at
    if provider == "wechat":
        resource = {
            "mchid": s.wechat_mchid,
            "appid": s.wechat_appid,
            "out_trade_no": out_trade_no,
            "transaction_id": txn_id,
            "trade_type": "MWEB",
            "trade_state": "SUCCESS",
            "trade_state_desc": "支付成功",
            "success_time": rfc3339(datetime.fromtimestamp(sent, UTC)),
            "amount": {"total": amount_fen, "payer_total": amount_fen, "currency": "CNY"},
        }
        return wechat_notification(
            platform_key=signing_key or keys.wechat_platform_key,
            platform_serial=keys.wechat_platform_serial,
            apiv3_key=keys.wechat_apiv3_key,
            event_id=f"EV-{txn_id[-18:]}",
            event_type="TRANSACTION.SUCCESS",
            resource=resource,
            timestamp=sent,
        )
    if provider == "alipay":
        params = {
            "notify_time": china_time(datetime.fromtimestamp(sent, UTC)),
            "notify_type": "trade_status_sync",
            "notify_id": f"N{txn_id}",
            "app_id": s.alipay_appid,
            "auth_app_id": s.alipay_appid,
            "charset": "utf-8",
            "version": "1.0",
            "trade_no": txn_id,
            "out_trade_no": out_trade_no,
            "trade_status": "TRADE_SUCCESS",
            "total_amount": yuan_text(amount_fen),
            "receipt_amount": yuan_text(amount_fen),
            "buyer_pay_amount": yuan_text(amount_fen),
            "subject": "Salon App 订单",
        }
        return alipay_notification(signing_key or keys.alipay_private_key, params)
    intent = {
        "id": txn_id,
        "object": "payment_intent",
        "merchant_id": s.card_merchant_id,
        "reference": out_trade_no,
        "amount": amount_fen,
        "currency": "CNY",
        "status": "succeeded",
    }
    event = {
        "id": f"evt_{txn_id}",
        "type": "payment_intent.succeeded",
        "created": sent,
        "data": {"object": intent},
    }
    return card_notification(signing_key or keys.card_webhook_secret, event, timestamp=sent)
