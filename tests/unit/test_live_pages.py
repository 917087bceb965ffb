"""Live pages: the refresh task reloads once at start and then only when a notice on its topics
brings a new version; an idle page reads nothing between notices; it stops when the page is
left or a newer task takes over, looks on its own at the safety interval (changes made outside
the app), and after its time hands over to a fresh task instead of going quiet."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from salon_app.components import live
from salon_app.core import live_feed
from salon_app.core.live_feed import hub

MINE, OTHER = live_feed.order(1), live_feed.order(2)


class Tab:
    """The bits of a page's state the task reads, behind the same `async with` lock."""

    def __init__(self, path: str = "/orders/1") -> None:
        self.auth_token = "token"
        self.router = SimpleNamespace(
            url=SimpleNamespace(path=path), session=SimpleNamespace(client_token="tab-1")
        )
        self._watch_id = ""
        self.reloads = 0
        self.open = True  # its websocket

    async def __aenter__(self) -> Tab:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    def reload(self) -> None:
        self.reloads += 1

    def connected(self, client_token: str) -> bool:
        assert client_token == "tab-1"
        return self.open


class Database:
    """The version the page would read, and every read of it (the hook the tests count)."""

    def __init__(self) -> None:
        self.version = "v1"
        self.reads = 0
        self._read: asyncio.Queue[int] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def attach(self) -> None:
        self._loop, self._read = asyncio.get_running_loop(), asyncio.Queue()

    def read(self, token: str, version: object) -> str:  # runs in a worker thread
        self.reads += 1
        read = self.version  # what this read saw, before the test is told and may change it
        self._loop.call_soon_threadsafe(self._read.put_nowait, self.reads)
        return read

    async def next_read(self) -> int:
        return await asyncio.wait_for(self._read.get(), 60)


@pytest.fixture
def db(monkeypatch: pytest.MonkeyPatch) -> Database:
    database = Database()
    monkeypatch.setattr(live, "_read", database.read)
    monkeypatch.setattr(live, "_first_look", lambda token, w: ({MINE}, database.read(token, w)))
    monkeypatch.setattr(live, "_quiet_seconds", lambda watched: 3600)  # no safety look here
    monkeypatch.setattr(hub, "_changed_at", {})  # no notice before the test
    return database


WATCHED = live.Watched("/orders/", lambda s, a: "", lambda s, a: [MINE])


def test_an_idle_page_reads_only_when_its_topics_change_and_reloads_only_on_a_new_version(
    db: Database,
):
    tab = Tab()

    async def main() -> None:
        db.attach()
        task = asyncio.create_task(live.watch(tab, WATCHED, tab.reload, tab.connected))
        assert await db.next_read() == 1  # the page has just loaded: no second load
        live_feed.publish({OTHER})  # another order changed: nothing to read
        db.version = "v2"
        await asyncio.to_thread(live_feed.publish, {MINE})  # from a worker thread
        assert await db.next_read() == 2  # the notice on OTHER caused no read before this one
        live_feed.publish({MINE})  # a notice without a new version: read, no reload
        assert await db.next_read() == 3
        tab.router.url.path = "/"  # the browser leaves: the next notice ends the task
        live_feed.publish({MINE})
        assert await asyncio.wait_for(task, 60) is False

    asyncio.run(main())
    assert db.reads == 3 and tab.reloads == 1


def test_changes_made_outside_the_app_are_seen_at_the_safety_look(
    db: Database, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(live, "_quiet_seconds", lambda watched: 0)
    tab = Tab()

    async def main() -> None:
        db.attach()
        task = asyncio.create_task(live.watch(tab, WATCHED, tab.reload, tab.connected))
        await db.next_read()
        db.version = "v2"  # written by another process: no notice
        await db.next_read()
        tab.auth_token = ""  # logged out meanwhile
        assert await asyncio.wait_for(task, 60) is False

    asyncio.run(main())
    assert tab.reloads == 1


def test_after_its_time_it_asks_to_go_on(db: Database, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(live, "MAX_MINUTES", 0)
    tab = Tab()
    assert asyncio.run(_watch(tab, db)) is True  # the handler sends its watch event again
    assert tab.reloads == 0 and db.reads == 1


def test_leaving_the_page_or_logging_out_ends_it_for_good(db: Database):
    tab = Tab("/tech")
    assert asyncio.run(_watch(tab, db)) is False and tab.reloads == 0
    reads = db.reads
    tab = Tab()
    tab.auth_token = ""
    assert asyncio.run(_watch(tab, db)) is False and db.reads == reads  # nothing looked at


def test_a_closed_tab_ends_it_at_its_next_look(db: Database):
    """A tab closed on the page must not keep a task (and its state) for the rest of the hour."""
    tab = Tab()

    async def main() -> None:
        db.attach()
        task = asyncio.create_task(live.watch(tab, WATCHED, tab.reload, tab.connected))
        await db.next_read()
        tab.open = False
        live_feed.publish({MINE})  # the next notice finds the tab gone
        assert await asyncio.wait_for(task, 60) is False

    asyncio.run(main())
    assert db.reads == 1 and tab.reloads == 0


def test_a_change_just_before_the_watch_began_loads_the_page_again(
    db: Database, monkeypatch: pytest.MonkeyPatch
):
    """The page's load may have read the order before a change whose notice came before its
    watch listened: the first look then loads the page again."""
    monkeypatch.setattr(live, "MAX_MINUTES", 0)
    live_feed.publish({MINE})  # between the page's load and its watch
    tab = Tab()
    assert asyncio.run(_watch(tab, db)) is True
    assert tab.reloads == 1
    monkeypatch.setattr(hub, "_changed_at", {})
    other = Tab()
    live_feed.publish({OTHER})  # another order's change does not
    assert asyncio.run(_watch(other, db)) is True
    assert other.reloads == 0


def test_a_newer_task_for_the_tab_takes_over(db: Database, monkeypatch: pytest.MonkeyPatch):
    tab = Tab()

    def first_look(token: str, watched: object) -> tuple[set, str]:
        tab._watch_id = "newer"  # a newer page load started its own task meanwhile,
        live_feed.notify_here([live_feed.tab("tab-1")])  # which wakes this one
        return {MINE}, "v1"

    monkeypatch.setattr(live, "_first_look", first_look)
    assert asyncio.run(_watch(tab, db)) is False and tab.reloads == 0


async def _reloaded(tab: Tab, times: int) -> None:
    """Until the page has reloaded `times` times (the reload runs in a worker thread)."""
    for _ in range(60_000):
        if tab.reloads >= times:
            return
        await asyncio.sleep(0.001)


async def _watch(tab: Tab, db: Database) -> bool:
    db.attach()
    return await live.watch(tab, WATCHED, tab.reload, tab.connected)


def test_a_newer_task_wakes_the_older_one_which_ends_at_once(db: Database):
    """Each visit of a live page starts a task: the one it replaces must not linger."""
    tab = Tab()

    async def main() -> bool:
        db.attach()
        older = asyncio.create_task(live.watch(tab, WATCHED, tab.reload, tab.connected))
        await db.next_read()
        newer = asyncio.create_task(live.watch(tab, WATCHED, tab.reload, tab.connected))
        ended = await asyncio.wait_for(older, 60)  # no notice on its topics, no safety look
        tab.open = False
        live_feed.publish({MINE})
        await asyncio.wait_for(newer, 60)
        return ended

    assert asyncio.run(main()) is False
