"""In-process delivery: the waiting live-page tasks of this process, woken from any thread.

Publishers run in worker threads (asyncio.to_thread), in the upkeep jobs and on the event loop
itself; a waiter is woken with loop.call_soon_threadsafe, so any of them may publish. A wake is
a flag, not a queue: changes that land while the page is reading its version set it again, and
the page looks once more; nothing is lost and a burst costs one look.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

Topic = tuple[str | int, ...]
ALERTS: Topic = ("alerts",)
# Any change to what public pages show (profiles, services, shops, prices, reviews, opening
# hours...): whatever a visitor's shared read keeps (shared_reads) listens to it.
PUBLIC: Topic = ("public",)


def order(order_id: int) -> Topic:
    return ("order", order_id)


def customer(user_id: int) -> Topic:
    return ("customer", user_id)


def technician(technician_id: int) -> Topic:
    return ("technician", technician_id)


def shop(merchant_id: int) -> Topic:
    return ("shop", merchant_id)


def tab(client_token: str) -> Topic:
    """A browser tab's own topic: a newer live-page task of the tab wakes the older one, which
    sees it was superseded and ends (published in-process only: notify_here)."""
    return ("tab", client_token)


def account(user_id: int) -> Topic:
    """A person's account and logins (disabled, password reset, a login ended)."""
    return ("account", user_id)


class Subscription:
    """One waiting task's interest in some topics; `wait` returns when one of them changed."""

    def __init__(self, topics: Iterable[Topic], loop: asyncio.AbstractEventLoop) -> None:
        self.topics = frozenset(topics)
        self._loop = loop
        self._changed = asyncio.Event()

    def _wake(self) -> None:
        with contextlib.suppress(RuntimeError):  # its loop has closed: nobody waits any more
            self._loop.call_soon_threadsafe(self._changed.set)

    async def wait(self, timeout: float) -> bool:
        """True when a topic changed since the last wait returned, False after `timeout` s."""
        try:
            await asyncio.wait_for(self._changed.wait(), timeout)
        except TimeoutError:
            return False
        self._changed.clear()
        return True


_lock = threading.Lock()
_waiting: dict[Topic, set[Subscription]] = {}


@contextmanager
def subscribed(topics: Iterable[Topic]) -> Iterator[Subscription]:
    """Listen to `topics` for the duration of the block (inside a coroutine)."""
    subscription = Subscription(topics, asyncio.get_running_loop())
    with _lock:
        for topic in subscription.topics:
            _waiting.setdefault(topic, set()).add(subscription)
    try:
        yield subscription
    finally:
        with _lock:
            for topic in subscription.topics:
                waiting = _waiting.get(topic)
                if waiting is not None:
                    waiting.discard(subscription)
                    if not waiting:
                        del _waiting[topic]


# When each topic last changed here (time.monotonic), for a page's first look: a page that has
# just loaded need not load again unless one of its topics changed meanwhile. Entries older
# than RECENT_SECONDS are dropped once the table grows.
RECENT_SECONDS = 30.0
_changed_at: dict[Topic, float] = {}


def changed_within(topics: Iterable[Topic], seconds: float) -> bool:
    """Whether a notice on any of `topics` reached this process in the last `seconds`."""
    since = time.monotonic() - seconds
    with _lock:
        return any(_changed_at.get(topic, -1.0) >= since for topic in topics)


def notify_here(topics: Iterable[Topic]) -> int:
    """Wake this process's waiters on any of `topics`; how many were woken."""
    topics = list(topics)
    now = time.monotonic()
    with _lock:
        if len(_changed_at) > 10_000:
            for old in [t for t, at in _changed_at.items() if at < now - RECENT_SECONDS]:
                del _changed_at[old]
        _changed_at.update(dict.fromkeys(topics, now))
        woken = {s for topic in topics for s in _waiting.get(topic, ())}
    for subscription in woken:
        subscription._wake()
    return len(woken)
