"""An open tab follows its login: when it ends elsewhere (disabled, reset, expired) the tab is
logged out with the reason; a newer task or a log-out in the tab ends the watch quietly."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from salon_app.auth import login_watch
from salon_app.core.errors import DomainError


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


@pytest.fixture(autouse=True)
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ten looks a run, no waiting."""
    monkeypatch.setattr(login_watch, "INTERVAL_SECONDS", 0.001)
    monkeypatch.setattr(login_watch, "MAX_MINUTES", 10 * 0.001 / 60)


def _follow(tab: Tab, answers: list[str]) -> bool | str:
    """answers: per look, "" (the login holds) or the key of the reason it ended."""

    def check(token: str) -> None:
        assert token == "token"
        key = answers.pop(0)
        if key:
            raise DomainError(key)

    def connected(client_token: str) -> bool:
        assert client_token == "tab-1"
        return tab.open

    return asyncio.run(login_watch.follow_login(tab, check, connected))


def test_a_disabled_account_is_logged_out_of_the_open_tab_with_the_reason():
    tab = Tab()
    outcome = _follow(tab, ["", "", "auth.account_disabled"])
    assert outcome == "该账号已停用，请联系客服" == tab.notice
    assert tab.auth_token == ""


def test_a_login_that_holds_runs_its_time_then_asks_to_go_on():
    tab = Tab()
    assert _follow(tab, [""] * 10) is True
    assert tab.auth_token == "token" and tab.notice == ""


def test_logging_out_in_the_tab_or_a_newer_task_ends_it_quietly():
    tab = Tab()
    tab.auth_token = ""
    assert _follow(tab, []) is False

    class Superseded(Tab):
        async def __aenter__(self) -> Tab:
            if self._login_watch_id:
                self._login_watch_id = "newer"
            return self

    tab = Superseded()
    assert _follow(tab, [""] * 10) is False
    assert tab.notice == ""


def test_a_closed_tab_ends_its_watch_without_another_look():
    """A tab closed without logging out must not leave a task looking at the database for
    the rest of the hour (nor keep its state alive)."""
    tab = Tab()
    answers = ["", ""]

    class Closing(Tab):
        async def __aenter__(self) -> Tab:
            if not answers:  # two looks done: the user closes the tab
                self.open = False
            return self

    tab = Closing()
    assert _follow(tab, answers) is False
    assert answers == [] and tab.auth_token == "token"
