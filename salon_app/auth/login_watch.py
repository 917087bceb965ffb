"""An open tab follows its login: when the login ends elsewhere (the account was disabled by an
operator, the password reset, the login expired), the tab goes to the login page within
INTERVAL_SECONDS and says why, even if its user is not touching it.

How: every page frame that shows a logged-in user (components/layout.header, the dashboards)
mounts `login_watch()`, which starts one background task for the tab (a newer page's task
supersedes the older one, as components/live.py does). The task looks at the login with one
indexed query per interval (auth.check_login: three columns, no account loaded or decrypted),
in the worker holding the tab's websocket, so it works the same with in-process state and with
Redis and several workers. After MAX_MINUTES it hands over to a fresh task through the
browser; a closed tab cannot send that event back, so its chain ends.
Cost: one small query per open tab per interval; no event traffic from the browser.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import auth
from salon_app.tab_states import tab_connected

INTERVAL_SECONDS = 3.0
MAX_MINUTES = 60


def _check(token: str) -> None:
    """Raises the reason (auth.account_disabled, auth.session_expired) when the login ended."""
    with session_scope() as session:
        auth.check_login(session, token)


async def follow_login(
    state,  # noqa: ANN001 - a SessionState inside its background event
    check: Callable[[str], None] = _check,
    connected: Callable[[str], bool] = tab_connected,
) -> bool | str:
    """Watch the tab's login. The reason's text when it ended (the tab was logged out here),
    True when it ran MAX_MINUTES and should be started again, False when it is no longer
    needed (logged out in the tab, a newer task took over, or the tab closed)."""
    mine = uuid.uuid4().hex
    async with state:
        state._login_watch_id = mine
    for _ in range(round(MAX_MINUTES * 60 / INTERVAL_SECONDS)):
        await asyncio.sleep(INTERVAL_SECONDS)
        async with state:
            token, current = state.auth_token, state._login_watch_id == mine
            tab = state.router.session.client_token
        if not (token and current and connected(tab)):
            return False
        try:
            await asyncio.to_thread(check, token)
        except DomainError as err:
            async with state:
                if state.auth_token != token:  # the tab logged in or out meanwhile
                    return False
                state.auth_token = ""
                state.notice = error_text(err)
                return state.notice
    return True


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
