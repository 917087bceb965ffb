"""Live pages without reload: a background task per open page waits for a change notice on the
page's topics (core/live_feed) and then reads a cheap version of what the page shows.

An idle open page costs nothing between changes: no database look and nothing sent to the
browser. A committed change to a watched row wakes the pages on its topics in every worker
(in-process, or through Redis on the scale-out stack); each woken page reads its version once
(in a thread) and reloads only when it changed. Changes made outside the app's processes (a
CLI restore, a script writing to the database, another app without the relay) publish nowhere
the pages hear: a safety look every `live_safety_seconds` (settings, 30 s) catches them. A page
whose version follows the clock (the shop's live map) also looks at every new minute.

The task runs in the worker that holds the browser's websocket, so it works the same with
in-process state and with Redis and several workers. It stops when the browser leaves the page,
logs out or closes the tab (seen at its next look), and when a newer page load starts its own
task: after a reconnect (e.g. back from a payment page) the browser may be on another worker,
and only a task started there can push to it. After MAX_MINUTES it hands over to a fresh task
through the browser (the page's handler returns its watch event): a tab left open on a shift
stays live, and a closed one, which cannot send the event back, ends the chain.

Nothing is missed between the page's load and the task's first look: the task listens before
it reads its first version, and reloads right after it when one of its topics had a notice
within LOAD_SECONDS (the load may have read the state before that change), then on every
change. A change made outside the app in that gap is caught by the safety look.

A page state becomes live by mixing in LivePage and saying what it watches (`_watched`); its
`watch` event goes in the page's on_load after `load`.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Iterable
from typing import NamedTuple

import reflex as rx
from sqlmodel import Session

from salon_app.core import live_feed
from salon_app.core.clock import utcnow
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import auth
from salon_app.core.services.access import Actor
from salon_app.core.settings import get_settings
from salon_app.tab_states import tab_connected

MAX_MINUTES = 60
# The page's load ran just before its watch (the on_load chain): when none of its topics had a
# notice for this long, the first look does not load it again (it did, for every visit).
LOAD_SECONDS = 10.0


class Watched(NamedTuple):
    """What a live page watches: its path prefix (the task ends when the browser leaves it),
    a cheap version of what it shows (it changes whenever the page would), the feed topics
    whose changes can move that version (read after the version, with the same actor), and
    whether the version also follows the clock (then it is read at every new minute too)."""

    path_prefix: str
    version: Callable[[Session, Actor | None], str]
    topics: Callable[[Session, Actor | None], Iterable[live_feed.Topic]]
    follows_clock: bool = False


async def watch(
    state,  # noqa: ANN001 - a SessionState subclass inside its background event
    watched: Watched,
    reload: Callable[[], object],
    connected: Callable[[str], bool] = tab_connected,
) -> bool:
    """Keep the page fresh; True when it ran for MAX_MINUTES and should be started again,
    False when the tab left the page, logged out, closed, or a newer task took over."""
    mine = uuid.uuid4().hex
    async with state:
        state._watch_id = mine  # any older task for this tab stops at its next look
        token = state.auth_token
        own = live_feed.tab(state.router.session.client_token)
    live_feed.notify_here([own])  # which is now: it wakes, sees it was superseded and ends
    if not token:
        return False
    began = time.monotonic()
    try:
        topics, first = await asyncio.to_thread(_first_look, token, watched)
    except DomainError:
        return False
    loop = asyncio.get_running_loop()
    ends = loop.time() + MAX_MINUTES * 60
    last: str | None = None
    with live_feed.subscribed({*topics, own}) as changes:
        if live_feed.changed_within(topics, time.monotonic() - began):
            first = None  # a change before the subscription: the first look may have missed it
        while True:
            async with state:
                token = state.auth_token
                here = state.router.url.path.startswith(watched.path_prefix)
                current_task = state._watch_id == mine
                tab = state.router.session.client_token
            if not (here and token and current_task and connected(tab)):
                return False
            try:
                current = (
                    first
                    if first is not None
                    else await asyncio.to_thread(_read, token, watched.version)
                )
            except DomainError:
                return False
            first = None
            if last is None and not live_feed.changed_within(topics, LOAD_SECONDS):
                last = current  # the page has just loaded this, and nothing changed since
            if current != last:
                async with state:
                    if state._watch_id != mine:
                        return False
                    # The tab's state is locked meanwhile: the thread alone touches it.
                    await asyncio.to_thread(reload)  # queries, maybe a relay-number binding
            last = current
            left = ends - loop.time()
            if left <= 0:
                return True
            await changes.wait(min(left, _quiet_seconds(watched)))


def _quiet_seconds(watched: Watched) -> float:
    """How long to wait without a notice: the safety look, or the next minute for the clock."""
    quiet = float(get_settings().live_safety_seconds)
    if watched.follows_clock:
        now = utcnow()
        quiet = min(quiet, 60.5 - now.second - now.microsecond / 1e6)
    return quiet


def _read(token: str, version: Callable[[Session, Actor | None], str]) -> str:
    with session_scope() as session:
        return version(session, auth.resolve(session, token))


def _first_look(token: str, watched: Watched) -> tuple[set[live_feed.Topic], str]:
    """The page's version now and then its topics (the version refuses a stranger before any
    id is looked at): (topics, version)."""
    with session_scope() as session:
        actor = auth.resolve(session, token)
        version = watched.version(session, actor)
        return set(watched.topics(session, actor)), version


class LivePage(rx.State, mixin=True):
    """Mixed into a page state (a SessionState with `_reload`) that shows what others change."""

    def _watched(self) -> Watched:
        raise NotImplementedError

    @rx.event(background=True)
    async def watch(self) -> rx.EventHandler | None:  # itself again: see watch() above
        # Under the tab's lock: a background event may start while the page's load (before it
        # in on_load, possibly in a worker thread) still runs; the lock waits for it, so the
        # watch follows the order or job the load just showed, not the page's previous one.
        async with self:
            watched = self._watched()
        if await watch(self, watched, self._reload):
            return self.__class__.watch  # the page state's own handler (self is a proxy)
        return None
