"""Calling a page's event handler in a service test, as Reflex would: each call runs in its own
copy of the context (Reflex runs every event in its own task); a plain handler returns its
events; one that runs in a worker thread (in_worker_thread) is an async generator, driven here
to its end."""

from __future__ import annotations

import asyncio
import contextvars
import inspect
from typing import Any


def call(handler: Any, state: Any, *args: Any) -> Any:
    """The events the handler returned (its last non-empty yield for a generator)."""
    return contextvars.copy_context().run(_call, handler, state, *args)


def _call(handler: Any, state: Any, *args: Any) -> Any:
    result = handler.fn(state, *args)
    if not inspect.isasyncgen(result):
        return result

    async def drain() -> Any:
        last = None
        async for item in result:
            if item is not None:
                last = item
        return last

    return asyncio.run(drain())
