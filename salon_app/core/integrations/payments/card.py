"""Bank cards through a card acquirer's REST API, in the style of the big acquirers.

Requests: JSON over HTTPS, `Authorization: Bearer <api key>`, an `Idempotency-Key` on every
POST. A payment intent (amount in fen) answers with a hosted page to redirect the customer to;
refunds are keyed by our reference. Webhooks are JSON events signed with the webhook secret:
`Card-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.

    POST /v1/payment_intents          GET /v1/payment_intents?reference=...
    POST /v1/refunds                  GET /v1/refunds?reference=...
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from datetime import UTC, datetime

import httpx

from salon_app.core.integrations.payments.keys import PaymentKeys, load_payment_keys
from salon_app.core.integrations.payments.provider import (
    IGNORED,
    PAYMENT_FAILED,
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
    require_fresh,
)

SIGNATURE_HEADER = "card-signature"
INTENT_STATES = {
    "succeeded": "paid",
    "requires_action": "pending",
    "failed": "closed",
    "canceled": "closed",
}
REFUND_STATES = {"succeeded": "succeeded", "pending": "processing", "failed": "failed"}


def sign_webhook(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header value for `body` sent at `timestamp` (the acquirer's side)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


class CardProvider:
    name = "card"

    def __init__(self, config: GatewayConfig, keys: PaymentKeys | None = None) -> None:
        self._config = config
        self._keys = keys or load_payment_keys(config.keys_dir)
        self._local = threading.local()

    def _client(self) -> httpx.Client:
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = httpx.Client(
                base_url=self._config.card_url,
                headers={"Authorization": f"Bearer {self._keys.card_api_key}"},
                timeout=httpx.Timeout(10.0, connect=3.0),
            )
        return client

    def _request(self, method: str, path: str, **kwargs: object) -> tuple[int, dict]:
        try:
            response = self._client().request(method, path, **kwargs)
            data = response.json() if response.content else {}
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderError(f"card: {exc}") from exc
        if response.status_code >= 500 or response.status_code in (401, 403, 429):
            raise ProviderError(f"card: {response.status_code} {data}")
        return response.status_code, data

    def create_payment(self, request: PaymentRequest) -> str:
        payload = {
            "merchant_id": self._config.card_merchant_id,
            "reference": request.out_trade_no,
            "amount": request.amount_fen,
            "currency": "CNY",
            "description": request.description[:200],
            "return_url": request.return_url,
            "notify_url": self._config.notify_url(self.name),
        }
        if request.expires_at is not None:
            payload["expires_at"] = int(request.expires_at.timestamp())
        code, data = self._request(
            "POST",
            "/v1/payment_intents",
            json=payload,
            headers={"Idempotency-Key": request.out_trade_no},
        )
        if code != 200:
            error = data.get("error") or {}
            raise ProviderRejected(error.get("code", str(code)), error.get("message", ""))
        return data["next_action"]["redirect_url"]

    def query_payment(self, out_trade_no: str) -> TradeStatus:
        code, data = self._request("GET", "/v1/payment_intents", params={"reference": out_trade_no})
        if code == 404:
            return TradeStatus(self.name, out_trade_no, "not_found")
        return TradeStatus(
            self.name,
            out_trade_no,
            INTENT_STATES.get(data.get("status", ""), "pending"),
            data.get("id"),
            data.get("amount"),
            data.get("currency", "CNY"),
        )

    def refund(self, request: RefundRequest) -> RefundStatus:
        payload = {
            "payment_intent": request.provider_txn_id,
            "amount": request.amount_fen,
            "reason": request.reason[:200],
            "reference": request.out_refund_no,
            "notify_url": self._config.notify_url(self.name),
        }
        code, data = self._request(
            "POST", "/v1/refunds", json=payload, headers={"Idempotency-Key": request.out_refund_no}
        )
        if code != 200:
            error = data.get("error") or {}
            raise ProviderRejected(error.get("code", str(code)), error.get("message", ""))
        return self._refund_status(request.out_refund_no, data)

    def query_refund(self, out_refund_no: str, out_trade_no: str) -> RefundStatus:
        code, data = self._request("GET", "/v1/refunds", params={"reference": out_refund_no})
        if code == 404:
            return RefundStatus(self.name, out_refund_no, "not_found", out_trade_no=out_trade_no)
        return self._refund_status(out_refund_no, data)

    def _refund_status(self, out_refund_no: str, data: dict) -> RefundStatus:
        return RefundStatus(
            self.name,
            out_refund_no,
            REFUND_STATES.get(data.get("status", ""), "processing"),
            data.get("id"),
            data.get("amount"),
            data.get("payment_reference"),
        )

    def parse_notification(self, headers: dict[str, str], body: bytes) -> PaymentEvent:
        header = {k.lower(): v for k, v in headers.items()}.get(SIGNATURE_HEADER, "")
        parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
        try:
            timestamp = int(parts.get("t", ""))
        except ValueError as exc:
            raise NotificationRejected("bad_signature") from exc
        expected = sign_webhook(self._keys.card_webhook_secret, timestamp, body).split("v1=")[1]
        if not hmac.compare_digest(
            expected.encode(), parts.get("v1", "").encode("utf-8", "replace")
        ):
            raise NotificationRejected("bad_signature")
        require_fresh(datetime.fromtimestamp(timestamp, UTC), self._config.notify_tolerance_s)
        try:
            event = json.loads(body)
            obj = event["data"]["object"]
        except (ValueError, KeyError, TypeError) as exc:
            raise NotificationRejected("bad_body") from exc
        kind, event_id = event.get("type", ""), str(event.get("id", ""))[:64]
        if obj.get("merchant_id") != self._config.card_merchant_id:
            raise NotificationRejected("wrong_merchant")
        if kind in ("payment_intent.succeeded", "payment_intent.payment_failed"):
            return PaymentEvent(
                provider=self.name,
                kind=PAYMENT_SUCCEEDED if kind.endswith("succeeded") else PAYMENT_FAILED,
                out_trade_no=obj.get("reference", ""),
                provider_txn_id=obj.get("id"),
                amount_fen=obj.get("amount"),
                currency=obj.get("currency", ""),
                event_id=event_id,
            )
        if kind in ("refund.succeeded", "refund.failed"):
            return PaymentEvent(
                provider=self.name,
                kind=REFUND_SUCCEEDED if kind == "refund.succeeded" else REFUND_FAILED,
                out_trade_no=obj.get("payment_reference", ""),
                provider_txn_id=obj.get("payment_intent"),
                amount_fen=obj.get("amount"),
                out_refund_no=obj.get("reference"),
                provider_refund_id=obj.get("id"),
                event_id=event_id,
            )
        return PaymentEvent(self.name, IGNORED, obj.get("reference", ""), event_id=event_id)
