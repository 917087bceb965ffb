"""Who may work in a category, or count a skill tag, that requires a course (CourseRequirement).

Rule: a category or a skill tag may require courses; a technician qualifies for it when they
hold, for every course it requires, a CourseCertificate with status "valid" that has not
expired: `expires_at` empty, or within or after the local day (settings.timezone). The last
valid day is the local day of `expires_at`; from the next local day it counts as none (no job
needed). An archived (renewed) or revoked certificate never counts.

- A category's courses: who lacks one is left out of search, "any nearby", dispatch and
  booking for every service of the category, like a missing required certificate (the same
  refusal, certificate.not_qualified). `lacks_no_course` is the SQL condition (the service a
  value, bound parameter or column), `category_requires_course` the cheap look-up that lets
  the hot paths leave the condition out when nothing is required (most categories).
- A skill tag's course: the technician's tag does not count until they hold it: customers
  filtering on the skill do not find them by it, dispatch does not score it, and search
  cards do not show it. `uncounted_tags` answers that for a set of technicians in one query.

Certificates are read through the models: this package may not import learning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, exists, not_, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from salon_app.core.models import CourseCertificate, CourseRequirement, Service
from salon_app.core.settings import get_settings


def day_start(today: date) -> datetime:
    """The UTC instant the local day `today` begins: a certificate expiring at or after it
    is still valid on `today`."""
    local = datetime.combine(today, time.min, ZoneInfo(get_settings().timezone))
    return local.astimezone(UTC)


def valid_course_certificate(technician_id: Any, course_id: Any, since: Any) -> ColumnElement:
    """SQL: the technician holds a valid certificate of the course not expired before `since`
    (day_start of the local day; a value or a bound parameter)."""
    return (
        exists()
        .where(
            col(CourseCertificate.technician_id) == technician_id,
            col(CourseCertificate.course_id) == course_id,
            col(CourseCertificate.status) == "valid",
            or_(
                col(CourseCertificate.expires_at).is_(None),
                col(CourseCertificate.expires_at) >= since,
            ),
        )
        .correlate_except(CourseCertificate)
    )  # the technician: any enclosing query's, however deep


def lacks_no_course(technician_id: Any, service_id: Any, since: Any) -> ColumnElement[bool]:
    """SQL: the technician holds every course the service's category requires (a service
    id value, bound parameter, or an outer query's column)."""
    offered, required = aliased(Service), aliased(CourseRequirement)
    missing = (
        select(required.id)
        .join(offered, offered.category_id == required.category_id)
        .where(
            offered.id == service_id,
            not_(valid_course_certificate(technician_id, required.course_id, since)),
        )
        .correlate_except(offered, required, CourseCertificate)
    )
    return not_(exists(missing))


def category_requires_course(session: Session, service_id: int) -> bool:
    """Whether the service's category requires any course (most do not)."""
    return (
        session.exec(
            select(CourseRequirement.id)
            .join(Service, col(Service.category_id) == CourseRequirement.category_id)
            .where(col(Service.id) == service_id)
            .limit(1)
        ).first()
        is not None
    )


def check_courses(session: Session, technician_id: int, service_id: int, today: date) -> bool:
    """Whether the technician holds every course the service's category requires."""
    return bool(
        session.exec(select(lacks_no_course(technician_id, service_id, day_start(today)))).one()
    )


def skill_requirements(session: Session) -> dict[str, tuple[int, ...]]:
    """Every required skill tag and its courses."""
    found: dict[str, list[int]] = {}
    for skill, course_id in session.exec(
        select(CourseRequirement.skill, CourseRequirement.course_id)
        .where(col(CourseRequirement.skill) != "")
        .order_by(CourseRequirement.skill, CourseRequirement.course_id)
    ).all():
        found.setdefault(skill, []).append(course_id)
    return {skill: tuple(courses) for skill, courses in found.items()}


def uncounted_tags(
    session: Session,
    skills: Mapping[int, Iterable[str]],
    today: date,
    required: Mapping[str, tuple[int, ...]] | None = None,
) -> dict[int, frozenset[str]]:
    """For technicians (id -> their skill tags), the required tags each lacks a valid course
    certificate for (technicians with none left out). One query for the certificates, and
    one for the requirements unless `required` is given."""
    required = skill_requirements(session) if required is None else required
    if not required:
        return {}
    listed = {t: {s for s in tags if s in required} for t, tags in skills.items()}
    listed = {t: tags for t, tags in listed.items() if tags}
    if not listed:
        return {}
    courses = {c for tags in listed.values() for s in tags for c in required[s]}
    held: set[tuple[int, int]] = set(
        session.exec(
            select(CourseCertificate.technician_id, CourseCertificate.course_id).where(
                col(CourseCertificate.technician_id).in_(sorted(listed)),
                col(CourseCertificate.course_id).in_(sorted(courses)),
                col(CourseCertificate.status) == "valid",
                or_(
                    col(CourseCertificate.expires_at).is_(None),
                    col(CourseCertificate.expires_at) >= day_start(today),
                ),
            )
        ).all()
    )
    lacking: dict[int, frozenset[str]] = {}
    for tech_id, tags in listed.items():
        missing = frozenset(s for s in tags if any((tech_id, c) not in held for c in required[s]))
        if missing:
            lacking[tech_id] = missing
    return lacking


def counted(tags: Iterable[str], lacking: frozenset[str] | None) -> tuple[str, ...]:
    """The technician's tags that count (those whose required course they hold, and the
    others)."""
    return tuple(s for s in tags if not lacking or s not in lacking)
