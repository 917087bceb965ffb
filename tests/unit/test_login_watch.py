"""An open tab follows its login: when it ends elsewhere (disabled, reset, expired) the tab is
logged out with the reason, at once on a change notice for the account; between notices it
looks at nothing; a newer task, a log-out in the tab or closing the tab ends the watch quietly."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from types import SimpleNamespace

import pytest

from salon_app.auth import login_watch
from salon_app.core import live_feed
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.services import auth
from salon_app.core.settings import get_settings

USER = 42
QUIET_SECONDS = login_watch._quiet_seconds  # before the fixture replaces it


class Tab:
    """The bits of the tab's state the task reads, behind the same `async with` lock."""

    def __init__(self) -> None:
        self.auth_token = "token"
        self.notice = ""
        self._login_watch_id = ""
        self.router = SimpleNamespace(session=SimpleNamespace(client_token="tab-1"))
        self.open = True  # its websocket

    async def __aenter__(self) -> Tab:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


class Login:
    """The login as the database answers: each look takes the next answer ("" = it holds,
    else the key of the reason it ended); with no answers left it holds."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = answers
        self.looks = 0
        self.looked = asyncio.Event()

    def check(self, token: str) -> auth.LoginHolds:
        assert token == "token"
        self.looks += 1
        key = self.answers.pop(0) if self.answers else ""
        if key:
            raise DomainError(key)
        return auth.LoginHolds(user_id=USER, expires_at=utcnow() + timedelta(days=1))


@pytest.fixture(autouse=True)
def no_safety_look(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only notices wake the watch here."""
    monkeypatch.setattr(login_watch, "_quiet_seconds", lambda holds: 3600)


def _follow(tab: Tab, login: Login) -> bool | str:
    return asyncio.run(login_watch.follow_login(tab, login.check, _connected(tab)))


def _connected(tab: Tab):
    def connected(client_token: str) -> bool:
        assert client_token == "tab-1"
        return tab.open

    return connected


async def _looks(login: Login, count: int) -> None:
    for _ in range(60_000):
        if login.looks >= count:
            return
        await asyncio.sleep(0.001)


def test_a_disabled_account_is_logged_out_of_the_open_tab_at_the_notice():
    tab, login = Tab(), Login([])

    async def main() -> bool | str:
        task = asyncio.create_task(login_watch.follow_login(tab, login.check, _connected(tab)))
        await _looks(login, 1)  # checked, and now listening
        await asyncio.sleep(0.01)
        assert login.looks == 1  # nothing read while nothing changed
        login.answers = ["auth.account_disabled"]
        live_feed.publish({live_feed.account(USER + 1)})  # someone else's account: no look
        await asyncio.sleep(0.01)
        assert login.looks == 1
        live_feed.publish({live_feed.account(USER)})
        return await asyncio.wait_for(task, 60)

    assert asyncio.run(main()) == "该账号已停用，请联系客服" == tab.notice
    assert tab.auth_token == ""


def test_a_login_that_holds_runs_its_time_then_asks_to_go_on(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(login_watch, "MAX_MINUTES", 0)
    tab = Tab()
    assert _follow(tab, Login([])) is True
    assert tab.auth_token == "token" and tab.notice == ""


def test_logging_out_in_the_tab_or_a_newer_task_ends_it_quietly():
    tab = Tab()
    tab.auth_token = ""
    login = Login([])
    assert _follow(tab, login) is False and login.looks == 0

    class Superseded(Tab):
        async def __aenter__(self) -> Tab:
            if self._login_watch_id:
                self._login_watch_id = "newer"
            return self

    tab = Superseded()
    assert _follow(tab, Login([])) is False
    assert tab.notice == ""


def test_a_closed_tab_ends_its_watch_without_another_look():
    """A tab closed without logging out must not leave a task for the rest of the hour (nor
    keep its state alive)."""
    tab, login = Tab(), Login([])

    async def main() -> bool | str:
        task = asyncio.create_task(login_watch.follow_login(tab, login.check, _connected(tab)))
        await _looks(login, 1)
        tab.open = False
        live_feed.publish({live_feed.account(USER)})
        return await asyncio.wait_for(task, 60)

    assert asyncio.run(main()) is False
    assert login.looks == 1 and tab.auth_token == "token"


def test_it_waits_for_the_login_s_expiry_or_the_safety_look_whichever_comes_first():
    soon = auth.LoginHolds(user_id=USER, expires_at=utcnow() + timedelta(seconds=10))
    later = auth.LoginHolds(user_id=USER, expires_at=utcnow() + timedelta(days=1))
    assert 10 <= QUIET_SECONDS(soon) <= 11
    assert QUIET_SECONDS(later) == get_settings().live_safety_seconds < 60


def test_a_second_page_of_the_tab_starts_no_second_watch_of_the_same_login():
    """Every page of a logged-in tab mounts the watch: a navigation must cost nothing."""
    tab, login = Tab(), Login([])

    async def main() -> tuple[bool | str, bool | str]:
        first = asyncio.create_task(login_watch.follow_login(tab, login.check, _connected(tab)))
        await _looks(login, 1)
        second = await login_watch.follow_login(tab, login.check, _connected(tab))
        tab.open = False
        live_feed.publish({live_feed.account(USER)})
        return second, await asyncio.wait_for(first, 60)

    assert asyncio.run(main()) == (False, False)
    assert login.looks == 1
    assert login_watch._following == {}
