"""The once-per-period lock: insert the JobRun row first, then do the work.

Rule: a (job, period) runs to completion at most once. The unique (job, period) constraint
decides between workers: whoever inserts the row runs the job; an insert the constraint
refuses means another worker has it, so this one skips. The outcome (done or failed, and
when) is written on the row. A failed run, or one still "running" after STALE_AFTER (its
worker died), may be taken over by a later call with a conditional update, which also only
one worker can win.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.models import JobRun

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(hours=1)
SessionFactory = Callable[[], AbstractContextManager[Session]]


class RunOutcome(StrEnum):
    done = "done"  # this call ran the job and it finished
    failed = "failed"  # this call ran the job and it raised (recorded; may be retried)
    skipped = "skipped"  # another worker has it, or it is done for this period


def run_once(
    session_factory: SessionFactory,
    job: str,
    period: str,
    fn: Callable[[Session], object],
    now: datetime | None = None,
) -> RunOutcome:
    """Run `fn` for (job, period) unless it ran (or runs) elsewhere; see the module rule.

    `fn` gets its own session and commits its own work; an exception it raises is logged and
    recorded, never raised to the caller (one job must not stop the loop)."""
    started = now or utcnow()
    if not _take(session_factory, job, period, started):
        return RunOutcome.skipped
    try:
        with session_factory() as session:
            fn(session)
    except Exception as exc:
        log.exception("job %s for %s failed", job, period)
        _finish(session_factory, job, period, RunOutcome.failed, repr(exc)[:500])
        return RunOutcome.failed
    _finish(session_factory, job, period, RunOutcome.done, "")
    return RunOutcome.done


def _take(session_factory: SessionFactory, job: str, period: str, now: datetime) -> bool:
    """Insert the lock row, or take over a failed or stale one; True if this call has it."""
    with session_factory() as session:
        found = session.exec(
            select(JobRun).where(JobRun.job == job, JobRun.period == period)
        ).first()
        if found is None:
            session.add(JobRun(job=job, period=period, status="running", started_at=now))
            try:
                session.commit()
                return True
            except IntegrityError:  # another worker inserted it first
                session.rollback()
                return False
        if found.status == RunOutcome.done:
            return False
        taken = session.execute(
            update(JobRun)
            .where(
                col(JobRun.id) == found.id,
                col(JobRun.started_at) == found.started_at,
                col(JobRun.status) != RunOutcome.done,
                or_(
                    col(JobRun.status) == RunOutcome.failed,
                    col(JobRun.started_at) < now - STALE_AFTER,
                ),
            )
            .values(status="running", started_at=now, finished_at=None, error="")
        )
        session.commit()
        return taken.rowcount == 1


def _finish(
    session_factory: SessionFactory, job: str, period: str, outcome: RunOutcome, error: str
) -> None:
    with session_factory() as session:
        session.execute(
            update(JobRun)
            .where(col(JobRun.job) == job, col(JobRun.period) == period)
            .values(status=outcome.value, finished_at=utcnow(), error=error)
        )
        session.commit()


def forget_runs(session: Session, job: str, before: datetime) -> int:
    """Delete `job`'s finished lock rows started before `before` (a job run every minute adds
    half a million a year); returns how many went. Rows of runs still going are kept."""
    result = session.execute(
        delete(JobRun).where(
            col(JobRun.job) == job,
            col(JobRun.started_at) < before,
            col(JobRun.status) != "running",
        )
    )
    session.commit()
    return result.rowcount or 0
