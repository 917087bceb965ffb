"""Background jobs run once per period: the lock row decides, also between two workers."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from salon_app.core.jobs import RunOutcome, lock, run_once, schedule
from salon_app.core.models import JobRun

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


def factory(engine: Engine):
    @contextmanager
    def session_scope():
        with Session(engine, expire_on_commit=False) as session:
            try:
                yield session
            finally:
                session.rollback()

    return session_scope


@pytest.fixture
def pinned(monkeypatch):
    """The lock's clock, pinned; tests move it with pinned[0] = ..."""
    now = [NOW]
    monkeypatch.setattr(lock, "utcnow", lambda: now[0])
    return now


def _runs(engine: Engine) -> list[tuple[str, str, str]]:
    with Session(engine) as s:
        rows = s.exec(select(JobRun).order_by(JobRun.job, JobRun.period)).all()
        return [(r.job, r.period, r.status) for r in rows]


def test_a_job_runs_once_per_period_and_again_for_the_next(engine, pinned):
    calls: list[str] = []
    sessions = factory(engine)
    assert run_once(sessions, "report", "2026-11", lambda s: calls.append("11")) == "done"
    assert run_once(sessions, "report", "2026-11", lambda s: calls.append("11")) == "skipped"
    assert run_once(sessions, "report", "2026-12", lambda s: calls.append("12")) == "done"
    assert calls == ["11", "12"]
    assert _runs(engine) == [("report", "2026-11", "done"), ("report", "2026-12", "done")]
    with Session(engine) as s:
        run = s.exec(select(JobRun).where(JobRun.period == "2026-11")).one()
        assert run.started_at == run.finished_at == NOW


def test_a_failed_run_is_recorded_and_retried_by_the_next_call(engine, pinned):
    sessions = factory(engine)

    def broken(_: Session) -> None:
        raise RuntimeError("gateway down")

    assert run_once(sessions, "report", "2026-11", broken) == RunOutcome.failed
    with Session(engine) as s:
        assert "gateway down" in s.exec(select(JobRun)).one().error
    pinned[0] = NOW + timedelta(minutes=1)
    calls = []
    assert run_once(sessions, "report", "2026-11", lambda s: calls.append(1)) == "done"
    assert calls == [1] and _runs(engine) == [("report", "2026-11", "done")]


def test_a_run_whose_worker_died_is_taken_over_only_when_stale(engine, pinned):
    sessions = factory(engine)
    with Session(engine) as s:
        s.add(JobRun(job="report", period="2026-11", status="running", started_at=NOW))
        s.commit()
    calls = []
    pinned[0] = NOW + lock.STALE_AFTER - timedelta(seconds=1)
    assert run_once(sessions, "report", "2026-11", lambda s: calls.append(1)) == "skipped"
    pinned[0] = NOW + lock.STALE_AFTER + timedelta(seconds=1)
    assert run_once(sessions, "report", "2026-11", lambda s: calls.append(1)) == "done"
    assert calls == [1]


def test_two_workers_at_the_same_moment_run_the_job_once(engine, pinned):
    """Both insert the lock row at once; the unique (job, period) lets one through."""
    sessions = factory(engine)
    calls: list[str] = []
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def worker(name: str) -> None:
        barrier.wait()
        outcomes.append(run_once(sessions, "report", "2026-11", lambda s: calls.append(name)))

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["done", "skipped"]
    assert len(calls) == 1
    assert _runs(engine) == [("report", "2026-11", "done")]


def test_the_daily_schedule_keys_runs_by_local_day(engine, pinned, monkeypatch):
    done: list[datetime] = []
    job = schedule.DailyJob("tidy", lambda s, now: done.append(now))
    monkeypatch.setattr(schedule, "DAILY_JOBS", (job,))
    sessions = factory(engine)
    assert schedule.day_key(datetime(2026, 11, 30, 16, 0, tzinfo=UTC)) == "2026-12-01"
    assert schedule.run_due(sessions, NOW) == {"tidy": "done"}
    assert schedule.run_due(sessions, NOW + timedelta(hours=12)) == {"tidy": "skipped"}
    assert schedule.run_due(sessions, NOW + timedelta(hours=24)) == {"tidy": "done"}
    assert done == [NOW, NOW + timedelta(hours=24)]


def test_certificate_reminders_run_daily_and_two_runs_a_day_send_once(demo_engine):
    """The daily schedule sends the demo housekeeper's 30-day reminder once, however often
    the upkeep loop calls it that day."""
    from salon_app.core.clock import utcnow
    from salon_app.core.models import Notification

    assert "certificate_reminders" in {job.name for job in schedule.DAILY_JOBS}
    sessions = factory(demo_engine)

    def reminders() -> list[int]:
        with Session(demo_engine) as s:
            return list(
                s.exec(
                    select(Notification.user_id).where(
                        Notification.key == "certificate.expiring_notice"
                    )
                ).all()
            )

    now = utcnow()
    assert reminders() == []
    assert schedule.run_due(sessions, now)["certificate_reminders"] == "done"
    first = reminders()
    assert len(first) >= 1 and len(first) == len(set(first))
    later = now + timedelta(minutes=5)  # another round of the loop, the same local day
    if schedule.day_key(later) != schedule.day_key(now):
        later = now - timedelta(minutes=5)  # (at 23:58 the round before, not the next day's)
    assert schedule.run_due(sessions, later)["certificate_reminders"] == "skipped"
    assert reminders() == first


def test_old_alert_scan_runs_are_forgotten_and_the_rest_kept(engine):
    def row(job: str, days_ago: float, status: str = "done") -> JobRun:
        at = NOW - timedelta(days=days_ago)
        return JobRun(job=job, period=f"{at:%Y-%m-%dT%H:%M}", status=status, started_at=at)

    with Session(engine) as s:
        s.add_all(
            [
                row("alert_scan", 8),
                row("alert_scan", 7.5, "running"),  # a run still going is never touched
                row("alert_scan", 6.9),
                row("incentives", 30),  # daily and monthly runs are the jobs' history
            ]
        )
        s.commit()
        gone = lock.forget_runs(s, "alert_scan", NOW - timedelta(days=7))
    assert gone == 1
    assert sorted((job, status) for job, _, status in _runs(engine)) == [
        ("alert_scan", "done"),
        ("alert_scan", "running"),
        ("incentives", "done"),
    ]
