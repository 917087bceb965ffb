"""Slow work never runs on the event loop: the guard the slow primitives call.

Reflex runs every event handler of a worker on one asyncio loop, and a sync handler runs on it
directly: while it hashes a password, decodes a photo or waits for a gateway, every user of
that worker waits. Each slow primitive (argon2, Pillow decoding of uploads, payment gateway,
privacy-number and SMS provider calls, the geocoder, xlsx exports, backups) calls
`refuse_on_event_loop` first. On the loop's thread it logs an error; with SALON_STRICT_LOOP=1
(the test suites and the browser tests' app server set it) it raises, so a handler that forgot
`asyncio.to_thread` fails its test instead of slowing everyone down in production.
"""

from __future__ import annotations

import asyncio
import logging
import os

log = logging.getLogger(__name__)

STRICT_ENV = "SALON_STRICT_LOOP"


class SlowWorkOnEventLoop(RuntimeError):
    """Slow work was started on the event loop's thread (a programming error, not bad input)."""


def on_event_loop() -> bool:
    """True when the calling thread is running an asyncio loop (a worker thread runs none)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def refuse_on_event_loop(what: str) -> None:
    """Call before slow work (`what` names it in the message): on the event loop's thread this
    logs an error, and raises SlowWorkOnEventLoop when SALON_STRICT_LOOP=1."""
    if not on_event_loop():
        return
    message = f"{what} ran on the event loop: move it to a thread (asyncio.to_thread)"
    log.error(message, stack_info=True)
    if os.environ.get(STRICT_ENV) == "1":
        raise SlowWorkOnEventLoop(message)
