"""Jobs that run every few minutes: once per time bucket across all workers.

The alert scan (services/alerts: the abnormal-order rules) runs once per bucket of
settings.alerts.scan_minutes (one minute by default), keyed by the bucket's UTC start
("2026-12-06T09:05"); the upkeep loop calls run_frequent every round (20 s), so the first
round of a bucket on any worker runs it and the rest skip with one read.
The campaign run (services/marketing: start due campaigns, end finished ones, reward
invitations) runs the same way once per CAMPAIGN_MINUTES bucket; training event reminders
(services/learning: 24 hours before, once per sign-up) once per EVENT_REMINDER_MINUTES bucket;
the learning challenges' badges (services/learning: award_badges) once per BADGE_MINUTES bucket.
The backup (services/backups) once per bucket of SALON_BACKUP_EVERY_HOURS (6 by default).
"""

from __future__ import annotations

from datetime import datetime

from salon_app.core.clock import utcnow
from salon_app.core.jobs.lock import SessionFactory, run_once
from salon_app.core.services import orders
from salon_app.core.services.alerts import scan
from salon_app.core.services.backups import (
    BACKUP_JOB,
    BackupConfig,
    backup_period,
    run_backup_job,
)
from salon_app.core.services.learning import award_badges, remind_upcoming_events
from salon_app.core.services.marketing import run_campaigns
from salon_app.core.settings import get_settings

ALERT_SCAN = "alert_scan"
CAMPAIGN_RUN = "campaign_run"
CAMPAIGN_MINUTES = 5
EVENT_REMINDERS = "event_reminders"
EVENT_REMINDER_MINUTES = 10
BADGE_RUN = "challenge_badges"
BADGE_MINUTES = 5
RELAY_RELEASE = "relay_release"  # privacy numbers whose order's contact window closed
RELAY_RELEASE_MINUTES = 5


def bucket_key(now: datetime, minutes: int) -> str:
    """The period of a job run every `minutes`: the start of now's bucket, in UTC."""
    minutes = max(1, minutes)
    start = now.replace(second=0, microsecond=0)
    start = start.replace(minute=start.minute - start.minute % minutes) if minutes < 60 else start
    return f"{start.astimezone(now.tzinfo):%Y-%m-%dT%H:%M}"


def run_frequent(session_factory: SessionFactory, now: datetime | None = None) -> dict[str, str]:
    """Run the alert scan unless it ran (or runs) for this bucket elsewhere."""
    at = now or utcnow()
    period = bucket_key(at, get_settings().alerts.scan_minutes)
    outcome = run_once(session_factory, ALERT_SCAN, period, lambda s: scan(s, at), now=at)
    campaigns = run_once(
        session_factory, CAMPAIGN_RUN, bucket_key(at, CAMPAIGN_MINUTES),
        lambda s: run_campaigns(s, at), now=at,
    )  # fmt: skip
    reminders = run_once(
        session_factory, EVENT_REMINDERS, bucket_key(at, EVENT_REMINDER_MINUTES),
        lambda s: remind_upcoming_events(s, at), now=at,
    )  # fmt: skip
    badges = run_once(
        session_factory, BADGE_RUN, bucket_key(at, BADGE_MINUTES),
        lambda s: award_badges(s, at), now=at,
    )  # fmt: skip
    relays = run_once(
        session_factory, RELAY_RELEASE, bucket_key(at, RELAY_RELEASE_MINUTES),
        lambda s: orders.relay.release_closed(s, at), now=at,
    )  # fmt: skip
    backup = run_once(
        session_factory, BACKUP_JOB, backup_period(at, BackupConfig.from_env().every_hours),
        lambda s: run_backup_job(s, at), now=at,
    )  # fmt: skip
    return {BACKUP_JOB: backup.value, RELAY_RELEASE: relays.value, ALERT_SCAN: outcome.value,
            CAMPAIGN_RUN: campaigns.value, EVENT_REMINDERS: reminders.value,
            BADGE_RUN: badges.value}  # fmt: skip
