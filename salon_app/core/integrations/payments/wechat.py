"""WeChat Pay API v3 through the `wechatpayv3` SDK: H5 payments for phone browsers.

The SDK signs every request (Authorization: WECHATPAY2-SHA256-RSA2048 ...), downloads the
platform certificates from /v3/certificates (AES-256-GCM under the APIv3 key), verifies the
signature of every response and notification with them and decrypts notification resources.
We use those code paths unchanged.

The SDK hard-codes https://api.mch.weixin.qq.com and has no option to change it (its
certificates are fetched from that host inside the constructor), and it calls the module-level
`requests.get/post/...` of `wechatpayv3.core`. To point it at another gateway we replace that
module reference with `_GatewayTransport`: the same five functions, which send official-host
URLs to the gateway of the adapter making the call and keep connections alive. Against the
real gateway the URLs pass through untouched.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import requests
from wechatpayv3 import WeChatPay, WeChatPayType
from wechatpayv3 import core as wechat_core

from salon_app.core.integrations.payments.keys import PaymentKeys, load_payment_keys
from salon_app.core.integrations.payments.provider import (
    IGNORED,
    PAYMENT_SUCCEEDED,
    REFUND_FAILED,
    REFUND_SUCCEEDED,
    GatewayConfig,
    NotificationRejected,
    PaymentEvent,
    PaymentRequest,
    ProviderError,
    ProviderRejected,
    RefundRequest,
    RefundStatus,
    TradeStatus,
    UnknownCertificate,
    require_fresh,
)

log = logging.getLogger("salon_app.payments.wechat")
OFFICIAL_GATEWAY = "https://api.mch.weixin.qq.com"
CHINA = ZoneInfo("Asia/Shanghai")
_gateway: ContextVar[str | None] = ContextVar("wechat_gateway", default=None)

TRADE_STATES = {
    "SUCCESS": "paid",
    "REFUND": "paid",  # paid, then (partly) refunded
    "NOTPAY": "pending",
    "USERPAYING": "pending",
    "CLOSED": "closed",
    "REVOKED": "closed",
    "PAYERROR": "closed",
}
REFUND_STATES = {
    "SUCCESS": "succeeded",
    "PROCESSING": "processing",
    "ABNORMAL": "failed",
    "CLOSED": "failed",
}


class _GatewayTransport:
    """Stands in for `requests` inside wechatpayv3.core (see the module docstring)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _send(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        base = _gateway.get()
        if base and url.startswith(OFFICIAL_GATEWAY):
            url = base + url[len(OFFICIAL_GATEWAY) :]
        return self._session().request(method, url, **kwargs)

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self._send("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self._send("POST", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> requests.Response:
        return self._send("PATCH", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> requests.Response:
        return self._send("PUT", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> requests.Response:
        return self._send("DELETE", url, **kwargs)


_TRANSPORT = _GatewayTransport()


class WeChatPayProvider:
    name = "wechat"

    def __init__(self, config: GatewayConfig, keys: PaymentKeys | None = None) -> None:
        self._config = config
        self._keys = keys or load_payment_keys(config.keys_dir)
        self._base = None if config.wechat_url == OFFICIAL_GATEWAY else config.wechat_url
        self._sdk_client: WeChatPay | None = None
        self._lock = threading.Lock()  # the SDK's certificate list is not thread-safe
        wechat_core.requests = _TRANSPORT

    @contextmanager
    def _pointed(self) -> Iterator[None]:
        token = _gateway.set(self._base)
        try:
            yield
        finally:
            _gateway.reset(token)

    def _sdk(self) -> WeChatPay:
        """Built on first use: the constructor downloads the platform certificates."""
        if self._sdk_client is None:
            with self._lock, self._pointed():
                if self._sdk_client is None:
                    try:
                        self._sdk_client = WeChatPay(
                            wechatpay_type=WeChatPayType.H5,
                            mchid=self._config.wechat_mchid,
                            private_key=self._keys.wechat_merchant_key,
                            cert_serial_no=self._keys.wechat_merchant_serial,
                            appid=self._config.wechat_appid,
                            apiv3_key=self._keys.wechat_apiv3_key,
                            notify_url=self._config.notify_url(self.name),
                            logger=log,
                            timeout=(3, 10),
                        )
                    except Exception as exc:  # the SDK raises bare Exception
                        raise ProviderError(f"wechat: no platform certificate ({exc})") from exc
        return self._sdk_client

    def _call(self, method: Callable[..., tuple[int, Any]], **kwargs: Any) -> tuple[int, dict]:
        sdk = self._sdk()
        with self._pointed():
            try:
                code, text = method(sdk, **kwargs)
            except requests.RequestException as exc:
                raise ProviderError(f"wechat: {exc}") from exc
            except Exception as exc:  # e.g. "failed to verify the signature"
                raise ProviderError(f"wechat: {exc}") from exc
        try:
            data = json.loads(text) if text else {}
        except (TypeError, ValueError) as exc:
            raise ProviderError(f"wechat: unreadable answer ({code})") from exc
        if code >= 500 or code in (401, 429):  # their trouble, or our keys: try again later
            raise ProviderError(f"wechat: {code} {data}")
        return code, data

    def create_payment(self, request: PaymentRequest) -> str:
        expires = (
            request.expires_at.astimezone(CHINA).isoformat(timespec="seconds")
            if (request.expires_at)
            else None
        )
        code, data = self._call(
            WeChatPay.pay,
            description=request.description[:127],
            out_trade_no=request.out_trade_no,
            amount={"total": request.amount_fen, "currency": "CNY"},
            time_expire=expires,
            scene_info={"payer_client_ip": request.client_ip, "h5_info": {"type": "Wap"}},
            pay_type=WeChatPayType.H5,
        )
        if code != 200 or "h5_url" not in data:
            raise ProviderRejected(data.get("code", str(code)), data.get("message", ""))
        # H5 payments come back to the merchant page given in redirect_url.
        return f"{data['h5_url']}&redirect_url={quote(request.return_url, safe='')}"

    def query_payment(self, out_trade_no: str) -> TradeStatus:
        code, data = self._call(WeChatPay.query, out_trade_no=out_trade_no)
        if code == 404:
            return TradeStatus(self.name, out_trade_no, "not_found")
        if code != 200:
            raise ProviderError(f"wechat query: {code} {data}")
        amount = data.get("amount") or {}
        return TradeStatus(
            self.name,
            out_trade_no,
            TRADE_STATES.get(data.get("trade_state", ""), "pending"),
            data.get("transaction_id"),
            amount.get("total"),
            amount.get("currency", "CNY"),
        )

    def refund(self, request: RefundRequest) -> RefundStatus:
        code, data = self._call(
            WeChatPay.refund,
            out_refund_no=request.out_refund_no,
            amount={"refund": request.amount_fen, "total": request.total_fen, "currency": "CNY"},
            out_trade_no=request.out_trade_no,
            reason=request.reason[:80] or None,
            notify_url=self._config.notify_url(self.name),
        )
        if code != 200:
            raise ProviderRejected(data.get("code", str(code)), data.get("message", ""))
        return self._refund_status(request.out_refund_no, data)

    def query_refund(self, out_refund_no: str, out_trade_no: str) -> RefundStatus:
        code, data = self._call(WeChatPay.query_refund, out_refund_no=out_refund_no)
        if code == 404:
            return RefundStatus(self.name, out_refund_no, "not_found", out_trade_no=out_trade_no)
        if code != 200:
            raise ProviderError(f"wechat refund query: {code} {data}")
        return self._refund_status(out_refund_no, data)

    def _refund_status(self, out_refund_no: str, data: dict) -> RefundStatus:
        return RefundStatus(
            self.name,
            out_refund_no,
            REFUND_STATES.get(data.get("status", ""), "processing"),
            data.get("refund_id"),
            (data.get("amount") or {}).get("refund"),
            data.get("out_trade_no"),
        )

    def _knows_serial(self, sdk: WeChatPay, serial: str) -> bool:
        """Whether the platform certificates we hold include this serial (hex)."""
        try:
            number = int(serial, 16)
        except ValueError as exc:
            raise NotificationRejected("bad_signature") from exc
        return any(cert.serial_number == number for cert in sdk._core._certificates)

    def refresh_certificates(self) -> None:
        """Download the platform certificates again (after a rotation). The SDK empties its
        list before fetching: when the gateway gives none, the ones we had are kept."""
        sdk = self._sdk()
        with self._lock, self._pointed():
            held = list(sdk._core._certificates)
            try:
                sdk._core._update_certificates()
            except Exception as exc:  # the SDK raises bare Exception
                log.warning("wechat: certificate refetch failed: %s", exc)
            if not sdk._core._certificates:
                sdk._core._certificates.extend(held)

    def parse_notification(self, headers: dict[str, str], body: bytes) -> PaymentEvent:
        """Refused as UnknownCertificate when signed by a serial we do not hold: the SDK would
        refetch the certificates for every such request, under the lock (see checkout)."""
        headers = {k.lower(): v for k, v in headers.items()}
        sdk = self._sdk()
        serial = headers.get("wechatpay-serial", "")
        with self._lock:
            known = self._knows_serial(sdk, serial)
        if not known:
            raise UnknownCertificate(serial[:64])
        with self._lock, self._pointed():
            try:
                data = sdk.callback(headers, body)
            except Exception as exc:  # unsupported algorithm, bad serial, bad JSON
                raise NotificationRejected("bad_signature") from exc
        if not data:  # signature did not verify, or the resource did not decrypt
            raise NotificationRejected("bad_signature")
        try:
            sent_at = datetime.fromtimestamp(int(headers.get("wechatpay-timestamp", "")), UTC)
        except ValueError as exc:
            raise NotificationRejected("stale_timestamp") from exc
        require_fresh(sent_at, self._config.notify_tolerance_s)
        resource = data.get("resource") or {}
        if resource.get("mchid") != self._config.wechat_mchid:
            raise NotificationRejected("wrong_merchant")
        event_type, event_id = data.get("event_type", ""), str(data.get("id", ""))[:64]
        amount = resource.get("amount") or {}
        if event_type == "TRANSACTION.SUCCESS" and resource.get("trade_state") == "SUCCESS":
            return PaymentEvent(
                provider=self.name,
                kind=PAYMENT_SUCCEEDED,
                out_trade_no=resource.get("out_trade_no", ""),
                provider_txn_id=resource.get("transaction_id"),
                amount_fen=amount.get("total"),
                currency=amount.get("currency", ""),
                event_id=event_id,
            )
        if event_type.startswith("REFUND."):
            succeeded = event_type == "REFUND.SUCCESS"
            return PaymentEvent(
                provider=self.name,
                kind=REFUND_SUCCEEDED if succeeded else REFUND_FAILED,
                out_trade_no=resource.get("out_trade_no", ""),
                provider_txn_id=resource.get("transaction_id"),
                amount_fen=amount.get("refund"),
                out_refund_no=resource.get("out_refund_no"),
                provider_refund_id=resource.get("refund_id"),
                event_id=event_id,
            )
        return PaymentEvent(self.name, IGNORED, resource.get("out_trade_no", ""), event_id=event_id)
