"""Alibaba Cloud RPC-style request signing (HMAC-SHA1, SignatureVersion 1.0), as the 号码隐私
保护 (dyplsapi) API checks it: the sorted, percent-encoded query is signed as
"GET&%2F&" + encode(query) with the key secret followed by "&"."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as Aliyun wants it: space is %20, * is %2A, ~ stays."""
    return quote(str(value), safe="~")


def string_to_sign(method: str, params: dict[str, str]) -> str:
    query = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))
    return f"{method}&{percent_encode('/')}&{percent_encode(query)}"


def signature(secret: str, method: str, params: dict[str, str]) -> str:
    """The Signature parameter for `params` (without Signature itself)."""
    digest = hmac.new(
        f"{secret}&".encode(), string_to_sign(method, params).encode(), hashlib.sha1
    ).digest()
    return base64.b64encode(digest).decode()


def verify(secret: str, method: str, params: dict[str, str]) -> bool:
    """The provider's check: the request's Signature matches its other parameters."""
    given = params.get("Signature", "")
    rest = {k: v for k, v in params.items() if k != "Signature"}
    return hmac.compare_digest(given, signature(secret, method, rest))
