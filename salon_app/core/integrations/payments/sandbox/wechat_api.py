"""WeChat Pay API v3, the part we call: certificates, H5 payments, query, refunds.

Every request must carry a valid `Authorization: WECHATPAY2-SHA256-RSA2048 ...` made with the
merchant's key; every answer is signed with the platform key (Wechatpay-* headers).
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime
from typing import Any

from cryptography.x509 import load_pem_x509_certificate
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from salon_app.core.clock import wall_utcnow
from salon_app.core.integrations.payments.sandbox import signing
from salon_app.core.integrations.payments.sandbox.delivery import Outbound
from salon_app.core.integrations.payments.sandbox.gateway import Notices, Sandbox
from salon_app.core.integrations.payments.sandbox.state import GatewayRefund, Trade, new_id, now

CHECKMWEB = "/cgi-bin/mmpayweb-bin/checkmweb"
AUTH_FIELD = re.compile(r'(\w+)="([^"]*)"')


def _answer(sb: Sandbox, status: int, payload: dict | None = None) -> Response:
    body = "" if payload is None else signing.compact(payload)
    keys = sb.state.keys
    headers = signing.wechat_signature_headers(
        keys.wechat_platform_key, keys.wechat_platform_serial, body
    )
    media = "application/json; charset=utf-8" if payload is not None else None
    return Response(body.encode(), status_code=status, headers=headers, media_type=media)


def _error(sb: Sandbox, status: int, code: str, message: str) -> Response:
    return _answer(sb, status, {"code": code, "message": message})


async def _authorised(sb: Sandbox, request: Request) -> tuple[str, Response | None]:
    """The request body, or an error answer when the merchant's signature does not hold."""
    body = (await request.body()).decode()
    scheme, _, params = request.headers.get("authorization", "").partition(" ")
    fields = dict(AUTH_FIELD.findall(params))
    keys = sb.state.keys
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    message = "\n".join(
        [request.method, path, fields.get("timestamp", ""), fields.get("nonce_str", ""), body, ""]
    )
    try:
        fresh = abs(wall_utcnow().timestamp() - int(fields.get("timestamp", ""))) <= 300
    except ValueError:
        fresh = False
    ok = (
        scheme == signing.WECHAT_SIGNATURE_TYPE
        and fields.get("mchid") == sb.state.merchant.wechat_mchid
        and fields.get("serial_no") == keys.wechat_merchant_serial
        and fresh
        and signing.rsa_verify(keys.wechat_merchant_cert, message, fields.get("signature", ""))
    )
    if not ok:
        return body, _error(sb, 401, "SIGN_ERROR", "签名错误")
    return body, None


def _trade_view(sb: Sandbox, trade: Trade) -> dict[str, Any]:
    view: dict[str, Any] = {
        "appid": sb.state.merchant.wechat_appid,
        "mchid": sb.state.merchant.wechat_mchid,
        "out_trade_no": trade.out_trade_no,
        "attach": "",
    }
    if trade.status == "paid":
        view.update(
            transaction_id=trade.txn_id,
            trade_type="MWEB",
            trade_state="REFUND" if trade.refunded_fen else "SUCCESS",
            trade_state_desc="支付成功",
            bank_type="OTHERS",
            success_time=signing.rfc3339(trade.paid_at or now()),
            payer={"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"},
            amount={
                "total": trade.amount_fen,
                "payer_total": trade.amount_fen,
                "currency": trade.currency,
                "payer_currency": trade.currency,
            },
        )
    else:
        closed = trade.status == "closed" or not trade.open
        view.update(
            trade_state="CLOSED" if closed else "NOTPAY",
            trade_state_desc="订单已关闭" if closed else "订单未支付",
        )
    return view


