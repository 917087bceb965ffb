"""Live pages without reload: a background task per open page watches a cheap version number.

The task runs in the worker that holds the browser's websocket and reads the database, so it
works the same with in-process state and with Redis and several workers. It stops when the
browser leaves the page, logs out, or after MAX_MINUTES.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlmodel import Session

from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import auth
from salon_app.core.services.actor import Actor

INTERVAL_SECONDS = 1.5
MAX_MINUTES = 60


async def watch(
    state,  # noqa: ANN001 - a SessionState subclass inside its background event
    path_prefix: str,
    version: Callable[[Session, Actor | None], str],
    reload: Callable[[], object],
) -> None:
    async with state:
        if state._watching:
            return
        state._watching = True
    last: str | None = None
    try:
        for _ in range(int(MAX_MINUTES * 60 / INTERVAL_SECONDS)):
            async with state:
                token = state.auth_token
                here = state.router.url.path.startswith(path_prefix)
            if not here or not token:
                return
            try:
                current = await asyncio.to_thread(_read, token, version)
            except DomainError:
                return
            if last is not None and current != last:
                async with state:
                    reload()
            last = current
            await asyncio.sleep(INTERVAL_SECONDS)
    finally:
        async with state:
            state._watching = False


def _read(token: str, version: Callable[[Session, Actor | None], str]) -> str:
    with session_scope() as session:
        return version(session, auth.resolve(session, token))
