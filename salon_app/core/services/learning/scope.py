"""Who writes which courses and who may take them: the one visibility rule of courses.

Authors: operators holding Permission.manage_learning write platform courses (merchant_id
None, for every technician); shop staff holding Capability.manage_learning write their shop's
courses (merchant_id = their shop). Neither reads or edits the other's courses. Takers: a
technician sees published platform courses and the published courses of the shop they work
for; any other course (a draft, archived, another shop's) is "not found" to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import Course, Lesson, Role, Technician
from salon_app.core.services.access import Actor, require_technician
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.merchants import Capability, require_shop


@dataclass(frozen=True)
class Author:
    actor: Actor
    merchant_id: int | None  # None: the platform


def require_author(session: Session, actor: Actor | None) -> Author:
    """The actor as a course author, re-read from the database, else PermissionDenied."""
    if actor is not None and actor.role == Role.admin:
        return Author(require_admin(session, actor, Permission.manage_learning), None)
    seat = require_shop(session, actor, Capability.manage_learning)
    return Author(actor, seat.merchant_id)  # type: ignore[arg-type]


def authored_course(session: Session, author: Author, course_id: object) -> Course:
    """One of the author's own courses, else learning.course_not_found."""
    course = session.get(Course, course_id) if isinstance(course_id, int) else None
    if course is None or course.merchant_id != author.merchant_id:
        raise DomainError("learning.course_not_found")
    return course


def authored_lesson(session: Session, author: Author, lesson_id: object) -> Lesson:
    lesson = session.get(Lesson, lesson_id) if isinstance(lesson_id, int) else None
    if lesson is None:
        raise DomainError("learning.lesson_not_found")
    authored_course(session, author, lesson.course_id)
    return lesson


def require_learner(session: Session, actor: Actor | None) -> Technician:
    """The acting technician's profile."""
    technician = session.get(Technician, require_technician(actor))
    if technician is None:
        raise PermissionDenied()
    return technician


def may_take(course: Course, technician: Technician) -> bool:
    return course.status == "published" and (
        course.merchant_id is None or course.merchant_id == technician.merchant_id
    )


def visible_course(session: Session, technician: Technician, course_id: object) -> Course:
    """A course the technician may take, else learning.course_not_found."""
    course = session.get(Course, course_id) if isinstance(course_id, int) else None
    if course is None or not may_take(course, technician):
        raise DomainError("learning.course_not_found")
    return course


def visible_lesson(session: Session, technician: Technician, lesson_id: object) -> Lesson:
    lesson = session.get(Lesson, lesson_id) if isinstance(lesson_id, int) else None
    if lesson is None:
        raise DomainError("learning.lesson_not_found")
    visible_course(session, technician, lesson.course_id)
    return lesson


def visible_courses(session: Session, technician: Technician) -> list[Course]:
    """Every course the technician may take: platform courses first, then by title."""
    shops = [None] if technician.merchant_id is None else [None, technician.merchant_id]
    rows = session.exec(
        select(Course)
        .where(Course.status == "published")
        .order_by(Course.merchant_id.is_not(None), Course.title, Course.id)  # type: ignore[union-attr]
    ).all()
    return [c for c in rows if c.merchant_id in shops]


def lessons_of(session: Session, course_id: int) -> list[Lesson]:
    return list(
        session.exec(
            select(Lesson).where(Lesson.course_id == course_id).order_by(Lesson.position, Lesson.id)
        ).all()
    )