def _refund_view(refund: GatewayRefund) -> dict[str, Any]:
    status = {"processing": "PROCESSING", "succeeded": "SUCCESS", "failed": "ABNORMAL"}
    total = refund.trade.amount_fen
    return {
        "refund_id": refund.refund_id,
        "out_refund_no": refund.out_refund_no,
        "transaction_id": refund.trade.txn_id,
        "out_trade_no": refund.trade.out_trade_no,
        "channel": "ORIGINAL",
        "user_received_account": "支付用户零钱",
        "create_time": signing.rfc3339(refund.created_at),
        "success_time": signing.rfc3339(refund.completed_at) if refund.completed_at else None,
        "status": status[refund.status],
        "funds_account": "AVAILABLE",
        "amount": {
            "total": total,
            "refund": refund.amount_fen,
            "payer_total": total,
            "payer_refund": refund.amount_fen,
            "settlement_total": total,
            "settlement_refund": refund.amount_fen,
            "discount_refund": 0,
            "currency": "CNY",
        },
    }


def routes(sb: Sandbox) -> list[Route]:
    keys = sb.state.keys

    async def certificates(request: Request) -> Response:
        _body, denied = await _authorised(sb, request)
        if denied:
            return denied
        cert = load_pem_x509_certificate(keys.wechat_platform_cert.encode())
        entry = {
            "serial_no": keys.wechat_platform_serial,
            "effective_time": signing.rfc3339(cert.not_valid_before_utc),
            "expire_time": signing.rfc3339(cert.not_valid_after_utc),
            "encrypt_certificate": signing.wechat_aes_encrypt(
                keys.wechat_apiv3_key, keys.wechat_platform_cert, "certificate"
            ),
        }
        return _answer(sb, 200, {"data": [entry]})

    async def h5_pay(request: Request) -> Response:
        body, denied = await _authorised(sb, request)
        if denied:
            return denied
        try:
            data = json.loads(body)
            total, currency = int(data["amount"]["total"]), data["amount"].get("currency", "CNY")
            out_trade_no, notify_url = str(data["out_trade_no"]), str(data["notify_url"])
            description, ip = str(data["description"]), data["scene_info"]["payer_client_ip"]
        except (ValueError, KeyError, TypeError):
            return _error(sb, 400, "PARAM_ERROR", "参数错误")
        merchant = sb.state.merchant
        if data.get("appid") != merchant.wechat_appid or data.get("mchid") != merchant.wechat_mchid:
            return _error(sb, 400, "APPID_MCHID_NOT_MATCH", "appid和mch_id不匹配")
        if total <= 0 or currency != "CNY" or not ip or not 6 <= len(out_trade_no) <= 32:
            return _error(sb, 400, "PARAM_ERROR", "参数错误")
        trade = sb.state.trade("wechat", out_trade_no)
        if trade is not None and trade.status == "paid":
            return _error(sb, 400, "ORDERPAID", "该订单已支付")
        if trade is not None and trade.amount_fen != total:
            return _error(sb, 400, "OUT_TRADE_NO_USED", "商户订单号重复")
        if trade is None:
            expires = data.get("time_expire")
            trade = sb.state.add_trade(
                Trade(
                    provider="wechat",
                    out_trade_no=out_trade_no,
                    amount_fen=total,
                    description=description,
                    notify_url=notify_url,
                    return_url="",
                    token=f"wx{signing.china_time(now(), '%d%H%M%S')}{secrets.token_hex(12)}",
                    txn_id=new_id("4200", 24),
                    expires_at=datetime.fromisoformat(expires) if expires else None,
                )
            )
        base = str(request.base_url).rstrip("/")
        return _answer(
            sb, 200, {"h5_url": f"{base}{CHECKMWEB}?prepay_id={trade.token}&package=2150917749"}
        )

    async def query(request: Request) -> Response:
        _body, denied = await _authorised(sb, request)
        if denied:
            return denied
        trade = sb.state.trade("wechat", request.path_params["out_trade_no"])
        if trade is None:
            return _error(sb, 404, "ORDER_NOT_EXIST", "订单不存在")
        return _answer(sb, 200, _trade_view(sb, trade))

    async def refund(request: Request) -> Response:
        body, denied = await _authorised(sb, request)
        if denied:
            return denied
        try:
            data = json.loads(body)
            out_refund_no = str(data["out_refund_no"])
            amount, total = int(data["amount"]["refund"]), int(data["amount"]["total"])
        except (ValueError, KeyError, TypeError):
            return _error(sb, 400, "PARAM_ERROR", "参数错误")
        existing = sb.state.refunds.get(("wechat", out_refund_no))
        if existing is not None:  # out_refund_no makes refunds idempotent
            return _answer(sb, 200, _refund_view(existing))
        trade = sb.state.trade("wechat", str(data.get("out_trade_no", "")))
        if trade is None or trade.status != "paid":
            return _error(sb, 404, "RESOURCE_NOT_EXISTS", "订单不存在或未支付")
        if total != trade.amount_fen or amount <= 0:
            return _error(sb, 400, "PARAM_ERROR", "退款金额或订单金额错误")
        if amount > sb.refundable(trade):
            return _error(sb, 403, "NOT_ENOUGH", "退款金额超过订单可退金额")
        refund = GatewayRefund(
            provider="wechat",
            out_refund_no=out_refund_no,
            refund_id=new_id("5030", 24),
            trade=trade,
            amount_fen=amount,
            reason=str(data.get("reason", "")),
            # without one, the refund notice URL configured on the merchant platform
            notify_url=str(data.get("notify_url") or sb.default_notify_url("wechat")),
        )
        sb.start_refund(refund)
        return _answer(sb, 200, _refund_view(refund))

    async def refund_query(request: Request) -> Response:
        _body, denied = await _authorised(sb, request)
        if denied:
            return denied
        refund = sb.state.refunds.get(("wechat", request.path_params["out_refund_no"]))
        if refund is None:
            return _error(sb, 404, "RESOURCE_NOT_EXISTS", "退款单不存在")
        return _answer(sb, 200, _refund_view(refund))

    return [
        Route("/v3/certificates", certificates, methods=["GET"]),
        Route("/v3/pay/transactions/h5", h5_pay, methods=["POST"]),
        Route("/v3/pay/transactions/out-trade-no/{out_trade_no}", query, methods=["GET"]),
        Route("/v3/refund/domestic/refunds", refund, methods=["POST"]),
        Route("/v3/refund/domestic/refunds/{out_refund_no}", refund_query, methods=["GET"]),
    ]


