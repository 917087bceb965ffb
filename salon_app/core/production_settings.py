"""Production refuses to start on settings meant for the demo (issue 13, hole 8).

The defaults run the embedded demo: every gateway on the local payment sandbox, demo merchant
ids, payment keys generated on first use (both sides of each gateway in one file) and the SMS
sandbox. With SALON_ENV=production each of these is a problem, named by its setting:

- a gateway URL (SALON_WECHAT_GATEWAY_URL, SALON_ALIPAY_GATEWAY_URL, SALON_CARD_GATEWAY_URL) or
  SALON_PUBLIC_URL that is not https, points at this machine or a private network, or at a
  vendor's sandbox host;
- a merchant id left at its demo value (SALON_WECHAT_MCHID, ...);
- no payment key file (the app would generate sandbox keys), or one holding the gateways' own
  private keys or the sandbox's markers (a real merchant never has those);
- SALON_SMS_PROVIDER=sandbox (codes recorded in the database, never sent);
- one of SALON_FIELD_KEY / SALON_LOOKUP_KEY set without the other (core/crypto.py refuses
  that everywhere; here it is named before anything is served).

`refuse_unsafe_settings_in_production()` prints them all and exits with status 2, like the
demo-password check that runs after it (core/demo/guard.py: `make run`, `python -m salon_app
check-production` and the app import).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import sys
from urllib.parse import urlsplit

from salon_app.core.crypto import half_set_key_problem
from salon_app.core.settings import Settings, get_settings

log = logging.getLogger("salon_app.production")
PRODUCTION = "production"
EXIT_UNSAFE_SETTINGS = 2
KEY_FILE = "payment_keys.json"

# setting -> the gateway's production address, for the message
GATEWAYS = {
    "SALON_WECHAT_GATEWAY_URL": "https://api.mch.weixin.qq.com",
    "SALON_ALIPAY_GATEWAY_URL": "https://openapi.alipay.com/gateway.do",
    "SALON_CARD_GATEWAY_URL": "your card acquirer's https API address",
    "SALON_PUBLIC_URL": "this site's public https address (gateways send notifications there)",
}
SANDBOX_HOSTS = ("sandbox", "alipaydev.com", "example.com", "example.org")
DEMO_IDS = {
    "SALON_WECHAT_MCHID": "1900000109",
    "SALON_WECHAT_APPID": "wxd678efh567hg6787",
    "SALON_ALIPAY_APPID": "2021000000000001",
    "SALON_CARD_MERCHANT_ID": "M100001",
}
GATEWAY_SIDE_KEYS = ("wechat_platform_key", "alipay_private_key")
SANDBOX_CERT_MARK = "Salon App sandbox"


def _url_problem(name: str, url: str) -> str | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    why = None
    if host in ("localhost", "") or host.endswith(".localhost"):
        why = "this machine (the local payment sandbox)"
    elif address is not None and (address.is_loopback or address.is_private):
        why = "this machine or a private network (the local payment sandbox)"
    elif any(mark in host for mark in SANDBOX_HOSTS):
        why = "a sandbox host"
    elif parts.scheme != "https":
        why = "not an https address"
    if why is None:
        return None
    return f"{name}={url} is {why}: set it to {GATEWAYS[name]}"


def _key_file_problem(settings: Settings) -> str | None:
    path = settings.instance_dir / KEY_FILE
    if not path.exists():
        return (
            f"{KEY_FILE} is missing in {settings.instance_dir} (SALON_INSTANCE_DIR): the app "
            "would generate sandbox demo keys; put the merchant's own keys there"
        )
    try:
        keys = json.loads(path.read_text())
    except (OSError, ValueError):
        return f"{path} cannot be read as JSON"
    demo = [k for k in GATEWAY_SIDE_KEYS if keys.get(k)]
    if str(keys.get("card_api_key", "")).startswith("sk_sandbox_"):
        demo.append("card_api_key")
    if SANDBOX_CERT_MARK in _certificate_subject(keys.get("wechat_merchant_cert", "")):
        demo.append("wechat_merchant_cert")
    if not demo:
        return None
    return (
        f"{path} holds the payment sandbox's demo keys ({', '.join(demo)}; a merchant never has "
        "the gateways' private keys): replace them with the merchant's real keys"
    )


def _certificate_subject(pem: str) -> str:
    if not pem:
        return ""
    from cryptography import x509

    try:
        return x509.load_pem_x509_certificate(pem.encode()).subject.rfc4514_string()
    except ValueError:
        return ""


def problems(settings: Settings | None = None) -> list[str]:
    """Every demo or sandbox setting that production must not start with (module docstring)."""
    s = settings or get_settings()
    found = []
    urls = {
        "SALON_WECHAT_GATEWAY_URL": s.wechat_gateway_url,
        "SALON_ALIPAY_GATEWAY_URL": s.alipay_gateway_url,
        "SALON_CARD_GATEWAY_URL": s.card_gateway_url,
        "SALON_PUBLIC_URL": s.public_url,
    }
    found += [p for p in (_url_problem(name, url) for name, url in urls.items()) if p]
    ids = {
        "SALON_WECHAT_MCHID": s.wechat_mchid,
        "SALON_WECHAT_APPID": s.wechat_appid,
        "SALON_ALIPAY_APPID": s.alipay_appid,
        "SALON_CARD_MERCHANT_ID": s.card_merchant_id,
    }
    for name, value in ids.items():
        if value == DEMO_IDS[name]:
            found.append(f"{name}={value} is the demo merchant's id: set the real one")
    key_file = _key_file_problem(s)
    if key_file:
        found.append(key_file)
    if s.sms_provider == "sandbox":
        found.append(
            "SALON_SMS_PROVIDER=sandbox only records codes in the database: set it to aliyun"
        )
    if s.relay_provider == "sandbox":
        found.append(
            "SALON_RELAY_PROVIDER=sandbox connects no calls (the local privacy-number provider): "
            "set it to aliyun"
        )
    half = half_set_key_problem()
    if half:
        found.append(half)
    return found


def refuse_unsafe_settings_in_production() -> None:
    """Exit (status 2, every problem logged and printed) when SALON_ENV=production and a
    setting is still the demo's; anywhere else, do nothing."""
    if os.environ.get("SALON_ENV", "") != PRODUCTION:
        return
    found = problems()
    if not found:
        return
    message = "SALON_ENV=production refuses to start:\n" + "\n".join(f"  - {p}" for p in found)
    log.critical(message)
    print(message, file=sys.stderr, flush=True)
    raise SystemExit(EXIT_UNSAFE_SETTINGS)
