"""Live pages without reload: a background task per open page watches a cheap version number.

The task runs in the worker that holds the browser's websocket and reads the database, so it
works the same with in-process state and with Redis and several workers. It stops when the
browser leaves the page or logs out, and when a newer page load starts its own task: after a
reconnect (e.g. back from a payment page) the browser may be on another worker, and only a
task started there can push to it. After MAX_MINUTES it hands over to a fresh task through the
browser (the page's handler returns its watch event): a tab left open on a shift stays live,
and a closed one, which cannot send the event back, ends the chain.

Nothing is missed between the page's load and the task's first look: the task reloads once
right after reading its first version, then on every change.

A page state becomes live by mixing in LivePage and saying what it watches (`_watched`); its
`watch` event goes in the page's on_load after `load`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import NamedTuple

import reflex as rx
from sqlmodel import Session

from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import auth
from salon_app.core.services.access import Actor

INTERVAL_SECONDS = 1.5
MAX_MINUTES = 60


async def watch(
    state,  # noqa: ANN001 - a SessionState subclass inside its background event
    path_prefix: str,
    version: Callable[[Session, Actor | None], str],
    reload: Callable[[], object],
) -> bool:
    """Keep the page fresh; True when it ran for MAX_MINUTES and should be started again."""
    mine = uuid.uuid4().hex
    async with state:
        state._watch_id = mine  # any older task for this tab stops at its next look
    last: str | None = None
    for _ in range(round(MAX_MINUTES * 60 / INTERVAL_SECONDS)):
        async with state:
            token = state.auth_token
            here = state.router.url.path.startswith(path_prefix)
            current_task = state._watch_id == mine
        if not (here and token and current_task):
            return False
        try:
            current = await asyncio.to_thread(_read, token, version)
        except DomainError:
            return False
        if current != last:
            async with state:
                if state._watch_id != mine:
                    return False
                reload()
        last = current
        await asyncio.sleep(INTERVAL_SECONDS)
    return True


def _read(token: str, version: Callable[[Session, Actor | None], str]) -> str:
    with session_scope() as session:
        return version(session, auth.resolve(session, token))


class Watched(NamedTuple):
    """What a live page watches: its path prefix (the task ends when the browser leaves it)
    and a cheap version of what it shows (it changes whenever the page would)."""

    path_prefix: str
    version: Callable[[Session, Actor | None], str]


class LivePage(rx.State, mixin=True):
    """Mixed into a page state (a SessionState with `_reload`) that shows what others change."""

    def _watched(self) -> Watched:
        raise NotImplementedError

    @rx.event(background=True)
    async def watch(self) -> rx.EventHandler | None:  # itself again: see watch() above
        watched = self._watched()
        if await watch(self, watched.path_prefix, watched.version, self._reload):
            return self.__class__.watch  # the page state's own handler (self is a proxy)
        return None
