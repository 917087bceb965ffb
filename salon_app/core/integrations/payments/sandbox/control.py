"""/_sandbox/...: what tests and demos use to steer the gateway and see what it did.

GET  /_sandbox/health                      {"ok": true}
GET  /_sandbox/behaviour   POST {...}      read / change Behaviour (duplicates, hold, ...)
GET  /_sandbox/deliveries?out_trade_no=    every delivery attempt and the merchant's answer
POST /_sandbox/release                     send the notifications held while hold=true
POST /_sandbox/pay/{provider}/{out_trade_no}      {"action": "confirm" | "decline"}
POST /_sandbox/renotify/{provider}/{out_trade_no} {"copies": 5}: the payment notice again
GET  /_sandbox/trades/{provider}/{out_trade_no}   the trade and its refunds
POST /_sandbox/reset                       forget everything, default behaviour
"""

from __future__ import annotations

from dataclasses import asdict

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from salon_app.core.integrations.payments.sandbox.checkout import act
from salon_app.core.integrations.payments.sandbox.gateway import Sandbox
from salon_app.core.integrations.payments.sandbox.state import Trade


async def _json(request: Request) -> dict:
    try:
        data = await request.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def routes(sb: Sandbox) -> list[Route]:
    async def health(_request: Request) -> Response:
        return JSONResponse({"ok": True, "busy": sb.courier.busy, "held": len(sb.courier.held)})

    async def behaviour(request: Request) -> Response:
        if request.method == "POST":
            sb.state.behaviour.update(await _json(request))
        return JSONResponse(asdict(sb.state.behaviour))

    async def deliveries(request: Request) -> Response:
        wanted = {k: v for k, v in request.query_params.items()}
        rows = [
            d for d in sb.state.deliveries if all(str(d.get(k)) == v for k, v in wanted.items())
        ]
        return JSONResponse(rows)

    async def release(_request: Request) -> Response:
        return JSONResponse({"released": sb.courier.release()})

    def trade_of(request: Request) -> Trade | None:
        return sb.state.trade(request.path_params["provider"], request.path_params["out_trade_no"])

    async def pay(request: Request) -> Response:
        trade = trade_of(request)
        if trade is None:
            return JSONResponse({"error": "no such trade"}, status_code=404)
        data = await _json(request)
        action, redirect_url = str(data.get("action", "confirm")), str(data.get("redirect_url", ""))
        target = act(sb, trade, action, redirect_url)
        return JSONResponse({"status": trade.status, "redirect": target})

    async def renotify(request: Request) -> Response:
        trade = trade_of(request)
        if trade is None:
            return JSONResponse({"error": "no such trade"}, status_code=404)
        copies = (await _json(request)).get("copies")
        sb.renotify(trade, int(copies) if copies else None)
        return JSONResponse({"ok": True})

    async def trade(request: Request) -> Response:
        found = trade_of(request)
        if found is None:
            return JSONResponse({"error": "no such trade"}, status_code=404)
        refunds = [r.as_dict() for r in sb.state.refunds_of(found)]
        return JSONResponse({"trade": found.as_dict(), "refunds": refunds})

    async def reset(_request: Request) -> Response:
        sb.courier.held.clear()
        sb.state.reset()
        return JSONResponse({"ok": True})

    return [
        Route("/_sandbox/health", health, methods=["GET"]),
        Route("/_sandbox/behaviour", behaviour, methods=["GET", "POST"]),
        Route("/_sandbox/deliveries", deliveries, methods=["GET"]),
        Route("/_sandbox/release", release, methods=["POST"]),
        Route("/_sandbox/pay/{provider}/{out_trade_no}", pay, methods=["POST"]),
        Route("/_sandbox/renotify/{provider}/{out_trade_no}", renotify, methods=["POST"]),
        Route("/_sandbox/trades/{provider}/{out_trade_no}", trade, methods=["GET"]),
        Route("/_sandbox/reset", reset, methods=["POST"]),
    ]
