"""The authors' desk (/admin/courses, /merchant/courses): their courses as a table with how
many technicians enrolled and completed each, and one course's outline for the editor.

Operators see the platform's courses, a shop's staff their shop's (scope.require_author).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from salon_app.core.models import Course, Enrollment, Lesson, ServiceCategory
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services.access import Actor
from salon_app.core.services.learning.quiz_questions import questions_of
from salon_app.core.services.learning.scope import authored_course, lessons_of, require_author

SORTS = ("title", "status", "updated", "enrolled", "completed")


@dataclass(frozen=True)
class CourseRow:
    id: int
    title: str
    category: str
    status: str
    lessons: int
    enrolled: int
    completed: int
    yearly: bool
    updated_at: object


@dataclass(frozen=True)
class LessonItem:
    id: int
    section: str
    title: str
    kind: str
    body: str
    video_seconds: int
    has_video: bool
    material_name: str
    requires_lesson_id: int | None


@dataclass(frozen=True)
class QuestionItem:
    id: int
    text: str
    options: list[str]
    answer: list[int]


@dataclass(frozen=True)
class CourseOutline:
    id: int
    title: str
    summary: str
    category_id: int | None
    cover: str
    pass_mark_pct: int
    quiz_attempts: int
    video_done_pct: int
    yearly_renewal: bool
    status: str
    lessons: list[LessonItem]
    questions: list[QuestionItem]


def authored_courses(session: Session, actor: Actor | None, query: TableQuery) -> Page[CourseRow]:
    """The author's courses: search by title, sort by any column of SORTS."""
    author = require_author(session, actor)
    lessons = select(func.count()).where(Lesson.course_id == Course.id).scalar_subquery()
    enrolled = select(func.count()).where(Enrollment.course_id == Course.id).scalar_subquery()
    completed = (
        select(func.count())
        .where(Enrollment.course_id == Course.id, Enrollment.completed_at.is_not(None))  # type: ignore[union-attr]
        .scalar_subquery()
    )
    scope = (
        Course.merchant_id.is_(None)  # type: ignore[union-attr]
        if author.merchant_id is None
        else Course.merchant_id == author.merchant_id
    )
    statement = (
        select(Course, ServiceCategory.name, lessons, enrolled, completed)
        .outerjoin(ServiceCategory, ServiceCategory.id == Course.category_id)
        .where(scope)
    )
    return paginate(
        session,
        statement,
        query,
        sort_columns={
            "title": Course.title,
            "status": Course.status,
            "updated": Course.updated_at,
            "enrolled": enrolled,
            "completed": completed,
        },
        tie_breaker=Course.id,  # type: ignore[arg-type]
        search_columns=[Course.title],  # type: ignore[list-item]
        row=lambda r: CourseRow(
            r[0].id,
            r[0].title,
            r[1] or "",
            r[0].status,
            r[2],
            r[3],
            r[4],
            r[0].valid_days is not None,
            r[0].updated_at,
        ),
    )


def course_outline(session: Session, actor: Actor | None, course_id: int) -> CourseOutline:
    """One of the author's courses with its lessons and questions (answers included)."""
    author = require_author(session, actor)
    course = authored_course(session, author, course_id)
    return CourseOutline(
        course.id,  # type: ignore[arg-type]
        course.title,
        course.summary,
        course.category_id,
        course.cover,
        course.pass_mark_pct,
        course.quiz_attempts,
        course.video_done_pct,
        course.valid_days is not None,
        course.status,
        [
            LessonItem(
                row.id,
                row.section,
                row.title,
                row.kind,
                row.body,
                row.video_seconds,  # type: ignore[arg-type]
                bool(row.video),
                row.material_name if row.material else "",
                row.requires_lesson_id,
            )
            for row in lessons_of(session, course.id)  # type: ignore[arg-type]
        ],
        [
            QuestionItem(q.id, q.text, list(q.options), list(q.answer))  # type: ignore[arg-type]
            for q in questions_of(session, course.id)  # type: ignore[arg-type]
        ],
    )


def categories(session: Session) -> list[tuple[int, str]]:
    """The categories a course may belong to, by name."""
    rows = session.exec(
        select(ServiceCategory.id, ServiceCategory.name).order_by(
            ServiceCategory.name, ServiceCategory.id
        )
    ).all()
    return [(i, n) for i, n in rows]
