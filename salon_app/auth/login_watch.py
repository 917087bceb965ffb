"""An open tab follows its login: when the login ends elsewhere (the account was disabled by an
operator, the password reset, the login expired), the tab goes to the login page and says why,
even if its user is not touching it.

How: every page frame that shows a logged-in user (components/layout.header, the dashboards)
mounts `login_watch()`, which starts one background task for the tab (a newer page's task
supersedes the older one, as components/live.py does). The task checks the login once
(auth.check_login: four columns, no account loaded or decrypted), then waits for a change
notice on the account (core/live_feed: its row or one of its logins written, in any worker) or
for the login's expiry, and checks again. A change made outside the app's processes is seen at
the safety look (settings.live_safety_seconds). It runs in the worker holding the tab's
websocket, so it works the same with in-process state and with Redis and several workers, and
ends when the tab closes. After MAX_MINUTES it hands over to a fresh task through the browser; a
closed tab cannot send that event back, so its chain ends.
Cost: nothing between changes; no event traffic from the browser.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text
from salon_app.core import live_feed
from salon_app.core.clock import utcnow
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import auth
from salon_app.core.settings import get_settings
from salon_app.tab_states import tab_connected

MAX_MINUTES = 60
# Tab -> the login a task of this worker follows for it. Every page of a logged-in tab mounts
# the watch; a navigation must not start a second task (nor a look) for the same login.
_following: dict[str, str] = {}


def _check(token: str) -> auth.LoginHolds:
    """Raises the reason (auth.account_disabled, auth.session_expired) when the login ended."""
    with session_scope() as session:
        return auth.check_login(session, token)


def _quiet_seconds(holds: auth.LoginHolds) -> float:
    """How long to wait without a notice: the safety look, or until the login expires."""
    to_expiry = (holds.expires_at - utcnow()).total_seconds() + 0.5
    return max(0.5, min(float(get_settings().live_safety_seconds), to_expiry))


async def follow_login(
    state,  # noqa: ANN001 - a SessionState inside its background event
    check: Callable[[str], auth.LoginHolds] = _check,
    connected: Callable[[str], bool] = tab_connected,
) -> bool | str:
    """Watch the tab's login. The reason's text when it ended (the tab was logged out here),
    True when it ran MAX_MINUTES and should be started again, False when it is no longer
    needed (logged out in the tab, a newer task took over, or the tab closed)."""
    async with state:
        token, tab = state.auth_token, state.router.session.client_token
    if not token or _following.get(tab) == token:
        return False  # nothing to follow, or a task of this worker already follows this login
    _following[tab] = token
    try:
        return await _follow(state, token, tab, check, connected)
    finally:
        if _following.get(tab) == token:
            del _following[tab]


async def _follow(
    state,  # noqa: ANN001
    token: str,
    tab: str,
    check: Callable[[str], auth.LoginHolds],
    connected: Callable[[str], bool],
) -> bool | str:
    mine = uuid.uuid4().hex
    async with state:
        state._login_watch_id = mine
    loop = asyncio.get_running_loop()
    ends = loop.time() + MAX_MINUTES * 60
    with contextlib.ExitStack() as listening:
        changes: live_feed.Subscription | None = None
        while True:
            async with state:
                token_now, current = state.auth_token, state._login_watch_id == mine
            if not (token_now == token and current and connected(tab)):
                return False
            try:
                holds = await asyncio.to_thread(check, token)
            except DomainError as err:
                async with state:
                    if state.auth_token != token:  # the tab logged in or out meanwhile
                        return False
                    state.auth_token = ""
                    state.notice = error_text(err)
                    return state.notice
            if changes is None:  # from now on a change to the account wakes this task
                changes = listening.enter_context(
                    live_feed.subscribed([live_feed.account(holds.user_id)])
                )
            left = ends - loop.time()
            if left <= 0:
                return True
            await changes.wait(min(left, _quiet_seconds(holds)))


class LoginWatchState(SessionState):
    _login_watch_id: str = ""

    @rx.event(background=True)
    async def watch(self) -> rx.event.EventSpec | rx.EventHandler | None:
        outcome = await follow_login(self)
        if outcome is True:
            return LoginWatchState.watch
        if outcome:
            return rx.redirect(routes.LOGIN)
        return None


def login_watch() -> rx.Component:
    """Mounted by the page frames; does nothing for a visitor who is not logged in."""
    return rx.cond(
        SessionState.logged_in,
        rx.box(display="none", on_mount=LoginWatchState.watch, id="login-watch"),
    )
