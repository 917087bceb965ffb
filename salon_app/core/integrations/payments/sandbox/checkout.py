"""The customer's side of the sandbox: open the cashier, confirm or decline, go back."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from salon_app.core.integrations.payments.sandbox import alipay_api, pages
from salon_app.core.integrations.payments.sandbox.gateway import Sandbox
from salon_app.core.integrations.payments.sandbox.state import Trade

WECHAT_CHECKMWEB = "/cgi-bin/mmpayweb-bin/checkmweb"


def back_to_merchant(sb: Sandbox, trade: Trade, redirect_url: str, paid: bool) -> str:
    """The URL each provider sends the browser back to."""
    if trade.provider == "wechat":
        return redirect_url  # H5: the merchant's redirect_url as given, nothing added
    if trade.provider == "alipay":
        return alipay_api.return_url(sb, trade) if paid else trade.return_url
    if not trade.return_url:
        return ""
    joiner = "&" if "?" in trade.return_url else "?"
    status = "succeeded" if paid else "failed"
    return (
        f"{trade.return_url}{joiner}{urlencode({'payment_intent': trade.txn_id, 'status': status})}"
    )


def act(sb: Sandbox, trade: Trade, action: str, redirect_url: str = "") -> str:
    """Confirm or decline `trade`; returns where the browser goes next ("" for nowhere)."""
    if action == "confirm":
        paid = sb.confirm(trade)
    else:
        sb.decline(trade)
        paid = False
    return back_to_merchant(sb, trade, redirect_url, paid)


def routes(sb: Sandbox) -> list[Route]:
    async def wechat_cashier(request: Request) -> Response:
        trade = sb.state.trade_by_token("wechat", request.query_params.get("prepay_id", ""))
        if trade is None:
            return pages.message_page("订单不存在", "prepay_id 无效或已过期。", status=404)
        return pages.pay_page(trade, redirect_url=request.query_params.get("redirect_url", ""))

    async def card_cashier(request: Request) -> Response:
        trade = sb.state.trade_by_token("card", request.path_params["token"])
        if trade is None:
            return pages.message_page("订单不存在", "支付链接无效。", status=404)
        return pages.pay_page(trade)

    async def decide(request: Request) -> Response:
        provider, token = request.path_params["provider"], request.path_params["token"]
        action = request.path_params["action"]
        trade = sb.state.trade_by_token(provider, token)
        if trade is None or action not in ("confirm", "decline"):
            return pages.message_page("订单不存在", "支付链接无效。", status=404)
        form = await request.form()
        if action == "confirm" and not trade.open and trade.status != "paid":
            return pages.message_page("订单已关闭", "支付时间已过，请返回商户重新下单。")
        target = act(sb, trade, action, str(form.get("redirect_url", "")))
        if target:
            return RedirectResponse(target, status_code=303)
        if action == "confirm":
            return pages.message_page("支付成功", "款项已支付，可关闭此页面。")
        return pages.message_page("已取消支付", "您已取消本次支付。")

    return [
        Route(WECHAT_CHECKMWEB, wechat_cashier, methods=["GET"]),
        Route("/pay/card/{token}", card_cashier, methods=["GET"]),
        Route("/pay/{provider}/{token}/{action:str}", decide, methods=["POST"]),
    ]
