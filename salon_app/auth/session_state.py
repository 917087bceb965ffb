"""The browser's login: an opaque token in localStorage; the user is re-derived on every call.

Every role state subclasses SessionState. Nothing here trusts the browser beyond the token.
A browser tab keeps one state tree for its whole life (Reflex's token is in sessionStorage), so
the tree is wiped whenever the person using the tab changes: at log-out, at log-in and sign-up,
and when the login page is shown to nobody (an expired login); a page that refuses its user
drops its own data.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import AsyncIterator, Callable, Hashable, Iterable
from contextvars import ContextVar
from typing import Any, TypeVar

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.components.format import weekday_name
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.live_feed import SharedReads, Topic
from salon_app.core.services import admin_roles, auth
from salon_app.core.services.access import Actor
from salon_app.core.services.sources import channel_source, normalize_source
from salon_app.i18n import t

T = TypeVar("T")
ROUTE_ARGS = (
    "category_slug", "service_slug", "tech_id", "order_code", "job_code", "shop_id", "user_id",
    "campaign_id", "visit_token",
)  # fmt: skip


# One event often asks who is logged in several times (a page's load and each of its panels):
# the answer is kept for the rest of that event. Reflex runs every event in its own asyncio task
# (a copy of the context, which a worker thread copies again), so it is never seen by another
# event; a live page's watch, one task for as long as the page is open, asks again after
# RESOLVED_SECONDS.
_resolved: ContextVar[tuple[str, float, Actor] | None] = ContextVar("resolved", default=None)
RESOLVED_SECONDS = 1.0


def error_text(err: DomainError) -> str:
    """The user's words for a domain error: a field parameter is a catalogue key (昵称, 地址...)
    and a weekday parameter is named (周一...)."""
    params = dict(err.params)
    if isinstance(params.get("field"), str):
        params["field"] = t(params["field"])
    if isinstance(params.get("weekday"), int) and 0 <= params["weekday"] < 7:
        params["day"] = weekday_name(params["weekday"])
    return t(err.key, **params)


def error_toast(err: DomainError) -> rx.event.EventSpec:
    return rx.toast.error(error_text(err), id="error-toast")


def _unchanged(state: rx.State, name: str, value: object) -> bool:
    """Whether `name` is a var sent to the browser that already holds an equal value."""
    field = type(state).__fields__.get(name)
    if field is None or field._backend:
        return False
    current = getattr(state, name)
    current = getattr(current, "__wrapped__", current)  # mutable values come proxied
    value = getattr(value, "__wrapped__", value)
    return type(current) is type(value) and current == value


def in_worker_thread(handler: Callable[..., Any]) -> Callable[..., AsyncIterator[Any]]:
    """A sync event handler whose work is slow (a gateway or provider call, Pillow, argon2,
    the geocoder, an export) runs whole in a worker thread, so the event loop serves the other
    users meanwhile; `working` is True until it is done. Put it under @rx.event. The tab's
    state is locked while its handler runs, so the thread is the only one touching it."""

    @functools.wraps(handler)
    async def run(self: SessionState, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        self.working = True
        yield  # the page shows it is busy
        try:
            events = await asyncio.to_thread(handler, self, *args, **kwargs)
        finally:
            self.working = False
        yield events

    return run


class SessionState(rx.State):
    auth_token: str = rx.LocalStorage("", name="salon_token", sync=True)
    user_name: str = ""
    user_role: str = ""
    # Why the user was sent to the login page (e.g. the session expired); shown there once.
    notice: str = ""
    # Set when a guarded page refuses the current user; the page shows it instead of data.
    access_error: str = ""
    # What a platform operator's sub-role may open (the platform sidebar shows only those).
    admin_rights: list[str] = []
    _watch_id: str = ""  # the live-refresh task now serving this browser tab (see live.watch)
    # True while a slow action of this tab runs in a worker thread (in_worker_thread): buttons
    # show they are busy.
    working: bool = False

    def __setattr__(self, name: str, value: object) -> None:
        """Assigning a var the value it already has changes nothing, so it is not sent again:
        Reflex marks every assigned var dirty, and pages re-assign most of what they show on
        every load (the same lists on a revisit, the user's name on every page)."""
        if name[0] != "_" and _unchanged(self, name, value):
            return
        super().__setattr__(name, value)

    @rx.var
    def logged_in(self) -> bool:
        return self.user_role != ""

    @rx.var
    def home_path(self) -> str:
        return routes.ROLE_HOME.get(self.user_role, routes.HOME)

    def _param(self, name: str) -> str:
        """A dynamic route segment (e.g. [order_code]) or a query parameter of the current URL."""
        value = self.router.url.query_parameters.get(name)
        if value is None:
            value = getattr(self, name, "") if name in ROUTE_ARGS else ""
        return str(value or "")

    def _entry_source(self) -> str:
        """Where the visitor came from (用户来源): the URL's `?ch=<code>` (a channel), else `?src=`,
        which the pages that lead to a sign-up or a booking pass on (search, shop_page, share);
        anything else is "direct" (services/sources.py normalises, never refuses)."""
        channel = self._param("ch")
        return channel_source(channel) if channel else normalize_source(self._param("src"))

    def _actor(self, session: Session) -> Actor | None:
        token, now = self.auth_token, time.monotonic()
        kept = _resolved.get()
        if kept is not None and kept[0] == token and now - kept[1] < RESOLVED_SECONDS:
            actor: Actor | None = kept[2]
        else:
            try:
                actor = auth.resolve(session, token)
            except DomainError as err:
                self.auth_token = ""
                self.notice = error_text(err)
                actor = None
            if actor is not None:
                _resolved.set((token, now, actor))
        self.user_name = actor.display_name if actor else ""
        self.user_role = actor.role if actor else ""
        rights = admin_roles.rights_of(actor.admin_role) if actor else []
        if rights != self.admin_rights:
            self.admin_rights = rights
        return actor

    def _public_read(
        self,
        shared: SharedReads[T],
        key: Hashable,
        read: Callable[[Session], T],
        topics: Callable[[T], Iterable[Topic]],
    ) -> T:
        """A read that does not depend on who looks (a public page): visitors share it until
        one of `topics` changes (live_feed.shared_reads); a logged-in person reads afresh, as
        they may be about to book, and their login is checked on the way."""
        if self.auth_token:
            with session_scope() as session:
                self._actor(session)
                return read(session)

        def fresh() -> T:
            with session_scope() as session:
                return read(session)

        return shared.get(key, fresh, topics)

    def _guarded(self, load: Callable[[Session, Actor], T]) -> tuple[T | None, list | None]:
        """Run a page's loading service as the current user.

        Returns (data, None) on success; (None, events) when the user must log in first;
        (None, None) when the service refused them, with `access_error` set for the page.
        """
        with session_scope() as session:
            actor = self._actor(session)
            if actor is None:
                self.reset()  # this page's own data only; the login page wipes the rest
                if not self.notice:
                    self.notice = t("auth.login_required")
                return None, [rx.redirect(routes.LOGIN)]
            try:
                data = load(session, actor)
            except DomainError as err:
                self.reset()
                self.access_error = error_text(err)
                return None, None
        self.access_error = ""
        return data, None

    async def _guarded_in_thread(
        self, load: Callable[[], T], refused: Callable[[], None]
    ) -> tuple[T | None, list]:
        """A page's slow loading service in a worker thread (`load` opens its own session).
        The user may not see the page (PermissionDenied): its data goes and `access_error`
        says why. Refused otherwise: `refused` puts back what the page showed, and the reason
        is a toast. Returns (data, []) or (None, events)."""
        try:
            data = await asyncio.to_thread(load)
        except PermissionDenied as err:
            self.reset()
            self.access_error = error_text(err)
            return None, []
        except DomainError as err:
            refused()
            return None, [error_toast(err)]
        self.access_error = ""
        return data, []

    def _run(
        self,
        action: Callable[[Session, Actor | None], object],
        done: str = "",
        *then: Callable[[], object],
    ) -> list:
        """One service call (a user's action) as the current user. Refused: the reason as a
        toast, and nothing on the page changes. Done: each of `then` in turn (the page shows
        the change) and the `done` toast, a catalogue key ("" for none)."""
        try:
            with session_scope() as session:
                had_login = bool(self.auth_token)
                actor = self._actor(session)
                if actor is None and had_login:  # it ended (e.g. disabled): the login page says why
                    return [rx.redirect(routes.LOGIN)]
                action(session, actor)
        except DomainError as err:
            return [error_toast(err)]
        for step in then:
            step()
        return [rx.toast.success(t(done))] if done else []

    async def _forget_tab(self) -> None:
        """Reset every state of this tab to its defaults (the token and notice included), so
        nothing of its previous user is kept or sent again (hydrate sends the whole tree).

        All app states live under SessionState. With Redis only the states of the running
        event are loaded; get_state loads the others first, so reset reaches them all and the
        reset is stored and sent to the browser like any change."""
        pending = list(SessionState.get_substates())
        while pending:  # the whole tree, should a page state ever have states of its own
            page_state = pending.pop()
            await self.get_state(page_state)
            pending += page_state.get_substates()
        (await self.get_state(SessionState)).reset()

    @rx.event
    async def log_out(self) -> list:
        with session_scope() as session:
            auth.log_out(session, self.auth_token)
        await self._forget_tab()
        self.notice = t("auth.logged_out")
        return [rx.redirect(routes.LOGIN)]
