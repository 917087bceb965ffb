"""Assignments: a shop assigns a course to some of its technicians with a due date.

Rules: only staff with Capability.manage_learning assign, a published course of the
platform or of their own shop, to technicians of their own shop (anything else is refused
and nothing changes); the due date is a local day from today up to a year ahead. An
assignment is the technician's Enrollment with `assigned_by` and `due_on`: re-assigning
updates the due date (one enrollment per course and technician); a technician enrolled by
choice becomes assigned. The shop sees each assignment's progress: lessons done of the
course's lessons (LessonProgress.done_at), quiz passed, a valid certificate; an assignment
without a certificate past its due day is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, or_, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Course,
    CourseCertificate,
    Enrollment,
    Lesson,
    LessonProgress,
    QuizAttempt,
    Technician,
)
from salon_app.core.paging import Page, TableQuery
from salon_app.core.services.access import Actor, require_technician
from salon_app.core.services.certificates import day_start
from salon_app.core.services.merchants import Capability, require_shop
from salon_app.core.services.notifications import notify

DUE_MAX_DAYS = 365
ASSIGN_MAX = 200  # technicians in one assignment


@dataclass(frozen=True)
class Progress:
    """One assignment as the shop (or the technician) sees it."""

    enrollment_id: int
    technician_id: int
    technician: str
    course_id: int
    course: str
    due_on: date | None
    lessons_done: int
    lessons_total: int
    quiz_passed: bool
    certificate: str  # the valid certificate's serial, "" none
    overdue: bool

    @property
    def done(self) -> bool:
        return bool(self.certificate)


@dataclass(frozen=True)
class Option:
    id: int
    name: str


def _due(due_on: date | None) -> date:
    today = local_today()
    if due_on is None:
        raise DomainError("validation.required", field="field.due_on")
    if not today <= due_on <= today + timedelta(days=DUE_MAX_DAYS):
        raise DomainError("assignment.due_invalid", max=DUE_MAX_DAYS)
    return due_on


def assign_course(
    session: Session,
    actor: Actor | None,
    course_id: int,
    technician_ids: list[int],
    due_on: date | None,
) -> int:
    """Assign the course to the shop's technicians by `due_on` (see the module rules);
    returns how many were assigned or had their due date changed. Each is notified."""
    seat = require_shop(session, actor, Capability.manage_learning)
    course = session.get(Course, course_id) if course_id else None
    if course is None or course.status != "published":
        raise DomainError("assignment.course_invalid")
    if course.merchant_id not in (None, seat.merchant_id):
        raise DomainError("assignment.course_not_yours")
    due = _due(due_on)
    ids = sorted(set(technician_ids))
    if not ids:
        raise DomainError("assignment.no_technicians")
    if len(ids) > ASSIGN_MAX:
        raise DomainError("assignment.too_many", max=ASSIGN_MAX)
    techs = session.exec(
        select(Technician).where(col(Technician.id).in_(ids)).order_by(Technician.id)
    ).all()
    if len(techs) != len(ids) or any(t.merchant_id != seat.merchant_id for t in techs):
        raise DomainError("assignment.technician_not_yours")
    now = utcnow()
    changed = 0
    for tech in techs:
        row = _enrollment(session, course.id, tech.id, now)
        if row.assigned_by is not None and row.due_on == due:
            continue
        row.assigned_by, row.due_on = seat.user_id, due
        session.add(row)
        notify(
            session, tech.user_id, "assignment.assigned_notice",
            course=course.title, date=due.isoformat(),
        )  # fmt: skip
        changed += 1
    session.commit()
    return changed


def _enrollment(session: Session, course_id: int, tech_id: int, now: datetime) -> Enrollment:
    """The technician's enrollment in the course, made if missing (once under a race)."""
    query = select(Enrollment).where(
        Enrollment.course_id == course_id, Enrollment.technician_id == tech_id
    )
    row = session.exec(query.with_for_update()).first()
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = Enrollment(course_id=course_id, technician_id=tech_id, enrolled_at=now)
            session.add(row)
    except IntegrityError:  # enrolled a moment ago
        row = session.exec(query).one()
    return row


