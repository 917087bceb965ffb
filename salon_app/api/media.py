"""GET /media/<name>: catalogue pictures (core/integrations/storage/pictures.py).

A name is made from the file's content, so a response never goes stale: browsers and proxies
keep it a year without asking again. Starlette's FileResponse streams the file off the event
loop and answers HEAD, conditional and range requests.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from salon_app.core.integrations import storage

CACHE_FOREVER = "public, max-age=31536000, immutable"


async def picture(request: Request) -> Response:
    path = storage.picture_path(request.path_params["name"])
    if path is None:
        return PlainTextResponse("not found", status_code=404)
    return FileResponse(
        path,
        media_type="image/webp",
        headers={"Cache-Control": CACHE_FOREVER, "X-Content-Type-Options": "nosniff"},
    )


def media_routes() -> list[Route]:
    return [Route(storage.MEDIA_URL_PREFIX + "{name}", picture, methods=["GET", "HEAD"])]


def media_api() -> Starlette:
    """The pictures as an app to mount with `rx.App(api_transformer=[..., media_api()])`."""
    return Starlette(routes=media_routes())
