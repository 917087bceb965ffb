"""GET /api/learning/<lesson id>/<video|material>?login=…&exp=…&sig=…: a lesson's video or
material, for the technician whose login the link was made for (services/learning/
lesson_media.py checks the signature, the login and the lesson again on every request).

Starlette's FileResponse streams the file off the event loop and answers range requests (206
Partial Content with Accept-Ranges, 416 when out of range): players seek and resume. The
database check runs in a worker thread. Refused: 403 without saying what exists; a missing
file: 404. Responses are private and never cached by a proxy.
"""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import learning
from salon_app.core.services.learning.lesson_media import API_PREFIX


def _check(request: Request) -> learning.MediaFile:
    params = request.query_params
    with session_scope() as session:
        return learning.open_media(
            session,
            request.path_params["lesson_id"],
            request.path_params["what"],
            params.get("login", ""),
            params.get("exp", ""),
            params.get("sig"),
        )


async def lesson_file(request: Request) -> Response:
    try:
        media = await asyncio.to_thread(_check, request)
    except DomainError as err:
        status = 404 if err.key == "learning.file_missing" else 403
        return PlainTextResponse("not found" if status == 404 else "forbidden", status_code=status)
    headers = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
    return FileResponse(
        media.path,
        media_type=media.content_type,
        headers=headers,
        filename=media.download_name or None,
        content_disposition_type="attachment" if media.download_name else "inline",
    )


def learning_routes() -> list[Route]:
    return [Route(API_PREFIX + "{lesson_id:int}/{what}", lesson_file, methods=["GET", "HEAD"])]


def learning_api() -> Starlette:
    """The lesson files as an app to mount with `rx.App(api_transformer=[...])`."""
    return Starlette(routes=learning_routes())
