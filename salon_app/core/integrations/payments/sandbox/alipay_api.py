"""Alipay's open API gateway (`gateway.do`), the part we call.

Requests are RSA2-signed parameter sets (GET query or POST form) with a `method`:
alipay.trade.wap.pay opens the cashier page in the browser; alipay.trade.query,
alipay.trade.refund and alipay.trade.fastpay.refund.query answer
`{"<method>_response": {...}, "sign": "..."}` signed with Alipay's key. Async notifications
are form POSTs that the merchant must answer with the bare word `success`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from salon_app.core.amounts import fen_from_yuan, yuan_text
from salon_app.core.integrations.payments.sandbox import pages, signing
from salon_app.core.integrations.payments.sandbox.delivery import Outbound
from salon_app.core.integrations.payments.sandbox.gateway import Notices, Sandbox
from salon_app.core.integrations.payments.sandbox.state import GatewayRefund, Trade, new_id, now

SELLER_ID = "2088101117955611"
BUYER_ID = "2088102177846880"


def _fen(text: object) -> int:
    try:
        return fen_from_yuan(str(text))
    except ValueError:
        return 0


def _answer(sb: Sandbox, method: str, payload: dict[str, Any]) -> Response:
    response_type = method.replace(".", "_") + "_response"
    text = signing.alipay_signed_answer(sb.state.keys.alipay_private_key, response_type, payload)
    return Response(text.encode(), media_type="text/html;charset=utf-8")


def _business_error(sub_code: str, sub_msg: str, **extra: str) -> dict[str, Any]:
    error = {"code": "40004", "msg": "Business Failed", "sub_code": sub_code, "sub_msg": sub_msg}
    return error | extra


def _unsigned_error(sub_code: str, sub_msg: str) -> Response:
    body = {
        "error_response": {
            "code": "40002",
            "msg": "Invalid Arguments",
            "sub_code": sub_code,
            "sub_msg": sub_msg,
        }
    }
    return Response(signing.compact(body).encode(), media_type="text/html;charset=utf-8")


def _query(sb: Sandbox, biz: dict[str, Any]) -> dict[str, Any]:
    out_trade_no = str(biz.get("out_trade_no", ""))
    trade = sb.state.trade("alipay", out_trade_no)
    if trade is None:
        return _business_error("ACQ.TRADE_NOT_EXIST", "交易不存在", out_trade_no=out_trade_no)
    if trade.status == "paid":
        status = "TRADE_CLOSED" if trade.refunded_fen == trade.amount_fen else "TRADE_SUCCESS"
    else:
        status = "WAIT_BUYER_PAY" if trade.open else "TRADE_CLOSED"
    answer = {
        "code": "10000",
        "msg": "Success",
        "trade_no": trade.txn_id,
        "out_trade_no": trade.out_trade_no,
        "buyer_logon_id": "158****1562",
        "trade_status": status,
        "total_amount": yuan_text(trade.amount_fen),
        "buyer_user_id": BUYER_ID,
    }
    if trade.paid_at:
        answer.update(
            send_pay_date=signing.china_time(trade.paid_at),
            buyer_pay_amount=yuan_text(trade.amount_fen),
            receipt_amount=yuan_text(trade.amount_fen),
        )
    return answer


def _refund(sb: Sandbox, biz: dict[str, Any]) -> dict[str, Any]:
    trade = sb.state.trade("alipay", str(biz.get("out_trade_no", "")))
    if trade is None or trade.status != "paid":
        return _business_error("ACQ.TRADE_NOT_EXIST", "交易不存在")
    out_request_no = str(biz.get("out_request_no") or trade.out_trade_no)
    existing = sb.state.refunds.get(("alipay", out_request_no))
    fund_change = "N"
    if existing is None:
        amount = _fen(biz.get("refund_amount", ""))
        if amount <= 0:
            return _business_error("ACQ.INVALID_PARAMETER", "参数无效")
        if amount > sb.refundable(trade):
            return _business_error("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限")
        existing = GatewayRefund(
            provider="alipay",
            out_refund_no=out_request_no,
            refund_id=trade.txn_id,
            trade=trade,
            amount_fen=amount,
            reason=str(biz.get("refund_reason", "")),
            notify_url=trade.notify_url,
        )
        sb.start_refund(existing, synchronous=True)  # Alipay refunds answer with the result
        fund_change = "Y"
    if existing.status == "failed":
        return _business_error("ACQ.SYSTEM_ERROR", "系统错误")
    return {
        "code": "10000",
        "msg": "Success",
        "trade_no": trade.txn_id,
        "out_trade_no": trade.out_trade_no,
        "buyer_logon_id": "158****1562",
        "fund_change": fund_change,
        "refund_fee": yuan_text(trade.refunded_fen),
        "gmt_refund_pay": signing.china_time(existing.completed_at),
        "buyer_user_id": BUYER_ID,
    }


def _refund_query(sb: Sandbox, biz: dict[str, Any]) -> dict[str, Any]:
    trade = sb.state.trade("alipay", str(biz.get("out_trade_no", "")))
    if trade is None:
        return _business_error("ACQ.TRADE_NOT_EXIST", "交易不存在")
    answer = {
        "code": "10000",
        "msg": "Success",
        "trade_no": trade.txn_id,
        "out_trade_no": trade.out_trade_no,
    }
    refund = sb.state.refunds.get(("alipay", str(biz.get("out_request_no", ""))))
    if refund is not None and refund.status == "succeeded":
        answer.update(
            out_request_no=refund.out_refund_no,
            refund_amount=yuan_text(refund.amount_fen),
            total_amount=yuan_text(trade.amount_fen),
            refund_status="REFUND_SUCCESS",
        )
    return answer


def _open_cashier(sb: Sandbox, request: Request, params: dict[str, str]) -> Response:
    biz = json.loads(params.get("biz_content", "{}"))
    out_trade_no = str(biz.get("out_trade_no", ""))
    amount = _fen(biz.get("total_amount", ""))
    notify_url = params.get("notify_url") or sb.default_notify_url("alipay")  # the app's default
    if not out_trade_no or amount <= 0:
        return pages.message_page("参数错误", "订单信息不完整，无法支付。", status=400)
    trade = sb.state.trade("alipay", out_trade_no)
    if trade is None:  # Alipay creates the trade when the buyer opens the cashier
        expires = biz.get("time_expire")
        trade = sb.state.add_trade(
            Trade(
                provider="alipay",
                out_trade_no=out_trade_no,
                amount_fen=amount,
                description=str(biz.get("subject", "")),
                notify_url=notify_url,
                return_url=params.get("return_url", ""),
                token=new_id(f"{signing.china_time(now(), '%Y%m%d')}22001", 18),
                txn_id="",
                expires_at=datetime.strptime(expires, "%Y-%m-%d %H:%M:%S").replace(
                    tzinfo=signing.CHINA
                )
                if expires
                else None,
            )
        )
        trade.txn_id = trade.token
    elif trade.amount_fen != amount:
        return pages.message_page("订单信息不一致", "同一订单号的金额不能改变。", status=400)
    return pages.pay_page(trade, redirect_url=trade.return_url)


def return_url(sb: Sandbox, trade: Trade) -> str:
    """Where the browser goes after paying: the merchant's return_url with signed params."""
    if not trade.return_url:
        return ""
    params = {
        "charset": "utf-8",
        "out_trade_no": trade.out_trade_no,
        "method": "alipay.trade.wap.pay.return",
        "total_amount": yuan_text(trade.amount_fen),
        "trade_no": trade.txn_id,
        "auth_app_id": sb.state.merchant.alipay_appid,
        "version": "1.0",
        "app_id": sb.state.merchant.alipay_appid,
        "seller_id": SELLER_ID,
        "timestamp": signing.china_time(),
        "sign_type": "RSA2",
    }
    content = signing.alipay_content(params, ("sign", "sign_type"))
    params["sign"] = signing.rsa_sign(sb.state.keys.alipay_private_key, content)
    joiner = "&" if "?" in trade.return_url else "?"
    return f"{trade.return_url}{joiner}{urlencode(params)}"


