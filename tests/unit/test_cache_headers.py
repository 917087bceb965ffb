"""How long a phone keeps what the server sends: the built frontend's hashed files a year,
pages checked on every visit, the app's public files a day, anything that says for itself
left alone."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from salon_app.api.cache_headers import IMMUTABLE, PAGE, PUBLIC_FILE, CacheHeaders


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def app(tmp_path: Path) -> CacheHeaders:
    """A build folder served as Reflex serves it in production, beside API routes."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "entry.client-C3HRs_XD.js").write_text("export {}")
    (tmp_path / "assets" / "__reflex_global_styles-NccINl-w.css").write_text("a{}")
    (tmp_path / "index.html").write_text("<html></html>")
    (tmp_path / "favicon.ico").write_bytes(b"\x00\x00\x01\x00")

    async def picture(_request) -> Response:
        return Response(b"webp", headers={"Cache-Control": "public, max-age=5"})

    async def api(_request) -> JSONResponse:
        return JSONResponse({"ok": True})

    routes = [
        Route("/media/x.webp", picture),
        Route("/_upload/x.jpg", api),
        Route("/api/status", api, methods=["GET", "POST"]),
        Mount("/", app=StaticFiles(directory=tmp_path, html=True)),
    ]
    return CacheHeaders(Starlette(routes=routes))


async def _cache_control(app, path: str, method: str = "GET") -> str | None:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.request(method, path)
    assert response.status_code == 200, path
    return response.headers.get("cache-control")


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/assets/entry.client-C3HRs_XD.js", IMMUTABLE),
        ("/assets/__reflex_global_styles-NccINl-w.css", IMMUTABLE),
        ("/", PAGE),
        ("/index.html", PAGE),
        ("/favicon.ico", PUBLIC_FILE),
        ("/media/x.webp", "public, max-age=5"),  # says for itself
        ("/_upload/x.jpg", None),  # uploads: Reflex's own route
        ("/api/status", None),
    ],
)
async def test_each_kind_of_answer_gets_its_cache_header(app, path, expected):
    assert await _cache_control(app, path) == expected


@pytest.mark.anyio
async def test_a_head_request_gets_the_same_header_and_a_post_none(app):
    assert await _cache_control(app, "/assets/entry.client-C3HRs_XD.js", "HEAD") == IMMUTABLE
    assert await _cache_control(app, "/api/status", "POST") is None
