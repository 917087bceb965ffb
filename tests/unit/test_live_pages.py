"""Live pages: the refresh task reloads on change, stops when the page is left or a newer task
takes over, and after its time hands over to a fresh task instead of going quiet."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from salon_app.components import live


class Tab:
    """The bits of a page's state the task reads, behind the same `async with` lock."""

    def __init__(self, path: str = "/orders/1") -> None:
        self.auth_token = "token"
        self.router = SimpleNamespace(url=SimpleNamespace(path=path))
        self._watch_id = ""
        self.reloads = 0

    async def __aenter__(self) -> Tab:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    def reload(self) -> None:
        self.reloads += 1


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ten looks a run, no waiting; the versions the database will show, one per look."""
    versions: list[str] = []
    monkeypatch.setattr(live, "INTERVAL_SECONDS", 0.001)
    monkeypatch.setattr(live, "MAX_MINUTES", 10 * 0.001 / 60)
    monkeypatch.setattr(live, "_read", lambda token, version: versions.pop(0))
    return versions


def _watch(tab: Tab) -> bool:
    return asyncio.run(live.watch(tab, "/orders/", lambda s, a: "", tab.reload))


def test_the_page_reloads_once_at_start_and_on_each_change_then_asks_to_go_on(fast):
    fast += ["v1"] * 4 + ["v2"] * 3 + ["v3"] * 3
    tab = Tab()
    assert _watch(tab) is True  # ran its time: the handler sends its watch event again
    assert tab.reloads == 3


def test_leaving_the_page_or_logging_out_ends_it_for_good(fast):
    fast += ["v1"] * 10
    tab = Tab("/tech")
    assert _watch(tab) is False and tab.reloads == 0
    tab = Tab()
    tab.auth_token = ""
    assert _watch(tab) is False


def test_a_newer_task_for_the_tab_takes_over(fast, monkeypatch: pytest.MonkeyPatch):
    tab = Tab()

    def read(token: str, version: object) -> str:
        tab._watch_id = "newer"  # a newer page load started its own task meanwhile
        return "v1"

    monkeypatch.setattr(live, "_read", read)
    assert _watch(tab) is False and tab.reloads == 0