def routes(sb: Sandbox) -> list[Route]:
    async def gateway(request: Request) -> Response:
        params = dict(request.query_params)
        if request.method == "POST":
            params.update(dict(await request.form()))  # type: ignore[arg-type]
        method = params.get("method", "")
        signature = params.pop("sign", "")
        content = signing.alipay_content(params, ("sign",))
        valid = params.get("app_id") == sb.state.merchant.alipay_appid and signing.rsa_verify(
            sb.state.keys.alipay_app_public_key, content, signature
        )
        if method == "alipay.trade.wap.pay":
            if not valid:
                return pages.message_page("验签出错", "请求签名无效（isv.invalid-signature）", 400)
            return _open_cashier(sb, request, params)
        if not valid:
            return _unsigned_error("isv.invalid-signature", "验签出错")
        try:
            biz = json.loads(params.get("biz_content", "{}"))
        except ValueError:
            return _unsigned_error("isv.invalid-biz-content", "业务参数格式错误")
        handlers = {
            "alipay.trade.query": _query,
            "alipay.trade.refund": _refund,
            "alipay.trade.fastpay.refund.query": _refund_query,
        }
        if method not in handlers:
            return _unsigned_error("isv.invalid-method", "不存在的方法名")
        return _answer(sb, method, handlers[method](sb, biz))

    return [Route("/gateway.do", gateway, methods=["GET", "POST"])]


