"""The request body cap: refused with 413 before the body is read, per route."""

from __future__ import annotations

import json

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from salon_app.api import body_limit
from salon_app.api.body_limit import BodySizeCap


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _app(read: list[int]) -> BodySizeCap:
    async def endpoint(request: Request) -> JSONResponse:
        body = await request.body()
        read.append(len(body))
        return JSONResponse({"ok": len(body)})

    routes = [
        Route("/_upload", endpoint, methods=["POST"]),
        Route("/api/pay/notify/wechat", endpoint, methods=["POST"]),
    ]
    return BodySizeCap(Starlette(routes=routes))


async def _post(app, path: str, content, headers: dict[str, str] | None = None) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.post(path, content=content, headers=headers or {})


def _chunks(total: int, size: int = 64 * 1024):
    async def gen():
        sent = 0
        while sent < total:
            n = min(size, total - sent)
            sent += n
            yield b"x" * n

    return gen()


@pytest.mark.anyio
async def test_a_declared_length_over_the_api_cap_is_refused_without_calling_the_app():
    read: list[int] = []
    response = await _post(
        _app(read), "/api/pay/notify/wechat", b"{}" * (body_limit.API_CAP // 2 + 1)
    )
    assert response.status_code == 413
    assert json.loads(response.text)["detail"] == "请求的内容太大（最多 256 KB）"
    assert read == []


@pytest.mark.anyio
async def test_a_streamed_body_is_cut_at_the_cap_and_never_handed_over_whole():
    read: list[int] = []
    response = await _post(_app(read), "/api/pay/notify/wechat", _chunks(5 * body_limit.MB))
    assert response.status_code == 413
    assert read == []  # the app was told the client left; it never got the body


@pytest.mark.anyio
async def test_uploads_may_be_larger_than_api_bodies_and_media_larger_still():
    read: list[int] = []
    app = _app(read)
    photo = {"reflex-event-handler": "state.order_state.add_complaint_photos"}
    video = {"reflex-event-handler": "state.course_desk_state.upload_video"}
    assert (await _post(app, "/_upload", b"x" * (2 * body_limit.MB), photo)).status_code == 200
    big = b"x" * (body_limit.PHOTO_UPLOAD_CAP + 1)
    assert (await _post(app, "/_upload", big, photo)).status_code == 413
    assert (await _post(app, "/_upload", _chunks(len(big)), photo)).status_code == 413
    assert (await _post(app, "/_upload", big, video)).status_code == 200
    assert read == [2 * body_limit.MB, len(big)]


@pytest.mark.anyio
async def test_a_body_within_the_cap_passes_untouched_and_a_bad_length_is_refused():
    read: list[int] = []
    app = _app(read)
    assert (await _post(app, "/api/pay/notify/wechat", b'{"a": 1}')).json() == {"ok": 8}
    bad = await _post(app, "/api/pay/notify/wechat", b"{}", {"content-length": "-1"})
    assert bad.status_code == 413 and read == [8]


def test_caps_per_route():
    def scope(path: str, handler: str = "") -> dict:
        return {"path": path, "headers": [(b"reflex-event-handler", handler.encode())]}

    assert body_limit.cap_for(scope("/api/pay/notify/alipay")) == body_limit.API_CAP
    assert body_limit.cap_for(scope("/_upload", "s.x.add_images")) == body_limit.PHOTO_UPLOAD_CAP
    assert body_limit.cap_for(scope("/_upload/", "s.x.upload_material")) == (
        body_limit.MEDIA_UPLOAD_CAP
    )
