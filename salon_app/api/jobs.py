"""Periodic upkeep while the app runs: expire dispatch offers, reconcile holds, retry refunds,
generate rota patterns ahead.

Before the first round, what the start left alive (modules, classes, the compiled app) is
frozen out of the garbage collector's full passes (settle_startup_heap), and the dispatch index
is built (seconds for 100,000 technicians), so the first order of the day is not the one that
waits for it.

Every worker runs the loop; the jobs are safe to run concurrently (offers are settled with a
conditional update, holds are reconciled under the order's lock), so no leader is needed.
Daily jobs (salon_app/core/jobs: incentives) take a once-per-day lock row, so one worker runs them;
the abnormal-order scan (core/jobs/frequent.py) takes one per minute bucket.
"""

from __future__ import annotations

import asyncio
import gc
import logging

from salon_app.core.db import session_scope
from salon_app.core.jobs import run_due
from salon_app.core.jobs.frequent import run_frequent
from salon_app.core.services import dispatch, payments, rota
from salon_app.core.services.dispatch.index import index_for
from salon_app.core.services.payments import refunds

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 20


def run_once() -> None:
    """Each job in its own session: one failing does not hold back the others."""
    jobs = (
        dispatch.expire_offers,
        payments.reconcile_expired_holds,
        refunds.retry_refunds,
        rota.extend_rotas,
    )
    for job in jobs:
        try:
            with session_scope() as session:
                job(session)
        except Exception:
            log.exception("periodic job %s failed", job.__name__)
    try:
        run_due(session_scope)  # a read per round once today's runs are done
    except Exception:
        log.exception("daily jobs failed")
    try:
        run_frequent(session_scope)  # the abnormal-order scan, once per minute bucket
    except Exception:
        log.exception("frequent jobs failed")


def settle_startup_heap() -> None:
    """Keep what the start left alive out of the garbage collector's full passes: it lives as
    long as the process, and every full collection scanned all of it (~50 ms with the app
    loaded, paid by whichever request set it off; docs/benchmarks.md, merchant statistics).
    Runs before the dispatch index is built: that one is replaced every few minutes."""
    gc.collect()
    gc.freeze()


def warm_up() -> None:
    try:
        with session_scope() as session:
            index_for(session)
    except Exception:
        log.exception("building the dispatch index at start failed (the first search will)")


async def upkeep() -> None:
    settle_startup_heap()
    await asyncio.to_thread(warm_up)
    while True:
        try:
            await asyncio.to_thread(run_once)
        except Exception:  # keep the loop alive; the error is a bug to read in the log
            log.exception("periodic upkeep failed")
        await asyncio.sleep(INTERVAL_SECONDS)
