"""Reads shared by everyone who looks, kept until a change that concerns them.

A technician's public page or a service's list of technicians is the same for every visitor,
is read hundreds of times a minute under load and changes rarely. `SharedReads.get` keeps what a
read found and hands it to the next visitor while
- no notice on one of its topics has reached this process since the read began (a booking of
  the technician, any change to what public pages show: topic PUBLIC), and
- it is younger than the live pages' safety look (settings.live_safety_seconds): changes made
  outside the app (a script, a restore) and answers that depend on the clock ("free now") are
  at most that old, as on a live page.

Only reads that do not depend on who looks may be shared; callers share visitors' reads (not
logged in) and read afresh for a logged-in person, who may be about to book.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

from salon_app.core.live_feed.hub import RECENT_SECONDS, Topic, changed_within
from salon_app.core.settings import get_settings

V = TypeVar("V")


class SharedReads(Generic[V]):
    """At most `size` kept answers (the keys come from the browser: dropped all at once when
    full, which only costs a read each)."""

    def __init__(self, size: int = 2000) -> None:
        self._size = size
        self._kept: dict[Hashable, tuple[float, frozenset[Topic], V]] = {}
        self._lock = threading.Lock()

    def get(
        self,
        key: Hashable,
        compute: Callable[[], V],
        topics: Callable[[V], Iterable[Topic]],
    ) -> V:
        """The kept answer for `key`, or `compute()`'s, kept under `topics(answer)`."""
        now = time.monotonic()
        max_age = min(float(get_settings().live_safety_seconds), RECENT_SECONDS)
        with self._lock:
            kept = self._kept.get(key)
        if kept is not None:
            began, watched, value = kept
            if now - began < max_age and not changed_within(watched, now - began):
                return value
        value = compute()
        # the time the read began: a change committed while it ran makes it stale at once
        entry = (now, frozenset(topics(value)), value)
        with self._lock:
            if len(self._kept) >= self._size:
                self._kept.clear()
            self._kept[key] = entry
        return value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
