"""What a technician's public profile shows of their learning: completed courses and badges.

Rule: a completed course is a valid course certificate not expired (certificates'
day rule), shown with its serial so anyone can check it on the public /verify page;
archived (renewed) and expired ones are left out. Badges are every badge earned, newest
first. Public data: anyone (even not logged in) may read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, or_, select

from salon_app.core.clock import local_today
from salon_app.core.models import Badge, Course, CourseCertificate
from salon_app.core.services.access import Actor
from salon_app.core.services.certificates import day_start
from salon_app.core.settings import get_settings


@dataclass(frozen=True)
class CompletedCourse:
    title: str
    serial: str
    issued_on: date
    expires_on: date | None  # the last valid local day, None: never expires


@dataclass(frozen=True)
class Achievements:
    courses: list[CompletedCourse]
    badges: list[str]


def achievements(session: Session, actor: Actor | None, technician_id: int) -> Achievements:
    """The technician's completed courses (valid certificates) and badges."""
    tz = ZoneInfo(get_settings().timezone)
    certs = session.exec(
        select(CourseCertificate, Course.title)
        .join(Course, col(Course.id) == CourseCertificate.course_id)
        .where(
            CourseCertificate.technician_id == technician_id,
            CourseCertificate.status == "valid",
            or_(
                col(CourseCertificate.expires_at).is_(None),
                col(CourseCertificate.expires_at) >= day_start(local_today()),
            ),
        )
        .order_by(col(CourseCertificate.issued_at).desc(), CourseCertificate.id)
    ).all()
    badges = session.exec(
        select(Badge.name)
        .where(Badge.technician_id == technician_id)
        .order_by(col(Badge.awarded_at).desc(), Badge.id)
    ).all()
    return Achievements(
        [
            CompletedCourse(
                title,
                c.serial,
                c.issued_at.astimezone(tz).date(),
                c.expires_at.astimezone(tz).date() if c.expires_at else None,
            )
            for c, title in certs
        ],
        list(badges),
    )
