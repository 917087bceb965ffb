"""Across processes: Redis pub/sub when REDIS_URL is set (the scale-out stack), else nothing.

Each worker runs one `run_relay` task (an app lifespan task): it subscribes to one channel and wakes
its own waiters for what the other processes published, and it sends what this process
publishes. A process without the task (a CLI command, a test process) sends with a short-lived
plain client instead. Messages carry their sender, so a worker does not wake its pages twice
(they were woken in-process already). While Redis is away messages are lost, not queued up
forever: the pages' safety look (components/live.py) catches up.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import uuid
from collections.abc import Iterable

from salon_app.core.live_feed.hub import Topic, notify_here

log = logging.getLogger(__name__)
CHANNEL = "salon_app:live"
RETRY_SECONDS = 1.0
OUTBOX_MAX = 10_000  # messages kept while Redis is away

_origin: tuple[int, str] = (0, "")
_running: tuple[asyncio.AbstractEventLoop, asyncio.Queue[str]] | None = None


def _redis_url() -> str | None:
    return os.environ.get("REDIS_URL") or None  # the same switch as rxconfig.py's state manager


def origin() -> str:
    """This process, told apart from forked siblings (the id is made again after a fork)."""
    global _origin
    if _origin[0] != os.getpid():
        _origin = (os.getpid(), uuid.uuid4().hex)
    return _origin[1]


def encode(topics: Iterable[Topic]) -> str:
    return json.dumps({"from": origin(), "topics": sorted(list(t) for t in topics)}, default=str)


def decode(message: str | bytes) -> tuple[str, set[Topic]]:
    data = json.loads(message)
    return data["from"], {tuple(t) for t in data["topics"]}


def publish(topics: Iterable[Topic]) -> None:
    """Tell every process's waiters that `topics` changed (committed changes only: the session
    listener calls this after COMMIT). Never raises: a lost notice is caught by the pages'
    safety look, a failed caller after a good commit would not be."""
    topics = set(topics)
    if not topics:
        return
    try:
        notify_here(topics)
        _send(topics)
    except Exception:
        log.exception("publishing live changes failed")


def _send(topics: set[Topic]) -> None:
    url = _redis_url()
    if url is None:
        return
    message = encode(topics)
    running = _running
    if running is not None:
        loop, outbox = running
        try:
            loop.call_soon_threadsafe(_enqueue, outbox, message)
            return
        except RuntimeError:  # the worker's loop is closing
            pass
    import redis  # a process without the relay task: one plain publish

    with redis.Redis.from_url(url) as client:
        client.publish(CHANNEL, message)


def _enqueue(outbox: asyncio.Queue[str], message: str) -> None:
    with contextlib.suppress(asyncio.QueueFull):  # Redis away for long: the safety look helps
        outbox.put_nowait(message)


async def run_relay() -> None:
    """The worker's link to the other processes (runs for the app's lifetime; returns at once
    without REDIS_URL). Reconnects after a lost connection."""
    global _running
    url = _redis_url()
    if url is None:
        return
    import redis.asyncio as aioredis

    outbox: asyncio.Queue[str] = asyncio.Queue(maxsize=OUTBOX_MAX)
    _running = (asyncio.get_running_loop(), outbox)
    try:
        while True:
            try:
                async with aioredis.Redis.from_url(url) as client, client.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    async with asyncio.TaskGroup() as tasks:
                        tasks.create_task(_receive(pubsub))
                        tasks.create_task(_forward(client, outbox))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("live feed relay lost Redis; retrying")
                await asyncio.sleep(RETRY_SECONDS)
    finally:
        _running = None


async def _receive(pubsub) -> None:  # noqa: ANN001 - redis.asyncio.client.PubSub
    async for message in pubsub.listen():
        if message.get("type") != "message":
            continue
        sender, topics = decode(message["data"])
        if sender != origin():
            notify_here(topics)


async def _forward(client, outbox: asyncio.Queue[str]) -> None:  # noqa: ANN001 - redis client
    while True:
        message = await outbox.get()
        await client.publish(CHANNEL, message)
