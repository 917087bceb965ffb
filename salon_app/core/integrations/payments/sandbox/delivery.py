"""Delivering asynchronous notifications the way each gateway does, retries included.

A notification is re-signed for every attempt (fresh timestamp and nonce) and resent on the
provider's schedule until the merchant answers the way the provider expects. The schedules are
the documented ones, multiplied by `Behaviour.time_factor` so tests run them in milliseconds.
Duplicates, shuffling and parallel sends reproduce what real gateways do on a bad day.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import httpx

from salon_app.core.integrations.payments.sandbox.state import SandboxState, new_id, now

log = logging.getLogger("salon_app.payments.sandbox")

# Seconds between attempts after the first one.
H, M = 3600, 60
SCHEDULES: dict[str, list[float]] = {
    # WeChat Pay: 15 notifications in 24h4m: 15s 15s 30s 3m 10m 20m 30m 30m 30m 1h 3h 3h 3h 6h 6h
    "wechat": [
        *(15, 15, 30, 3 * M, 10 * M, 20 * M, 30 * M, 30 * M, 30 * M),
        *(H, 3 * H, 3 * H, 3 * H, 6 * H, 6 * H),
    ],
    # Alipay: 8 notifications over about 25h: 4m 10m 10m 1h 2h 6h 15h
    "alipay": [4 * M, 10 * M, 10 * M, H, 2 * H, 6 * H, 15 * H],
    # Card acquirer: exponential back-off over two days
    "card": [M, 5 * M, 30 * M, H, 3 * H, 6 * H, 12 * H, 24 * H],
}

Render = Callable[[], tuple[dict[str, str], bytes]]


@dataclass
class Outbound:
    provider: str
    kind: str  # payment | refund
    url: str
    out_trade_no: str
    render: Render  # signs a fresh copy
    out_refund_no: str | None = None
    id: str = field(default_factory=lambda: new_id("ntf_"))


def acknowledged(provider: str, response: httpx.Response) -> bool:
    """What stops each provider retrying."""
    if provider == "wechat":
        return response.status_code in (200, 204)
    if provider == "alipay":
        return response.status_code == 200 and response.content.strip() == b"success"
    return 200 <= response.status_code < 300


class Courier:
    def __init__(self, state: SandboxState) -> None:
        self.state = state
        self.held: list[Outbound] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._client: httpx.AsyncClient | None = None
        self._rng = random.Random(state.behaviour.seed)

    async def start(self) -> None:
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=3.0))

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._client is not None:
            await self._client.aclose()

    def spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def send(self, note: Outbound) -> None:
        if self.state.behaviour.hold:
            self.held.append(note)
        else:
            self.spawn(self.deliver(note))

    def release(self) -> int:
        held, self.held = self.held, []
        if self.state.behaviour.shuffle:
            self._rng.shuffle(held)
        for note in held:
            self.spawn(self.deliver(note))
        return len(held)

    @property
    def busy(self) -> int:
        return len(self._tasks)

    async def deliver(self, note: Outbound, copies: int | None = None) -> None:
        b = self.state.behaviour
        first = [note.render() for _ in range(max(1, copies or b.duplicates))]
        if b.shuffle:
            self._rng.shuffle(first)
        if b.parallel:
            results = await asyncio.gather(*(self._attempt(note, c, 0) for c in first))
        else:
            results = [await self._attempt(note, c, 0) for c in first]
        if any(results):
            return
        for attempt, delay in enumerate(SCHEDULES[note.provider], start=1):
            await asyncio.sleep(delay * self.state.behaviour.time_factor)
            if await self._attempt(note, note.render(), attempt):
                return
        log.warning("gave up delivering %s %s to %s", note.provider, note.kind, note.url)

    async def _attempt(self, note: Outbound, copy: tuple[dict[str, str], bytes], n: int) -> bool:
        headers, body = copy
        record: dict[str, Any] = {
            "id": note.id,
            "provider": note.provider,
            "kind": note.kind,
            "out_trade_no": note.out_trade_no,
            "out_refund_no": note.out_refund_no,
            "attempt": n,
            "at": now().isoformat(),
        }
        assert self._client is not None
        try:
            response = await self._client.post(note.url, content=body, headers=headers)
            record.update(status=response.status_code, ok=acknowledged(note.provider, response))
            record["answer"] = response.text[:200]
        except httpx.HTTPError as exc:
            record.update(status=None, ok=False, answer=repr(exc)[:200])
        self.state.deliveries.append(record)
        return bool(record["ok"])
