"""What a technician sees of their learning: the courses they may take with their progress and
their certificates (/tech/learn), and one course with its lessons and quiz (/tech/learn/<id>).

A certificate's status as shown: valid, expired (valid but past its expiry) or archived
(superseded by a renewal; revoked ones show as archived too). A quiz's questions are sent
without their answers, and only while the quiz is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Course, CourseCertificate
from salon_app.core.services.access import Actor
from salon_app.core.services.learning.progress import enrollment_of, is_done, progress_of
from salon_app.core.services.learning.quiz import quiz_status
from salon_app.core.services.learning.quiz_questions import questions_of
from salon_app.core.services.learning.scope import (
    lessons_of,
    require_learner,
    visible_course,
    visible_courses,
)


@dataclass(frozen=True)
class CourseCard:
    id: int
    title: str
    summary: str
    cover: str
    by_shop: bool
    lessons: int
    done: int
    completed: bool


@dataclass(frozen=True)
class CertificateRow:
    serial: str
    course: str
    issued_at: datetime
    expires_at: datetime | None
    status: str  # valid, expired, archived


@dataclass(frozen=True)
class MyLearning:
    courses: list[CourseCard]
    certificates: list[CertificateRow]


@dataclass(frozen=True)
class LessonRow:
    id: int
    section: str
    title: str
    kind: str
    done: bool
    locked: bool
    watched_pct: int
    requires: str  # the prerequisite's title


@dataclass(frozen=True)
class QuestionView:
    id: int
    text: str
    options: list[str]
    multiple: bool


@dataclass(frozen=True)
class CourseView:
    id: int
    title: str
    summary: str
    cover: str
    pass_mark_pct: int
    quiz_attempts: int
    video_done_pct: int
    valid_days: int | None
    lessons: list[LessonRow]
    quiz_open: bool
    quiz_reason: str
    attempts_left: int
    last_score: int | None
    questions: list[QuestionView]
    certificate: CertificateRow | None


def shown_status(cert: CourseCertificate, now: datetime) -> str:
    if cert.status != "valid":
        return "archived"
    return "expired" if cert.expires_at is not None and cert.expires_at <= now else "valid"


def my_learning(session: Session, actor: Actor | None) -> MyLearning:
    """The technician's courses with progress, and all their certificates, newest first."""
    technician = require_learner(session, actor)
    cards = []
    for course in visible_courses(session, technician):
        lessons = lessons_of(session, course.id)  # type: ignore[arg-type]
        progress = progress_of(session, technician.id, [row.id for row in lessons])  # type: ignore[arg-type, misc]
        enrollment = enrollment_of(session, technician.id, course.id)  # type: ignore[arg-type]
        cards.append(
            CourseCard(
                course.id,  # type: ignore[arg-type]
                course.title,
                course.summary,
                course.cover,
                course.merchant_id is not None,
                len(lessons),
                sum(1 for row in lessons if is_done(progress, row.id)),
                enrollment is not None and enrollment.completed_at is not None,
            )
        )
    now = utcnow()
    rows = session.exec(
        select(CourseCertificate, Course.title)
        .join(Course, Course.id == CourseCertificate.course_id)
        .where(CourseCertificate.technician_id == technician.id)
        .order_by(CourseCertificate.issued_at.desc(), CourseCertificate.id.desc())  # type: ignore[union-attr, attr-defined]
    ).all()
    certificates = [
        CertificateRow(c.serial, title, c.issued_at, c.expires_at, shown_status(c, now))
        for c, title in rows
    ]
    return MyLearning(cards, certificates)


def course_view(session: Session, actor: Actor | None, course_id: int) -> CourseView:
    """One course as the technician takes it: lessons (done, locked), the quiz, the certificate."""
    technician = require_learner(session, actor)
    course = visible_course(session, technician, course_id)
    lessons = lessons_of(session, course.id)  # type: ignore[arg-type]
    progress = progress_of(session, technician.id, [row.id for row in lessons])  # type: ignore[arg-type, misc]
    titles = {row.id: row.title for row in lessons}
    rows = [
        LessonRow(
            row.id,  # type: ignore[arg-type]
            row.section,
            row.title,
            row.kind,
            is_done(progress, row.id),
            row.requires_lesson_id is not None and not is_done(progress, row.requires_lesson_id),
            progress[row.id].watched_pct if row.id in progress else 0,
            titles.get(row.requires_lesson_id, "") if row.requires_lesson_id else "",
        )
        for row in lessons
    ]
    status = quiz_status(session, technician, course)
    questions = (
        [
            QuestionView(q.id, q.text, list(q.options), len(q.answer) > 1)  # type: ignore[arg-type]
            for q in questions_of(session, course.id)  # type: ignore[arg-type]
        ]
        if status.open
        else []
    )
    cert = status.certificate
    return CourseView(
        course.id,  # type: ignore[arg-type]
        course.title,
        course.summary,
        course.cover,
        course.pass_mark_pct,
        course.quiz_attempts,
        course.video_done_pct,
        course.valid_days,
        rows,
        status.open,
        status.reason,
        status.attempts_left,
        status.last_score,
        questions,
        None
        if cert is None
        else CertificateRow(
            cert.serial, course.title, cert.issued_at, cert.expires_at, shown_status(cert, utcnow())
        ),
    )
