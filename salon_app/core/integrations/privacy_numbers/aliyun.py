"""The production adapter: Alibaba Cloud 号码隐私保护 (dyplsapi, Version 2017-05-25), AXB mode.

BindAxb(PoolKey, PhoneNoA, PhoneNoB, Expiration "yyyy-MM-dd HH:mm:ss" Beijing time, OutId)
answers {"Code": "OK", "SecretBindDTO": {"SecretNo", "SubsId", "Extension"}};
UnbindSubscription(PoolKey, SecretNo, SubsId) answers {"Code": "OK"}. Every request is signed
(signing.py). The same client talks to the local sandbox (sandbox.py) through an httpx
transport, so the sandbox checks exactly what the provider would.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx

from salon_app.core.clock import utcnow
from salon_app.core.event_loop import refuse_on_event_loop
from salon_app.core.integrations.privacy_numbers.base import (
    NoFreeNumber,
    RelayBinding,
    RelayError,
    RelayNotConfigured,
    national,
)
from salon_app.core.integrations.privacy_numbers.signing import signature

ENDPOINT = "https://dyplsapi.aliyuncs.com/"
VERSION = "2017-05-25"
BEIJING = ZoneInfo("Asia/Shanghai")
NO_NUMBER = "isv.NO_AVAILABLE_NUMBER"
GONE = ("isv.NO_NOT_EXIST", "isv.SUBSID_NOT_EXIST")  # unbinding what is already unbound


@dataclass
class AliyunAxb:
    access_key_id: str
    access_key_secret: str
    pool_key: str
    endpoint: str = ENDPOINT
    transport: httpx.BaseTransport | None = None
    timeout_s: float = 5.0
    _client: httpx.Client | None = field(default=None, repr=False)

    @classmethod
    def from_environment(cls) -> AliyunAxb:
        key_id = os.environ.get("SALON_RELAY_ACCESS_KEY_ID", "")
        secret = os.environ.get("SALON_RELAY_ACCESS_KEY_SECRET", "")
        pool = os.environ.get("SALON_RELAY_POOL_KEY", "")
        if not key_id or not secret or not pool:
            raise RelayNotConfigured(
                "SALON_RELAY_PROVIDER=aliyun needs SALON_RELAY_ACCESS_KEY_ID, "
                "SALON_RELAY_ACCESS_KEY_SECRET and SALON_RELAY_POOL_KEY"
            )
        return cls(key_id, secret, pool)

    def _call(self, action: str, params: dict[str, str]) -> dict:
        refuse_on_event_loop(f"privacy-number provider {action}")
        query = {
            "Action": action,
            "Format": "JSON",
            "Version": VERSION,
            "RegionId": "cn-hangzhou",
            "AccessKeyId": self.access_key_id,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureVersion": "1.0",
            "SignatureNonce": uuid.uuid4().hex,
            "Timestamp": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "PoolKey": self.pool_key,
            **params,
        }
        query["Signature"] = signature(self.access_key_secret, "GET", query)
        if self._client is None:
            self._client = httpx.Client(transport=self.transport, timeout=self.timeout_s)
        try:
            answer = self._client.get(self.endpoint, params=query).json()
        except (httpx.HTTPError, ValueError) as err:
            raise RelayError(f"{action}: {err}") from err
        return answer if isinstance(answer, dict) else {}

    def bind(self, phone_a: str, phone_b: str, expires_at: datetime, out_id: str) -> RelayBinding:
        """BindAxb: A and B to a free X of the pool until `expires_at`."""
        expiration = expires_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")
        answer = self._call(
            "BindAxb",
            {
                "PhoneNoA": national(phone_a),
                "PhoneNoB": national(phone_b),
                "Expiration": expiration,
                "OutId": out_id,
            },
        )
        code = answer.get("Code")
        if code == NO_NUMBER:
            raise NoFreeNumber(answer.get("Message", code))
        dto = answer.get("SecretBindDTO") or {}
        if code != "OK" or not dto.get("SecretNo") or not dto.get("SubsId"):
            raise RelayError(f"BindAxb: {code} {answer.get('Message', '')}")
        return RelayBinding(str(dto["SubsId"]), str(dto["SecretNo"]))

    def unbind(self, subs_id: str, relay_number: str) -> None:
        """UnbindSubscription; a subscription the provider no longer knows counts as released."""
        answer = self._call("UnbindSubscription", {"SecretNo": relay_number, "SubsId": subs_id})
        code = answer.get("Code")
        if code != "OK" and code not in GONE:
            raise RelayError(f"UnbindSubscription: {code} {answer.get('Message', '')}")
