"""Taking a course's lessons: which are locked, opening one, and when one counts as done.

Rules:
- A lesson whose prerequisite lesson is not done is locked: opening it, reading it, reporting
  its video or fetching its files is refused (learning.lesson_locked).
- Opening a lesson enrols the technician in the course (once) and starts the lesson's clock.
- A text lesson is done when the technician presses 读完了, which the page shows at the end of
  the text (after the last paragraph): "read" means opened, then scrolled to the end and
  confirmed. Only an opened lesson can be read.
- A video lesson's player reports the position it reached (seconds, from the <video>
  element's timeupdate, throttled, and when it pauses or ends). Progress only moves forward,
  and never faster than plausible: since the last report (or the opening), at most
  PLAYBACK_MAX (2×, the fastest playback speed) times the time elapsed plus SLACK_SECONDS;
  anything beyond is cut to that. The lesson is done once the furthest point reaches the
  course's video_done_pct of the video's length.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Course, Enrollment, Lesson, LessonProgress, Technician
from salon_app.core.services.access import Actor
from salon_app.core.services.learning.scope import lessons_of, require_learner, visible_lesson

PLAYBACK_MAX = 2.0
SLACK_SECONDS = 5


@dataclass(frozen=True)
class LessonOpened:
    id: int
    title: str
    kind: str
    body: str
    video_seconds: int
    has_video: bool
    material_name: str  # "" without a material
    watched_pct: int
    done: bool


def enrollment_of(session: Session, technician_id: int, course_id: int) -> Enrollment | None:
    return session.exec(
        select(Enrollment).where(
            Enrollment.course_id == course_id, Enrollment.technician_id == technician_id
        )
    ).first()


def enrol(session: Session, technician_id: int, course_id: int) -> Enrollment:
    """The technician's enrollment in the course, made once (two tabs at once: one row)."""
    row = enrollment_of(session, technician_id, course_id)
    if row is not None:
        return row
    try:
        with session.begin_nested():
            row = Enrollment(course_id=course_id, technician_id=technician_id, enrolled_at=utcnow())
            session.add(row)
    except IntegrityError:
        row = enrollment_of(session, technician_id, course_id)
    assert row is not None
    return row


def progress_of(
    session: Session, technician_id: int, lesson_ids: list[int]
) -> dict[int, LessonProgress]:
    if not lesson_ids:
        return {}
    rows = session.exec(
        select(LessonProgress).where(
            LessonProgress.technician_id == technician_id,
            LessonProgress.lesson_id.in_(lesson_ids),  # type: ignore[attr-defined]
        )
    ).all()
    return {row.lesson_id: row for row in rows}


def is_done(progress: dict[int, LessonProgress], lesson_id: int | None) -> bool:
    row = progress.get(lesson_id) if lesson_id is not None else None
    return row is not None and row.done_at is not None


def _unlocked(session: Session, technician: Technician, lesson: Lesson) -> None:
    if lesson.requires_lesson_id is None:
        return
    progress = progress_of(session, technician.id, [lesson.requires_lesson_id])  # type: ignore[arg-type]
    if not is_done(progress, lesson.requires_lesson_id):
        required = session.get(Lesson, lesson.requires_lesson_id)
        raise DomainError("learning.lesson_locked", lesson=required.title if required else "")


def open_lesson_for(session: Session, technician: Technician, lesson_id: object) -> Lesson:
    """A lesson the technician may open now (visible and unlocked)."""
    lesson = visible_lesson(session, technician, lesson_id)
    _unlocked(session, technician, lesson)
    return lesson


def open_lesson(session: Session, actor: Actor | None, lesson_id: int) -> LessonOpened:
    """Open a lesson (rules in the module docstring); returns what the page shows."""
    technician = require_learner(session, actor)
    lesson = open_lesson_for(session, technician, lesson_id)
    enrol(session, technician.id, lesson.course_id)  # type: ignore[arg-type]
    now = utcnow()
    row = progress_of(session, technician.id, [lesson.id]).get(lesson.id)  # type: ignore[arg-type, list-item]
    if row is None:
        row = LessonProgress(lesson_id=lesson.id, technician_id=technician.id, updated_at=now)
    row.updated_at = now  # the clock of plausible video progress starts again
    session.add(row)
    session.commit()
    return LessonOpened(
        lesson.id,  # type: ignore[arg-type]
        lesson.title,
        lesson.kind,
        lesson.body,
        lesson.video_seconds,
        bool(lesson.video),
        lesson.material_name if lesson.material else "",
        row.watched_pct,
        row.done_at is not None,
    )


def _opened(session: Session, technician: Technician, lesson: Lesson) -> LessonProgress:
    row = progress_of(session, technician.id, [lesson.id]).get(lesson.id)  # type: ignore[arg-type, list-item]
    if row is None:
        raise DomainError("learning.lesson_not_opened")
    return row


def mark_read(session: Session, actor: Actor | None, lesson_id: int) -> bool:
    """The technician read a text lesson to its end (读完了); returns True when it is done
    (it stays done when pressed again)."""
    technician = require_learner(session, actor)
    lesson = open_lesson_for(session, technician, lesson_id)
    if lesson.kind != "text":
        raise DomainError("learning.not_a_text_lesson")
    row = _opened(session, technician, lesson)
    if row.done_at is None:
        row.done_at, row.watched_pct, row.updated_at = utcnow(), 100, utcnow()
        session.add(row)
        session.commit()
    return True


def report_video(session: Session, actor: Actor | None, lesson_id: int, position: object) -> int:
    """The player reached `position` seconds; returns the furthest point in % (rules in the
    module docstring: forward only, never faster than plausible, done at the course's share)."""
    technician = require_learner(session, actor)
    lesson = open_lesson_for(session, technician, lesson_id)
    if lesson.kind != "video" or lesson.video_seconds <= 0:
        raise DomainError("learning.not_a_video_lesson")
    if (
        not isinstance(position, int | float)
        or isinstance(position, bool)
        or not math.isfinite(position)
        or position < 0
    ):
        raise DomainError("learning.progress_invalid")
    row = _opened(session, technician, lesson)
    course = session.get(Course, lesson.course_id)
    now = utcnow()
    elapsed = max((now - row.updated_at).total_seconds(), 0.0)
    reached = row.watched_pct * lesson.video_seconds / 100
    plausible = reached + elapsed * PLAYBACK_MAX + SLACK_SECONDS
    seconds = min(float(position), plausible, float(lesson.video_seconds))
    pct = max(row.watched_pct, math.floor(seconds * 100 / lesson.video_seconds))
    if pct > row.watched_pct:
        row.watched_pct = pct
    row.updated_at = now
    if row.done_at is None and course is not None and row.watched_pct >= course.video_done_pct:
        row.done_at = now
    session.add(row)
    session.commit()
    return row.watched_pct


def course_lessons_done(session: Session, technician: Technician, course: Course) -> bool:
    """Every lesson of the course is done (a course without lessons is not)."""
    lessons = lessons_of(session, course.id)  # type: ignore[arg-type]
    progress = progress_of(session, technician.id, [row.id for row in lessons])  # type: ignore[arg-type, misc]
    return bool(lessons) and all(is_done(progress, row.id) for row in lessons)