def _progress(session: Session, where: list[Any], today: date) -> list[Progress]:
    """Assignments matching `where` with their progress, in a few set-based queries."""
    rows = session.exec(
        select(Enrollment, Technician.display_name, Course.title)
        .join(Technician, col(Technician.id) == Enrollment.technician_id)
        .join(Course, col(Course.id) == Enrollment.course_id)
        .where(col(Enrollment.assigned_by).is_not(None), *where)
        .order_by(col(Enrollment.due_on), Technician.display_name, Enrollment.id)
    ).all()
    if not rows:
        return []
    courses = sorted({e.course_id for e, _, _ in rows})
    techs = sorted({e.technician_id for e, _, _ in rows})
    totals = dict(
        session.exec(
            select(Lesson.course_id, func.count(col(Lesson.id)))
            .where(col(Lesson.course_id).in_(courses))
            .group_by(Lesson.course_id)
        ).all()
    )
    done = {
        (c, t): n
        for c, t, n in session.exec(
            select(Lesson.course_id, LessonProgress.technician_id, func.count(col(Lesson.id)))
            .join(LessonProgress, col(LessonProgress.lesson_id) == Lesson.id)
            .where(
                col(Lesson.course_id).in_(courses),
                col(LessonProgress.technician_id).in_(techs),
                col(LessonProgress.done_at).is_not(None),
            )
            .group_by(Lesson.course_id, LessonProgress.technician_id)
        ).all()
    }
    passed = set(
        session.exec(
            select(QuizAttempt.course_id, QuizAttempt.technician_id)
            .where(
                col(QuizAttempt.course_id).in_(courses),
                col(QuizAttempt.technician_id).in_(techs),
                col(QuizAttempt.passed).is_(True),
            )
            .distinct()
        ).all()
    )
    serials = {
        (c, t): s
        for c, t, s in session.exec(
            select(
                CourseCertificate.course_id,
                CourseCertificate.technician_id,
                CourseCertificate.serial,
            ).where(
                col(CourseCertificate.course_id).in_(courses),
                col(CourseCertificate.technician_id).in_(techs),
                CourseCertificate.status == "valid",
                or_(
                    col(CourseCertificate.expires_at).is_(None),
                    col(CourseCertificate.expires_at) >= day_start(today),
                ),
            )
        ).all()
    }
    result = []
    for e, name, title in rows:
        key = (e.course_id, e.technician_id)
        serial = serials.get(key, "")
        overdue = not serial and e.due_on is not None and e.due_on < today
        result.append(
            Progress(
                e.id,
                e.technician_id,
                name,
                e.course_id,
                title,
                e.due_on,
                done.get(key, 0),
                totals.get(e.course_id, 0),
                key in passed,
                serial,
                overdue,
            )
        )
    return result


def shop_assignments(session: Session, actor: Actor | None) -> list[Progress]:
    """The shop's assignments (of its current technicians) with their progress, soonest due
    first; overdue ones flagged."""
    seat = require_shop(session, actor, Capability.manage_learning)
    return _progress(session, [Technician.merchant_id == seat.merchant_id], local_today())


ASSIGNMENT_SORTS = ("due", "technician", "course", "lessons", "status")


def _sort_key(p: Progress, column: str) -> tuple[Any, ...]:
    if column == "technician":
        return (p.technician,)
    if column == "course":
        return (p.course,)
    if column == "lessons":
        return (p.lessons_done / p.lessons_total if p.lessons_total else 0.0,)
    if column == "status":  # overdue, in progress, done
        return (0 if p.overdue else 2 if p.done else 1,)
    return (p.due_on or date.max,)


def shop_assignment_page(
    session: Session, actor: Actor | None, query: TableQuery
) -> Page[Progress]:
    """One page of the shop's assignments (rules of `shop_assignments`), searched by
    technician or course, sorted by due day (default), technician, course, lesson share or
    status, ties by enrollment id."""
    found = shop_assignments(session, actor)
    text = query.search.lower()
    if text:
        found = [p for p in found if text in p.technician.lower() or text in p.course.lower()]
    column = query.sort if query.sort in ASSIGNMENT_SORTS else "due"
    found.sort(key=lambda p: p.enrollment_id)
    found.sort(key=lambda p: _sort_key(p, column), reverse=query.descending)
    pages = max(1, -(-len(found) // query.page_size))
    number = min(query.page, pages)
    start = (number - 1) * query.page_size
    return Page(found[start : start + query.page_size], len(found), number, query.page_size)


def my_assignments(session: Session, actor: Actor | None) -> list[Progress]:
    """The technician's own assignments with due dates and progress."""
    tech_id = require_technician(actor)
    return _progress(session, [Enrollment.technician_id == tech_id], local_today())


def assignment_options(session: Session, actor: Actor | None) -> tuple[list[Option], list[Option]]:
    """What the shop may assign: published courses (the platform's and its own) and its
    active technicians."""
    seat = require_shop(session, actor, Capability.manage_learning)
    courses = session.exec(
        select(Course)
        .where(
            Course.status == "published",
            or_(col(Course.merchant_id).is_(None), Course.merchant_id == seat.merchant_id),
        )
        .order_by(Course.title, Course.id)
    ).all()
    techs = session.exec(
        select(Technician)
        .where(Technician.merchant_id == seat.merchant_id, Technician.status == "active")
        .order_by(Technician.display_name, Technician.id)
    ).all()
    return [Option(c.id, c.title) for c in courses], [Option(t.id, t.display_name) for t in techs]
