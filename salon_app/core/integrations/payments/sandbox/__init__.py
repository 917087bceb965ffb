"""A local stand-in for WeChat Pay, Alipay and a card acquirer, speaking their protocols.

It implements the subset of each API our adapters call (through the real SDKs), shows a
cashier page where the customer confirms or declines, sends the browser back to the merchant,
and delivers signed asynchronous notifications with each provider's retry schedule. Run it with

    python -m salon_app.core.integrations.payments.sandbox --port 3001 \\
        --notify-base http://127.0.0.1:3000

It keeps its state in memory and reads its keys from the app's instance dir (keys.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from salon_app.core.integrations.payments.keys import load_payment_keys
from salon_app.core.integrations.payments.sandbox import (
    alipay_api,
    card_api,
    checkout,
    control,
    wechat_api,
)
from salon_app.core.integrations.payments.sandbox.gateway import Sandbox
from salon_app.core.integrations.payments.sandbox.state import (
    Behaviour,
    MerchantIds,
    SandboxState,
)
from salon_app.core.settings import get_settings

__all__ = ["Behaviour", "Sandbox", "create_app"]


def create_app(
    notify_base: str | None = None,
    behaviour: Behaviour | None = None,
    keys_dir: Path | None = None,
) -> Starlette:
    """The sandbox as an ASGI app; merchant ids and keys are the app's own (settings)."""
    settings = get_settings()
    merchant = MerchantIds(
        wechat_mchid=settings.wechat_mchid,
        wechat_appid=settings.wechat_appid,
        alipay_appid=settings.alipay_appid,
        card_merchant_id=settings.card_merchant_id,
    )
    behaviour = behaviour or Behaviour(time_factor=settings.pay_time_factor)
    state = SandboxState(load_payment_keys(keys_dir), merchant, behaviour)
    sb = Sandbox(state, notify_base or settings.public_url)
    sb.notices = {
        "wechat": wechat_api.notices(sb),
        "alipay": alipay_api.notices(sb),
        "card": card_api.notices(sb),
    }

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await sb.courier.start()
        yield
        await sb.courier.stop()

    async def index(_request: Request) -> Response:
        return JSONResponse({"sandbox": "Salon App payment gateways", "see": "/_sandbox/health"})

    app = Starlette(
        routes=[
            Route("/", index),
            *wechat_api.routes(sb),
            *alipay_api.routes(sb),
            *card_api.routes(sb),
            *checkout.routes(sb),
            *control.routes(sb),
        ],
        lifespan=lifespan,
    )
    app.state.sandbox = sb
    return app
