"""Alipay through `python-alipay-sdk`: phone-website payments (alipay.trade.wap.pay).

The SDK signs requests with the app's RSA2 key, calls the gateway for query/refund (GET
`gateway.do?<signed params>`), verifies the signature of each synchronous answer with Alipay's
public key, and verifies async notifications (`AliPay.verify`). It keeps the gateway address in
the instance attribute `_gateway`, which its constructor sets to the production or the
Alipay-sandbox host; `_GatewayAliPay` sets it to the configured URL after the constructor and
changes nothing else, so every SDK code path runs as shipped.
"""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.error import URLError
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

from alipay import AliPay
from alipay.exceptions import AliPayException, AliPayValidationError

from salon_app.core.amounts import yuan_text
from salon_app.core.integrations.payments.keys import PaymentKeys, load_payment_keys
from salon_app.core.integrations.payments.provider import (
    IGNORED,
    PAYMENT_SUCCEEDED,
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
    fen,
    require_fresh,
)

log = logging.getLogger("salon_app.payments.alipay")
CHINA = ZoneInfo("Asia/Shanghai")  # Alipay's timestamps are Beijing time without a zone
TRADE_STATES = {
    "TRADE_SUCCESS": "paid",
    "TRADE_FINISHED": "paid",
    "WAIT_BUYER_PAY": "pending",
    "TRADE_CLOSED": "closed",
}


class _GatewayAliPay(AliPay):
    def __init__(self, gateway: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._gateway = gateway


class AlipayProvider:
    name = "alipay"

    def __init__(self, config: GatewayConfig, keys: PaymentKeys | None = None) -> None:
        self._config = config
        keys = keys or load_payment_keys(config.keys_dir)
        self._sdk = _GatewayAliPay(
            gateway=config.alipay_url,
            appid=config.alipay_appid,
            app_notify_url=config.notify_url(self.name),
            app_private_key_string=keys.alipay_app_private_key,
            alipay_public_key_string=keys.alipay_public_key,
            sign_type="RSA2",
        )

    def _api(self, method_name: str, **kwargs: object) -> dict:
        try:
            return getattr(self._sdk, method_name)(**kwargs)
        except AliPayValidationError as exc:
            raise ProviderError("alipay: answer signature did not verify") from exc
        except AliPayException as exc:  # unsigned error answer (e.g. bad app id)
            raise ProviderError(f"alipay: {exc}") from exc
        except (URLError, OSError, ValueError) as exc:
            raise ProviderError(f"alipay: {exc}") from exc

    def create_payment(self, request: PaymentRequest) -> str:
        extra = {}
        if request.expires_at is not None:
            extra["time_expire"] = f"{request.expires_at.astimezone(CHINA):%Y-%m-%d %H:%M:%S}"
        order_string = self._sdk.api_alipay_trade_wap_pay(
            subject=request.description[:256],
            out_trade_no=request.out_trade_no,
            total_amount=yuan_text(request.amount_fen),
            return_url=request.return_url,
            notify_url=self._config.notify_url(self.name),
            **extra,
        )
        # A phone-website payment is a browser redirect to the signed gateway URL.
        return f"{self._config.alipay_url}?{order_string}"

    def query_payment(self, out_trade_no: str) -> TradeStatus:
        data = self._api("api_alipay_trade_query", out_trade_no=out_trade_no)
        if data.get("sub_code") == "ACQ.TRADE_NOT_EXIST":  # the buyer never opened the page
            return TradeStatus(self.name, out_trade_no, "not_found")
        if data.get("code") != "10000":
            raise ProviderError(f"alipay query: {data}")
        return TradeStatus(
            self.name,
            out_trade_no,
            TRADE_STATES.get(data.get("trade_status", ""), "pending"),
            data.get("trade_no"),
            fen(data["total_amount"]) if data.get("total_amount") else None,
        )

    def refund(self, request: RefundRequest) -> RefundStatus:
        data = self._api(
            "api_alipay_trade_refund",
            refund_amount=yuan_text(request.amount_fen),
            out_trade_no=request.out_trade_no,
            out_request_no=request.out_refund_no,  # Alipay's idempotency key for refunds
            refund_reason=request.reason[:256],
        )
        if data.get("code") == "10000":  # refunds are synchronous; a repeat answers fund_change N
            return RefundStatus(
                self.name,
                request.out_refund_no,
                "succeeded",
                data.get("trade_no"),
                request.amount_fen,
                request.out_trade_no,
            )
        if data.get("code") == "40004":
            raise ProviderRejected(data.get("sub_code", "40004"), data.get("sub_msg", ""))
        raise ProviderError(f"alipay refund: {data}")

    def query_refund(self, out_refund_no: str, out_trade_no: str) -> RefundStatus:
        data = self._api(
            "api_alipay_trade_fastpay_refund_query",
            out_request_no=out_refund_no,
            out_trade_no=out_trade_no,
        )
        if data.get("code") != "10000":
            raise ProviderError(f"alipay refund query: {data}")
        if not data.get("refund_amount"):  # Alipay: no data means no refund was made
            return RefundStatus(self.name, out_refund_no, "not_found", out_trade_no=out_trade_no)
        succeeded = (data.get("refund_status") or "REFUND_SUCCESS") == "REFUND_SUCCESS"
        return RefundStatus(
            self.name,
            out_refund_no,
            "succeeded" if succeeded else "processing",
            data.get("trade_no"),
            fen(data["refund_amount"]),
            out_trade_no,
        )

    def parse_notification(self, headers: dict[str, str], body: bytes) -> PaymentEvent:
        try:
            data = dict(
                parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True)
            )
        except (UnicodeDecodeError, ValueError) as exc:
            raise NotificationRejected("bad_signature") from exc
        signature = data.pop("sign", "")
        try:
            verified = bool(signature) and self._sdk.verify(dict(data), signature)
        except (AliPayException, ValueError, TypeError) as exc:  # wrong sign_type, bad base64
            raise NotificationRejected("bad_signature") from exc
        if not verified:
            raise NotificationRejected("bad_signature")
        try:
            sent_at = datetime.strptime(data.get("notify_time", ""), "%Y-%m-%d %H:%M:%S")
        except ValueError as exc:
            raise NotificationRejected("stale_timestamp") from exc
        require_fresh(sent_at.replace(tzinfo=CHINA), self._config.notify_tolerance_s)
        if data.get("app_id") != self._config.alipay_appid:
            raise NotificationRejected("wrong_merchant")
        out_trade_no, event_id = data.get("out_trade_no", ""), data.get("notify_id", "")[:64]
        if data.get("out_biz_no") and data.get("refund_fee"):  # a refund went through
            return PaymentEvent(
                provider=self.name,
                kind=REFUND_SUCCEEDED,
                out_trade_no=out_trade_no,
                provider_txn_id=data.get("trade_no"),
                amount_fen=fen(data["send_back_fee"]) if data.get("send_back_fee") else None,
                out_refund_no=data["out_biz_no"],
                provider_refund_id=data.get("trade_no"),
                event_id=event_id,
            )
        if data.get("trade_status") in ("TRADE_SUCCESS", "TRADE_FINISHED"):
            return PaymentEvent(
                provider=self.name,
                kind=PAYMENT_SUCCEEDED,
                out_trade_no=out_trade_no,
                provider_txn_id=data.get("trade_no"),
                amount_fen=fen(data.get("total_amount", "")),
                currency="CNY",  # Alipay domestic trades are always in yuan
                event_id=event_id,
            )
        return PaymentEvent(self.name, IGNORED, out_trade_no, event_id=event_id)
