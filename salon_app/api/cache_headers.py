"""How long browsers keep what the production server sends (ASGI middleware, Cache-Control).

In production the backend also serves the built frontend (Reflex mounts the build folder at the
site's root); Starlette's static files carry no Cache-Control, so a phone asked again for every
script on every visit. This sets it on answers that have none:

- the build's hashed files (`/assets/<name>-<hash>.js|css|...`: a new build gives new names):
  kept a year, never asked again (`immutable`);
- pages (HTML): `no-cache`, checked on every visit, so a new build is seen at once;
- the project's own public files (favicon, app icons, manifest: `assets/` of the repository,
  served at the root under fixed names): a day.

Answers that already say (catalogue pictures of api/media.py, the API) and Reflex's own routes
(`/_event`, `/_upload`, ...) are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

IMMUTABLE = "public, max-age=31536000, immutable"
PAGE = "no-cache"
PUBLIC_FILE = "public, max-age=86400"
HASHED_ASSET = re.compile(r"^/assets/.+-[A-Za-z0-9_-]{8}\.(?:js|mjs|css|woff2?|ttf|svg|png|webp)$")
PUBLIC_FILE_SUFFIXES = (".ico", ".png", ".svg", ".webp", ".jpg", ".webmanifest", ".txt", ".xml")


def cache_control(path: str, content_type: str) -> str | None:
    """The Cache-Control for a successful answer to `path` that set none itself."""
    if path.startswith("/_"):  # Reflex's event socket, uploads, health: not ours to say
        return None
    if HASHED_ASSET.match(path):
        return IMMUTABLE
    if content_type.startswith("text/html"):
        return PAGE
    if path.endswith(PUBLIC_FILE_SUFFIXES):
        return PUBLIC_FILE
    return None


class CacheHeaders:
    """ASGI middleware: see the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def send_with_cache(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"cache-control" not in names:
                    ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                    value = cache_control(path, ctype.decode("latin-1"))
                    if value is not None:
                        headers.append((b"cache-control", value.encode()))
                        message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cache)
