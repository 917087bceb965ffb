"""The card acquirer's REST API (see integrations/payments/card.py for the protocol)."""

from __future__ import annotations

import hmac
import json
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from salon_app.core.clock import wall_utcnow
from salon_app.core.integrations.payments.sandbox import signing
from salon_app.core.integrations.payments.sandbox.delivery import Outbound
from salon_app.core.integrations.payments.sandbox.gateway import Notices, Sandbox
from salon_app.core.integrations.payments.sandbox.state import GatewayRefund, Trade, new_id

INTENT_STATUS = {"pending": "requires_action", "paid": "succeeded", "closed": "failed"}
REFUND_STATUS = {"processing": "pending", "succeeded": "succeeded", "failed": "failed"}


def _error(status: int, code: str, message: str) -> Response:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def intent_view(sb: Sandbox, trade: Trade, base: str = "") -> dict[str, Any]:
    view = {
        "id": trade.txn_id,
        "object": "payment_intent",
        "merchant_id": sb.state.merchant.card_merchant_id,
        "reference": trade.out_trade_no,
        "amount": trade.amount_fen,
        "amount_refunded": trade.refunded_fen,
        "currency": trade.currency,
        "description": trade.description,
        "status": INTENT_STATUS[trade.status],
        "created": int(trade.created_at.timestamp()),
    }
    if trade.status == "pending" and base:
        view["next_action"] = {"type": "redirect", "redirect_url": f"{base}/pay/card/{trade.token}"}
    return view


def refund_view(sb: Sandbox, refund: GatewayRefund) -> dict[str, Any]:
    return {
        "id": refund.refund_id,
        "object": "refund",
        "merchant_id": sb.state.merchant.card_merchant_id,
        "reference": refund.out_refund_no,
        "amount": refund.amount_fen,
        "status": REFUND_STATUS[refund.status],
        "payment_intent": refund.trade.txn_id,
        "payment_reference": refund.trade.out_trade_no,
        "reason": refund.reason,
        "created": int(refund.created_at.timestamp()),
    }


def routes(sb: Sandbox) -> list[Route]:
    def authorised(request: Request) -> bool:
        expected = f"Bearer {sb.state.keys.card_api_key}".encode()
        given = request.headers.get("authorization", "").encode("utf-8", "replace")
        return hmac.compare_digest(expected, given)

    async def body_of(request: Request) -> dict[str, Any] | None:
        try:
            data = json.loads(await request.body())
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    async def create_intent(request: Request) -> Response:
        if not authorised(request):
            return _error(401, "unauthorized", "invalid API key")
        data = await body_of(request) or {}
        base = str(request.base_url).rstrip("/")
        try:
            reference, amount = str(data["reference"]), int(data["amount"])
            notify_url, return_url = str(data["notify_url"]), str(data["return_url"])
        except (KeyError, TypeError, ValueError):
            return _error(400, "parameter_invalid", "reference, amount, notify_url, return_url")
        if data.get("merchant_id") != sb.state.merchant.card_merchant_id:
            return _error(400, "merchant_invalid", "unknown merchant")
        if amount <= 0 or data.get("currency", "CNY") != "CNY":
            return _error(400, "amount_invalid", "amount must be a positive number of fen")
        trade = sb.state.trade("card", reference)
        if trade is not None:  # Idempotency-Key = reference: the same request, the same intent
            if trade.amount_fen != amount:
                return _error(409, "idempotency_conflict", "reference reused with other params")
            return JSONResponse(intent_view(sb, trade, base))
        expires = data.get("expires_at")
        intent_id = new_id("pi_")
        trade = sb.state.add_trade(
            Trade(
                provider="card",
                out_trade_no=reference,
                amount_fen=amount,
                description=str(data.get("description", "")),
                notify_url=notify_url,
                return_url=return_url,
                token=intent_id,
                txn_id=intent_id,
                expires_at=datetime.fromtimestamp(int(expires), UTC) if expires else None,
            )
        )
        return JSONResponse(intent_view(sb, trade, base))

    async def get_intent(request: Request) -> Response:
        if not authorised(request):
            return _error(401, "unauthorized", "invalid API key")
        trade = sb.state.trade("card", request.query_params.get("reference", ""))
        if trade is None:
            return _error(404, "resource_missing", "no such payment intent")
        return JSONResponse(intent_view(sb, trade))

    async def create_refund(request: Request) -> Response:
        if not authorised(request):
            return _error(401, "unauthorized", "invalid API key")
        data = await body_of(request) or {}
        try:
            reference, amount = str(data["reference"]), int(data["amount"])
        except (KeyError, TypeError, ValueError):
            return _error(400, "parameter_invalid", "reference and amount are required")
        existing = sb.state.refunds.get(("card", reference))
        if existing is not None:
            return JSONResponse(refund_view(sb, existing))
        trade = sb.state.trade_by_token("card", str(data.get("payment_intent", "")))
        if trade is None or trade.status != "paid":
            return _error(400, "charge_not_refundable", "the payment has not succeeded")
        if amount <= 0 or amount > sb.refundable(trade):
            return _error(400, "amount_too_large", "refund exceeds what is left to refund")
        refund = GatewayRefund(
            provider="card",
            out_refund_no=reference,
            refund_id=new_id("re_"),
            trade=trade,
            amount_fen=amount,
            reason=str(data.get("reason", "")),
            notify_url=str(data.get("notify_url") or trade.notify_url),
        )
        sb.start_refund(refund)
        return JSONResponse(refund_view(sb, refund))

    async def get_refund(request: Request) -> Response:
        if not authorised(request):
            return _error(401, "unauthorized", "invalid API key")
        refund = sb.state.refunds.get(("card", request.query_params.get("reference", "")))
        if refund is None:
            return _error(404, "resource_missing", "no such refund")
        return JSONResponse(refund_view(sb, refund))

    return [
        Route("/card/v1/payment_intents", create_intent, methods=["POST"]),
        Route("/card/v1/payment_intents", get_intent, methods=["GET"]),
        Route("/card/v1/refunds", create_refund, methods=["POST"]),
        Route("/card/v1/refunds", get_refund, methods=["GET"]),
    ]


def notices(sb: Sandbox) -> Notices:
    secret = sb.state.keys.card_webhook_secret

    def event(kind: str, obj: Any, trade: Trade, refund: str | None = None) -> Outbound:
        event_id = new_id("evt_")

        def render() -> tuple[dict[str, str], bytes]:
            body = {
                "id": event_id,
                "type": kind,
                "created": int(wall_utcnow().timestamp()),
                "data": {"object": obj()},
            }
            return signing.card_notification(secret, body)

        kind_name = "refund" if refund else "payment"
        return Outbound("card", kind_name, trade.notify_url, trade.out_trade_no, render, refund)

    def payment(trade: Trade) -> Outbound:
        return event("payment_intent.succeeded", lambda: intent_view(sb, trade), trade)

    def failure(trade: Trade) -> Outbound:
        return event("payment_intent.payment_failed", lambda: intent_view(sb, trade), trade)

    def refund(r: GatewayRefund) -> Outbound:
        kind = "refund.succeeded" if r.status == "succeeded" else "refund.failed"
        outbound = event(kind, lambda: refund_view(sb, r), r.trade, r.out_refund_no)
        outbound.url = r.notify_url
        return outbound

    return Notices(payment=payment, refund=refund, failure=failure)
