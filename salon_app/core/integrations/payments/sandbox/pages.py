"""The cashier pages a customer sees at the sandbox: plain HTML, phone first, in Chinese."""

from __future__ import annotations

from html import escape

from starlette.responses import HTMLResponse

from salon_app.core.amounts import yuan_text
from salon_app.core.integrations.payments.sandbox.state import Trade

BRANDS = {
    "wechat": ("微信支付", "#07c160"),
    "alipay": ("支付宝", "#1677ff"),
    "card": ("银行卡支付", "#334155"),
}

STYLE = """
*{box-sizing:border-box}body{margin:0;font-family:-apple-system,"PingFang SC","Noto Sans CJK SC",
"Microsoft YaHei",sans-serif;background:#f5f5f7;color:#1f2328}
header{color:#fff;padding:14px 16px;font-size:18px;font-weight:600}
.sandbox{background:#fff7d6;color:#7a5b00;font-size:13px;padding:8px 16px}
main{max-width:480px;margin:0 auto;padding:16px}
.card{background:#fff;border-radius:12px;padding:20px;margin-bottom:16px;text-align:center}
.amount{font-size:36px;font-weight:700;margin:8px 0}.muted{color:#6b7280;font-size:14px}
dl{display:grid;grid-template-columns:auto 1fr;gap:6px 12px;text-align:left;font-size:14px}
dt{color:#6b7280}dd{margin:0;word-break:break-all}
label{display:block;text-align:left;font-size:14px;color:#6b7280;margin-top:10px}
input{width:100%;padding:10px;border:1px solid #d0d7de;border-radius:8px;font-size:16px}
button{width:100%;padding:14px;border:0;border-radius:10px;font-size:17px;margin-top:12px}
#confirm{color:#fff}#decline{background:#e5e7eb;color:#374151}
"""


def _page(title: str, color: str, body: str, status: int = 200) -> HTMLResponse:
    html = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{escape(title)}</title><style>{STYLE}</style></head>
<body><header style="background:{color}">{escape(title)}</header>
<div class="sandbox">沙箱环境：模拟支付，不会产生真实扣款</div>
<main>{body}</main></body></html>"""
    return HTMLResponse(html, status_code=status)


def message_page(title: str, text: str, status: int = 200) -> HTMLResponse:
    body = f'<div class="card"><h2>{escape(title)}</h2><p class="muted">{escape(text)}</p></div>'
    return _page(title, "#475569", body, status)


def pay_page(trade: Trade, redirect_url: str = "") -> HTMLResponse:
    """Shows the trade and two buttons: #confirm pays, #decline gives up."""
    brand, color = BRANDS[trade.provider]
    if trade.status == "paid":
        return message_page("该订单已支付", "请勿重复支付，可返回商户查看订单。")
    if not trade.open:
        return message_page("订单已关闭", "支付时间已过，请返回商户重新下单。")
    card_fields = ""
    if trade.provider == "card":
        card_fields = """<label for="card_no">卡号</label>
<input id="card_no" name="card_no" value="6222 0212 3456 7890" inputmode="numeric" readonly>
<label for="holder">持卡人</label><input id="holder" name="holder" value="林小美" readonly>"""
    action = f"/pay/{trade.provider}/{escape(trade.token)}"
    hidden = f'<input type="hidden" name="redirect_url" value="{escape(redirect_url)}">'
    body = f"""<div class="card"><div class="muted">{escape(trade.description)}</div>
<div class="amount" id="amount">¥{yuan_text(trade.amount_fen)}</div>
<dl><dt>收款方</dt><dd>Salon App 沙箱商户</dd><dt>商户订单号</dt>
<dd id="out_trade_no">{escape(trade.out_trade_no)}</dd></dl></div>
<form method="post" action="{action}/confirm">{hidden}{card_fields}
<button id="confirm" type="submit" style="background:{color}">确认支付</button></form>
<form method="post" action="{action}/decline">{hidden}
<button id="decline" type="submit">取消支付</button></form>"""
    return _page(brand, color, body)
