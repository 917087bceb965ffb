"""The daily jobs: each runs once per local day (settings.timezone) across all workers.

The upkeep loop calls `run_due` every round; a job whose day's lock row exists is skipped with
one read, so only the first round of a day does any work. Incentives: every day the job awards
the last finished month; awards are unique per (rule, technician, month), so the days after
the first add only what was missing (a shop whose own time zone had not finished the month).
Certificate reminders: 30 and 7 days before expiry (certificates.reminders, itself idempotent;
course certificates: certificates.course_reminders).
Settlement statements: the last finished month's, once (settlement.statements).
Tags, then 猜你喜欢: one job, in that order, because the recommendations' popular tables read
the customers' districts the tags recompute has just written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.jobs.frequent import (
    ALERT_SCAN,
    BADGE_RUN,
    CAMPAIGN_RUN,
    EVENT_REMINDERS,
    RELAY_RELEASE,
)
from salon_app.core.jobs.lock import RunOutcome, SessionFactory, forget_runs, run_once
from salon_app.core.services import rate_limits
from salon_app.core.services.backups import BACKUP_JOB, run_drill_job
from salon_app.core.services.certificates import (
    remind_expiring_certificates,
    remind_expiring_course_certificates,
)
from salon_app.core.services.incentives import award_incentives, last_finished_month
from salon_app.core.services.membership import points_upkeep, review_levels
from salon_app.core.services.recommendations import refresh_recommendations
from salon_app.core.services.settlement import issue_statements
from salon_app.core.services.tags import recompute_tags
from salon_app.core.settings import get_settings

FREQUENT_RUNS_KEPT_DAYS = 7


@dataclass(frozen=True)
class DailyJob:
    name: str
    run: Callable[[Session, datetime], object]  # (session, now)


def _incentives(session: Session, now: datetime) -> object:
    return award_incentives(session, last_finished_month(now))


def _forget_alert_scans(session: Session, now: datetime) -> object:
    """The minute-by-minute alert scan's lock rows older than a week are history nobody needs."""
    return forget_runs(session, ALERT_SCAN, now - timedelta(days=FREQUENT_RUNS_KEPT_DAYS))


def _forget_campaign_runs(session: Session, now: datetime) -> object:
    return forget_runs(session, CAMPAIGN_RUN, now - timedelta(days=FREQUENT_RUNS_KEPT_DAYS))


def _forget_event_reminder_runs(session: Session, now: datetime) -> object:
    return forget_runs(session, EVENT_REMINDERS, now - timedelta(days=FREQUENT_RUNS_KEPT_DAYS))


def _forget_badge_runs(session: Session, now: datetime) -> object:
    return forget_runs(session, BADGE_RUN, now - timedelta(days=FREQUENT_RUNS_KEPT_DAYS))


def _forget_backup_runs(session: Session, now: datetime) -> object:
    return forget_runs(session, BACKUP_JOB, now - timedelta(days=FREQUENT_RUNS_KEPT_DAYS))


def _tags_and_recommendations(session: Session, now: datetime) -> object:
    """Customers' figures and behaviour tags, then 猜你喜欢's tables (which read the districts)."""
    recompute_tags(session, now)
    return refresh_recommendations(session, now)


DAILY_JOBS: tuple[DailyJob, ...] = (
    DailyJob("incentives", _incentives),
    DailyJob("certificate_reminders", remind_expiring_certificates),
    DailyJob("course_certificate_reminders", remind_expiring_course_certificates),  # 30, 7 days
    DailyJob("settlement_statements", issue_statements),  # freezes the last finished month
    DailyJob("tags_and_recommendations", _tags_and_recommendations),
    DailyJob("forget_alert_scans", _forget_alert_scans),
    DailyJob("points_expiry", points_upkeep),  # expired points written off, 30-day reminders
    DailyJob("member_level_reviews", review_levels),  # downgrades on the review date only
    DailyJob("forget_campaign_runs", _forget_campaign_runs),
    DailyJob("forget_event_reminder_runs", _forget_event_reminder_runs),
    DailyJob("forget_badge_runs", _forget_badge_runs),
    DailyJob("forget_rate_counters", rate_limits.purge),  # windows that ended a day ago
    DailyJob(
        "forget_relay_releases",
        lambda s, now: forget_runs(s, RELAY_RELEASE, now - timedelta(days=FREQUENT_RUNS_KEPT_DAYS)),
    ),
    DailyJob("restore_drill", run_drill_job),  # the latest backup restored into scratch, compared
    DailyJob("forget_backup_runs", _forget_backup_runs),
)


def day_key(now: datetime) -> str:
    """The period of a daily job: the local date, "2026-12-06"."""
    return f"{now.astimezone(ZoneInfo(get_settings().timezone)):%Y-%m-%d}"


def run_due(session_factory: SessionFactory, now: datetime | None = None) -> dict[str, str]:
    """Run each daily job that has not run today (here or on another worker)."""
    at = now or utcnow()
    return {
        job.name: run_once(
            session_factory, job.name, day_key(at), lambda s, job=job: job.run(s, at), now=at
        ).value
        for job in DAILY_JOBS
    }


__all__ = ["DAILY_JOBS", "DailyJob", "RunOutcome", "day_key", "run_due"]