def notices(sb: Sandbox) -> Notices:
    keys = sb.state.keys

    def notification(event_type: str, resource: dict[str, Any]) -> Any:
        event_id = "EV-" + new_id("", 18)

        def render() -> tuple[dict[str, str], bytes]:
            return signing.wechat_notification(
                platform_key=keys.wechat_platform_key,
                platform_serial=keys.wechat_platform_serial,
                apiv3_key=keys.wechat_apiv3_key,
                event_id=event_id,
                event_type=event_type,
                resource=resource,
            )

        return render

    def payment(trade: Trade) -> Outbound:
        resource = _trade_view(sb, trade) | {"trade_state": "SUCCESS"}
        return Outbound(
            "wechat",
            "payment",
            trade.notify_url,
            trade.out_trade_no,
            notification("TRANSACTION.SUCCESS", resource),
        )

    def refund(r: GatewayRefund) -> Outbound:
        view = _refund_view(r)
        resource = {
            "mchid": sb.state.merchant.wechat_mchid,
            "out_trade_no": r.trade.out_trade_no,
            "transaction_id": r.trade.txn_id,
            "out_refund_no": r.out_refund_no,
            "refund_id": r.refund_id,
            "refund_status": view["status"],
            "success_time": view["success_time"],
            "user_received_account": view["user_received_account"],
            "amount": {
                k: view["amount"][k] for k in ("total", "refund", "payer_total", "payer_refund")
            },
        }
        event_type = "REFUND.SUCCESS" if r.status == "succeeded" else "REFUND.ABNORMAL"
        return Outbound(
            "wechat",
            "refund",
            r.notify_url,
            r.trade.out_trade_no,
            notification(event_type, resource),
            out_refund_no=r.out_refund_no,
        )

    return Notices(payment=payment, refund=refund)
