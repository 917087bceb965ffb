"""Writing a course's lessons: sections and lessons in order, their text, and which earlier
lesson each one requires.

Rules: a lesson has a title (1-60 characters) and a section title (at most 40; lessons with
the same section title form one section); a text lesson needs a body (markdown, at most 20,000
characters) whose pictures are our own /media pictures (uploaded with courses.lesson_picture,
never another site's); a video lesson states the video's length (1 s - 4 h), which bounds how
fast its progress may move (progress.py). A prerequisite is another lesson of the same course,
and prerequisites never form a circle. New lessons go last; moving one swaps it with its
neighbour. Removing a lesson frees the lessons that required it and deletes its files and the
progress on it. Every change is audited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, delete, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.models import Lesson, LessonProgress
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.learning.scope import (
    authored_course,
    authored_lesson,
    lessons_of,
    require_author,
)

TITLE_MAX, SECTION_MAX, BODY_MAX = 60, 40, 20_000
VIDEO_SECONDS_MAX = 4 * 3600
KINDS = ("text", "video")
_PICTURE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]*)")


@dataclass(frozen=True)
class LessonDraft:
    title: str
    kind: str = "text"
    section: str = ""
    body: str = ""
    video_seconds: int = 0
    requires_lesson_id: int | None = None


def _checked(draft: LessonDraft) -> LessonDraft:
    title, section = (draft.title or "").strip(), (draft.section or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise DomainError("learning.lesson_title_invalid", max=TITLE_MAX)
    if len(section) > SECTION_MAX:
        raise DomainError("learning.section_too_long", max=SECTION_MAX)
    if draft.kind not in KINDS:
        raise DomainError("learning.lesson_kind_invalid")
    body = (draft.body or "").strip()
    if len(body) > BODY_MAX:
        raise DomainError("learning.body_too_long", max=BODY_MAX)
    if draft.kind == "text" and not body:
        raise DomainError("learning.body_required")
    for url in _PICTURE.findall(body):
        if not url.startswith(storage.MEDIA_URL_PREFIX):
            raise DomainError("learning.picture_not_ours")
    seconds = draft.video_seconds if draft.kind == "video" else 0
    if draft.kind == "video" and (
        not isinstance(seconds, int)
        or isinstance(seconds, bool)
        or not 1 <= seconds <= VIDEO_SECONDS_MAX
    ):
        raise DomainError("learning.video_seconds_invalid", high=VIDEO_SECONDS_MAX // 60)
    return LessonDraft(title, draft.kind, section, body, seconds, draft.requires_lesson_id)


def _check_prerequisite(session: Session, lesson: Lesson, required: int | None) -> None:
    if required is None:
        return
    seen = {lesson.id}
    step = session.get(Lesson, required)
    if step is None or step.course_id != lesson.course_id or step.id == lesson.id:
        raise DomainError("learning.prerequisite_invalid")
    while step is not None:
        if step.id in seen:
            raise DomainError("learning.prerequisite_circle")
        seen.add(step.id)
        step = session.get(Lesson, step.requires_lesson_id) if step.requires_lesson_id else None


def save_lesson(
    session: Session,
    actor: Actor | None,
    course_id: int,
    lesson_id: int | None,
    draft: LessonDraft,
) -> int:
    """A new lesson at the end of the course, or changes to one; returns its id."""
    author = require_author(session, actor)
    course = authored_course(session, author, course_id)
    checked = _checked(draft)
    if lesson_id is None:
        lessons = lessons_of(session, course.id)  # type: ignore[arg-type]
        lesson = Lesson(course_id=course.id, title=checked.title, position=len(lessons))
    else:
        lesson = authored_lesson(session, author, lesson_id)
        if lesson.course_id != course.id:
            raise DomainError("learning.lesson_not_found")
    with session.no_autoflush:
        _check_prerequisite(session, lesson, checked.requires_lesson_id)
    lesson.title, lesson.kind, lesson.section = checked.title, checked.kind, checked.section
    lesson.body, lesson.video_seconds = checked.body, checked.video_seconds
    lesson.requires_lesson_id = checked.requires_lesson_id
    session.add(lesson)
    session.flush()
    course.updated_at = utcnow()
    session.add(course)
    action = "learning.lesson_added" if lesson_id is None else "learning.lesson_edited"
    audit.record(session, actor, action, "lesson", lesson.id, course=course.id)
    session.commit()
    return lesson.id  # type: ignore[return-value]


def move_lesson(session: Session, actor: Actor | None, lesson_id: int, step: int) -> None:
    """Swap a lesson with the one before (step -1) or after (step 1) it."""
    author = require_author(session, actor)
    lesson = authored_lesson(session, author, lesson_id)
    lessons = lessons_of(session, lesson.course_id)
    index = next(i for i, row in enumerate(lessons) if row.id == lesson.id)
    other = index + (1 if step > 0 else -1)
    if step not in (-1, 1) or not 0 <= other < len(lessons):
        raise DomainError("learning.cannot_move")
    lessons[index], lessons[other] = lessons[other], lessons[index]
    for position, row in enumerate(lessons):
        row.position = position
        session.add(row)
    audit.record(session, actor, "learning.lesson_moved", "lesson", lesson.id, step=step)
    session.commit()


def remove_lesson(session: Session, actor: Actor | None, lesson_id: int) -> None:
    """Delete a lesson, the progress on it and its files; lessons requiring it are freed."""
    author = require_author(session, actor)
    lesson = authored_lesson(session, author, lesson_id)
    files = [key for key in (lesson.video, lesson.material) if key]
    for dependant in session.exec(select(Lesson).where(Lesson.requires_lesson_id == lesson.id)):
        dependant.requires_lesson_id = None
        session.add(dependant)
    session.exec(delete(LessonProgress).where(LessonProgress.lesson_id == lesson.id))  # type: ignore[call-overload]
    session.flush()
    session.delete(lesson)
    audit.record(
        session, actor, "learning.lesson_removed", "lesson", lesson_id, course=lesson.course_id
    )
    session.commit()
    for index, row in enumerate(lessons_of(session, lesson.course_id)):
        row.position = index
        session.add(row)
    session.commit()
    for key in files:
        storage.delete_private_file(key)
