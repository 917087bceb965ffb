"""A cap on every request body, enforced before the body is read (ASGI middleware).

Reflex's `/_upload` route and the app's API routes (payment notifications) read whole bodies;
this wraps the whole backend (it is the last api_transformer) so that:

- a declared Content-Length over the route's cap is answered 413 at once, and the app never
  sees the request (nothing of the body is read);
- a body without a length (chunked) is counted as it streams in; the message that would pass
  the cap is never handed to the app: it is told the client went away, and the client gets 413.

Caps per route: uploads of videos and course materials (handlers named in MEDIA_HANDLERS) up
to the lesson video limit plus the multipart wrapping; other uploads (photos) PHOTO_UPLOAD_CAP;
every other request (JSON API, payment notifications, pages) API_CAP.
"""

from __future__ import annotations

import json
import logging
from collections.abc import MutableMapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from salon_app.i18n import t

MB = 1024 * 1024
MEDIA_UPLOAD_CAP = 201 * MB  # a 200 MB lesson video (services/learning/lesson_files.py) + form
PHOTO_UPLOAD_CAP = 40 * MB  # seven 5 MB photos (one too many, for a clear refusal) + form
API_CAP = 256 * 1024  # payment notifications are a few KB
MEDIA_HANDLERS = ("upload_video", "upload_material")  # event handlers that receive big files
UPLOAD_PATH = "/_upload"

log = logging.getLogger(__name__)


def cap_for(scope: Scope) -> int:
    """The most bytes a request to this route may carry."""
    path = scope.get("path", "").rstrip("/")
    if not path.endswith(UPLOAD_PATH):
        return API_CAP
    handler = _header(scope, b"reflex-event-handler").rsplit(".", 1)[-1]
    return MEDIA_UPLOAD_CAP if handler in MEDIA_HANDLERS else PHOTO_UPLOAD_CAP


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


class BodySizeCap:
    """ASGI middleware: see the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = cap_for(scope)
        declared = _header(scope, b"content-length")
        if declared and (not declared.isdigit() or int(declared) > cap):
            await _too_large(send, cap)
            return
        await _CountedRequest(self.app, cap).run(scope, receive, send)


class _CountedRequest:
    """One request whose body is counted as the app reads it."""

    def __init__(self, app: ASGIApp, cap: int) -> None:
        self.app, self.cap = app, cap
        self.seen = 0
        self.over = False
        self.started = False

    async def run(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counted_receive() -> Message:
            if self.over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                self.seen += len(message.get("body", b""))
                if self.seen > self.cap:
                    self.over = True  # this chunk never reaches the app
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: MutableMapping[str, Any]) -> None:
            if self.over:  # whatever the app answers to the "disconnect", the client gets 413
                return
            if message["type"] == "http.response.start":
                self.started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if not self.over:
                raise
            log.info("request body over %d bytes refused while streaming", self.cap)
        if self.over and not self.started:
            await _too_large(send, self.cap)


async def _too_large(send: Send, cap: int) -> None:
    size = f"{cap // MB} MB" if cap >= MB else f"{cap // 1024} KB"
    body = json.dumps({"detail": t("upload.body_too_large", size=size)}, ensure_ascii=False)
    body = body.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),  # the unread rest of the body is not waited for
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
