"""Gateway notifications: POST /api/pay/{wechat,alipay,card}/notify.

Each request gets its own database session; the work (signature checks, database) runs in a
worker thread. Each gateway is answered the way it expects, so it stops resending:

    WeChat Pay   204 (no body) | 4xx/5xx {"code": "FAIL", "message": ...}
    Alipay       200 "success" | "failure"
    card         200 {"received": true} | 4xx/5xx {"error": ...}

Rejections are answered as failures (the gateway retries; a forged one never succeeds), and
anything unexpected is a 500 so the gateway tries again later.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from salon_app.core.db import session_scope
from salon_app.core.integrations.payments.provider import NOTIFY_PATH, PROVIDERS
from salon_app.core.services import payments
from salon_app.core.services.payments.gateway_log import NotificationOutcome

log = logging.getLogger("salon_app.payments")
MAX_BODY = 64 * 1024  # notifications are a few KB


def _answer(provider: str, outcome: NotificationOutcome | None) -> Response:
    """`None` means we failed ourselves (the gateway should try again later)."""
    ok = outcome is not None and outcome.accepted
    reason = "internal error" if outcome is None else outcome.reason
    if provider == "wechat":
        if ok:
            return Response(status_code=204)
        status = 500 if outcome is None else 400
        return JSONResponse({"code": "FAIL", "message": reason}, status_code=status)
    if provider == "alipay":
        return PlainTextResponse("success" if ok else "failure")
    if ok:
        return JSONResponse({"received": True})
    return JSONResponse({"error": reason}, status_code=500 if outcome is None else 400)


def _handler(provider: str, engine: Engine | None) -> Callable[[Request], Awaitable[Response]]:
    def apply(headers: dict[str, str], body: bytes, source: str) -> NotificationOutcome:
        with session_scope(engine) as session:
            return payments.apply_notification(session, provider, headers, body, source)

    async def receive(request: Request) -> Response:
        body = b""
        async for chunk in request.stream():  # never more than MAX_BODY in memory
            body += chunk
            if len(body) > MAX_BODY:
                return _answer(provider, NotificationOutcome("rejected", "too_large"))
        headers = {k.lower(): v for k, v in request.headers.items()}
        try:
            source = request.client.host if request.client else ""
            outcome = await run_in_threadpool(apply, headers, body, source)
        except Exception:  # the database or the gateway's certificates: let it retry
            log.exception("could not process %s notification", provider)
            outcome = None
        return _answer(provider, outcome)

    return receive


def payment_routes(engine: Engine | None = None) -> list[Route]:
    """The three webhook routes; `engine` defaults to the app's database (tests pass theirs)."""
    return [
        Route(NOTIFY_PATH.format(provider=p), _handler(p, engine), methods=["POST"])
        for p in PROVIDERS
    ]


def payment_api(engine: Engine | None = None) -> Starlette:
    """The webhooks as an app to mount with `rx.App(api_transformer=payment_api())`."""
    return Starlette(routes=payment_routes(engine))