def notices(sb: Sandbox) -> Notices:
    merchant = sb.state.merchant

    def common(trade: Trade) -> dict[str, str]:
        amount = yuan_text(trade.amount_fen)
        return {
            "gmt_create": signing.china_time(trade.created_at),
            "charset": "utf-8",
            "gmt_payment": signing.china_time(trade.paid_at),
            "subject": trade.description,
            "buyer_id": BUYER_ID,
            "invoice_amount": amount,
            "version": "1.0",
            "fund_bill_list": signing.compact([{"amount": amount, "fundChannel": "ALIPAYACCOUNT"}]),
            "notify_type": "trade_status_sync",
            "out_trade_no": trade.out_trade_no,
            "total_amount": amount,
            "trade_no": trade.txn_id,
            "auth_app_id": merchant.alipay_appid,
            "receipt_amount": amount,
            "point_amount": "0.00",
            "buyer_pay_amount": amount,
            "app_id": merchant.alipay_appid,
            "seller_id": SELLER_ID,
        }

    def note(kind: str, trade: Trade, fields: dict[str, str], refund: str | None) -> Outbound:
        notify_id = new_id("2024", 28)

        def render() -> tuple[dict[str, str], bytes]:
            params = {**fields, "notify_id": notify_id, "notify_time": signing.china_time()}
            return signing.alipay_notification(sb.state.keys.alipay_private_key, params)

        return Outbound("alipay", kind, trade.notify_url, trade.out_trade_no, render, refund)

    def payment(trade: Trade) -> Outbound:
        return note("payment", trade, common(trade) | {"trade_status": "TRADE_SUCCESS"}, None)

    def refund(r: GatewayRefund) -> Outbound:
        trade = r.trade
        fields = common(trade) | {
            "trade_status": "TRADE_CLOSED"
            if trade.refunded_fen == trade.amount_fen
            else "TRADE_SUCCESS",
            "out_biz_no": r.out_refund_no,
            "refund_fee": yuan_text(trade.refunded_fen),  # all refunds so far
            "send_back_fee": yuan_text(r.amount_fen),  # this one
            "gmt_refund": signing.china_time(r.completed_at),
        }
        return note("refund", trade, fields, r.out_refund_no)

    return Notices(payment=payment, refund=refund)
