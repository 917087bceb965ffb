"""Raising alerts: each (rule, subject) once, however often and on however many workers the
rules run.

The unique (rule, subject) constraint decides: the insert is INSERT ... ON CONFLICT DO NOTHING
(the same statement on SQLite and PostgreSQL), so raising an alert that exists is a no-op and
two workers raising it at the same moment store one row. A resolved alert stays: the same
situation about the same subject is not raised again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Alert
from salon_app.core.services.alerts.rules import RULES, Finding
from salon_app.core.settings import AlertThresholds, get_settings


def raise_alert(session: Session, finding: Finding, now: datetime) -> bool:
    """Insert the alert unless it exists (not committed); True when this call added it."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(Alert.__table__)
        .values(
            rule=finding.rule,
            subject=finding.subject,
            order_id=finding.order_id,
            merchant_id=finding.merchant_id,
            technician_id=finding.technician_id,
            complaint_id=finding.complaint_id,
            details=finding.details,
            since=finding.since,
            raised_at=now,
            status="open",
            resolution="",
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["rule", "subject"])
        .returning(Alert.__table__.c.id)
    )
    return session.execute(statement).first() is not None  # a conflict returns no row


@dataclass(frozen=True)
class ScanReport:
    found: int  # situations the rules saw (already raised ones included)
    raised: list[tuple[str, str]]  # (rule, subject) of the alerts this scan added


def scan(
    session: Session, now: datetime | None = None, limits: AlertThresholds | None = None
) -> ScanReport:
    """Run every rule at `now` and raise what is new, in one transaction."""
    now = now or utcnow()
    limits = limits or get_settings().alerts
    findings = [f for rule in RULES.values() for f in rule(session, now, limits)]
    known = _existing(session, findings)
    raised = [
        (f.rule, f.subject)
        for f in findings
        if (f.rule, f.subject) not in known and raise_alert(session, f, now)
    ]
    session.commit()
    return ScanReport(len(findings), raised)


def _existing(session: Session, findings: list[Finding]) -> set[tuple[str, str]]:
    """Which of the findings are raised already (one read instead of an insert each)."""
    keys = sorted({(f.rule, f.subject) for f in findings})
    found: set[tuple[str, str]] = set()
    for start in range(0, len(keys), 200):
        chunk = keys[start : start + 200]
        found |= set(
            session.exec(
                select(Alert.rule, Alert.subject).where(
                    tuple_(Alert.rule, Alert.subject).in_(chunk)
                )
            ).all()
        )
    return found
