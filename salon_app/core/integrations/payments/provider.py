"""What the payment services need from a gateway, whatever its protocol.

Create a payment (-> the URL to send the customer to), query it, refund it, query a refund, and
turn a notification (headers + raw body) into a verified event or refuse it. Amounts are fen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

from salon_app.core import amounts
from salon_app.core.clock import wall_utcnow
from salon_app.core.settings import Settings, get_settings

PROVIDERS = ("wechat", "alipay", "card")
NOTIFY_PATH = "/api/pay/{provider}/notify"

# Event kinds
PAYMENT_SUCCEEDED = "payment_succeeded"
PAYMENT_FAILED = "payment_failed"
REFUND_SUCCEEDED = "refund_succeeded"
REFUND_FAILED = "refund_failed"
IGNORED = "ignored"  # genuine, but nothing for us to do (e.g. Alipay's TRADE_CLOSED)


class ProviderError(Exception):
    """The gateway could not be reached or gave an answer we cannot use: try again later."""


class ProviderRejected(ProviderError):
    """The gateway refused the request itself (a business error): retrying will not help."""

    def __init__(self, code: str, message: str = "") -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


class NotificationRejected(Exception):
    """A notification failed verification; `reason` is logged, nothing is applied."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnknownCertificate(NotificationRejected):
    """Signed with a certificate serial we do not hold: a forgery, or the gateway rotated its
    certificates. Refetching them is the caller's decision (it is rate-limited)."""

    def __init__(self, serial: str) -> None:
        super().__init__("unknown_serial")
        self.serial = serial


@dataclass(frozen=True)
class GatewayConfig:
    public_url: str
    wechat_url: str
    wechat_mchid: str
    wechat_appid: str
    alipay_url: str
    alipay_appid: str
    card_url: str
    card_merchant_id: str
    notify_tolerance_s: int
    keys_dir: Path

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> GatewayConfig:
        s = settings or get_settings()
        return cls(
            public_url=s.public_url,
            wechat_url=s.wechat_gateway_url.rstrip("/"),
            wechat_mchid=s.wechat_mchid,
            wechat_appid=s.wechat_appid,
            alipay_url=s.alipay_gateway_url,
            alipay_appid=s.alipay_appid,
            card_url=s.card_gateway_url.rstrip("/"),
            card_merchant_id=s.card_merchant_id,
            notify_tolerance_s=s.pay_notify_tolerance_s,
            keys_dir=s.instance_dir,
        )

    def sandboxed(self, sandbox_url: str, public_url: str | None = None) -> GatewayConfig:
        """The same merchant, with every gateway on one sandbox (tests, benchmarks)."""
        base = sandbox_url.rstrip("/")
        return replace(
            self,
            wechat_url=base,
            alipay_url=f"{base}/gateway.do",
            card_url=f"{base}/card",
            public_url=(public_url or self.public_url).rstrip("/"),
        )

    def notify_url(self, provider: str) -> str:
        return self.public_url + NOTIFY_PATH.format(provider=provider)


@dataclass(frozen=True)
class PaymentRequest:
    out_trade_no: str
    amount_fen: int
    description: str
    return_url: str  # where the gateway sends the browser back
    client_ip: str
    expires_at: datetime | None = None  # the gateway refuses payment after this


@dataclass(frozen=True)
class TradeStatus:
    provider: str
    out_trade_no: str
    state: str  # paid | pending | closed | not_found
    provider_txn_id: str | None = None
    amount_fen: int | None = None
    currency: str = "CNY"

    def as_event(self) -> PaymentEvent:
        """A paid trade found by a query is applied like its notification would be."""
        return PaymentEvent(
            provider=self.provider,
            kind=PAYMENT_SUCCEEDED,
            out_trade_no=self.out_trade_no,
            provider_txn_id=self.provider_txn_id,
            amount_fen=self.amount_fen,
            currency=self.currency,
            event_id="query",
        )


@dataclass(frozen=True)
class RefundRequest:
    out_trade_no: str
    provider_txn_id: str | None
    out_refund_no: str  # our idempotency key: the gateway refunds each one once
    amount_fen: int
    total_fen: int  # the payment's amount (WeChat wants it)
    reason: str


@dataclass(frozen=True)
class RefundStatus:
    provider: str
    out_refund_no: str
    state: str  # processing | succeeded | failed | not_found
    provider_refund_id: str | None = None
    amount_fen: int | None = None
    out_trade_no: str | None = None

    def as_event(self) -> PaymentEvent:
        return PaymentEvent(
            provider=self.provider,
            kind=REFUND_SUCCEEDED if self.state == "succeeded" else REFUND_FAILED,
            out_trade_no=self.out_trade_no or "",
            amount_fen=self.amount_fen,
            out_refund_no=self.out_refund_no,
            provider_refund_id=self.provider_refund_id,
            event_id="query",
        )


@dataclass(frozen=True)
class PaymentEvent:
    """A verified fact from a gateway: signature and freshness already checked."""

    provider: str
    kind: str
    out_trade_no: str
    provider_txn_id: str | None = None
    amount_fen: int | None = None
    currency: str = "CNY"
    out_refund_no: str | None = None
    provider_refund_id: str | None = None
    event_id: str = ""


class PaymentProvider(Protocol):
    name: str

    def create_payment(self, request: PaymentRequest) -> str:
        """Register the payment; returns the URL to send the customer's browser to."""
        ...

    def query_payment(self, out_trade_no: str) -> TradeStatus: ...

    def refund(self, request: RefundRequest) -> RefundStatus: ...

    def query_refund(self, out_refund_no: str, out_trade_no: str) -> RefundStatus: ...

    def parse_notification(self, headers: dict[str, str], body: bytes) -> PaymentEvent:
        """Verify signature and timestamp, then read the body; raises NotificationRejected."""
        ...


def fen(yuan_text: str) -> int:
    """A gateway's '19.99' -> 1999; anything that is not a whole number of fen is refused."""
    try:
        return amounts.fen_from_yuan(yuan_text)
    except ValueError as exc:
        raise NotificationRejected("bad_amount") from exc


def require_fresh(sent_at: datetime, tolerance_s: int, now: datetime | None = None) -> None:
    """Signed but old is a replay: refuse notifications outside the tolerance window."""
    skew = abs(((now or wall_utcnow()) - sent_at).total_seconds())
    if skew > tolerance_s:
        raise NotificationRejected("stale_timestamp")
