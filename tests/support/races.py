"""Run service calls at the same moment, each in its own thread and session (as two workers)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import Engine
from sqlmodel import Session

from salon_app.core.errors import DomainError


def race(engine: Engine, *calls: Callable[[Session], object]) -> list[object]:
    """Release all `calls` together; returns, in call order, what each returned, the key of
    the DomainError it raised, or any other exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[Session], object]) -> None:
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                results[index] = call(session)
            except DomainError as err:
                results[index] = err.key
            except Exception as exc:  # any other failure is shown by the test
                results[index] = exc

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results
