"""CPU and memory of the server processes and of this client, over a measuring window."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable

import psutil

Processes = Callable[[], list[psutil.Process]]


def _cpu_seconds(processes: list[psutil.Process]) -> dict[int, float]:
    times = {}
    for p in processes:
        try:
            t = p.cpu_times()
            times[p.pid] = t.user + t.system
        except psutil.Error:
            continue
    return times


def rss_kib(processes: Processes) -> int:
    total = 0
    for p in processes():
        try:
            total += p.memory_info().rss
        except psutil.Error:
            continue
    return total // 1024


def _client_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class CpuWindow:
    """`start()`, then `stop()` gives CPU % (100 = one core) of each group and of this client."""

    def __init__(self, groups: dict[str, Processes]) -> None:
        self.groups = groups
        self._start: dict[str, dict[int, float]] = {}
        self._wall = self._client = 0.0

    def start(self) -> None:
        self._start = {name: _cpu_seconds(fn()) for name, fn in self.groups.items()}
        self._wall, self._client = time.monotonic(), _client_seconds()

    def stop(self) -> dict[str, float]:
        wall = time.monotonic() - self._wall
        shares = {"client": (_client_seconds() - self._client) / wall * 100}
        for name, fn in self.groups.items():
            before = self._start.get(name, {})
            now = _cpu_seconds(fn())
            used = sum(t - before.get(pid, 0.0) for pid, t in now.items())
            shares[name] = used / wall * 100
        return {name: round(pct, 1) for name, pct in shares.items()}
