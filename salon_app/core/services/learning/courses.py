"""Writing a course: its title, summary, category, cover, pass mark, attempts, the share of a
video that counts as watched, and yearly renewal; publishing and archiving it.

Rules: the title (1-40 characters) is required, the summary at most 300; the pass mark is
1-100 %, attempts 1-10, the video share 50-100 %; the category, when given, must exist. A course
is published only with at least one lesson and one quiz question (a technician could not
finish it otherwise); an archived course disappears for technicians, its certificates stay
verifiable; an archived course may be published again. Every change is audited. Scope and
permissions: scope.require_author.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.models import Course, Lesson, QuizQuestion, ServiceCategory
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.learning.scope import authored_course, require_author

TITLE_MAX, SUMMARY_MAX = 40, 300
RENEWAL_DAYS = 365
STATUSES = ("draft", "published", "archived")


@dataclass(frozen=True)
class CourseDraft:
    title: str
    summary: str = ""
    category_id: int | None = None
    pass_mark_pct: int = 60
    quiz_attempts: int = 3
    video_done_pct: int = 90
    yearly_renewal: bool = False


def _number(value: object, low: int, high: int, key: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise DomainError(key, low=low, high=high)
    return value


def _checked(session: Session, draft: CourseDraft) -> CourseDraft:
    title = (draft.title or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise DomainError("learning.title_invalid", max=TITLE_MAX)
    summary = (draft.summary or "").strip()
    if len(summary) > SUMMARY_MAX:
        raise DomainError("learning.summary_too_long", max=SUMMARY_MAX)
    if draft.category_id is not None and session.get(ServiceCategory, draft.category_id) is None:
        raise DomainError("learning.category_not_found")
    return CourseDraft(
        title,
        summary,
        draft.category_id,
        _number(draft.pass_mark_pct, 1, 100, "learning.pass_mark_invalid"),
        _number(draft.quiz_attempts, 1, 10, "learning.attempts_invalid"),
        _number(draft.video_done_pct, 50, 100, "learning.video_share_invalid"),
        bool(draft.yearly_renewal),
    )


def save_course(
    session: Session, actor: Actor | None, course_id: int | None, draft: CourseDraft
) -> int:
    """A new course (course_id None, a draft of the author's scope) or changes to one of the
    author's courses; returns its id (rules in the module docstring)."""
    author = require_author(session, actor)
    checked = _checked(session, draft)
    now = utcnow()
    if course_id is None:
        course = Course(
            title=checked.title,
            merchant_id=author.merchant_id,
            created_by=author.actor.user_id,
            created_at=now,
            updated_at=now,
        )
    else:
        course = authored_course(session, author, course_id)
    course.title, course.summary, course.category_id = (
        checked.title,
        checked.summary,
        checked.category_id,
    )
    course.pass_mark_pct, course.quiz_attempts = checked.pass_mark_pct, checked.quiz_attempts
    course.video_done_pct = checked.video_done_pct
    course.valid_days = RENEWAL_DAYS if checked.yearly_renewal else None
    course.updated_at = now
    session.add(course)
    session.flush()
    action = "learning.course_created" if course_id is None else "learning.course_edited"
    audit.record(session, actor, action, "course", course.id, title=course.title)
    session.commit()
    return course.id  # type: ignore[return-value]


def set_course_status(session: Session, actor: Actor | None, course_id: int, status: str) -> None:
    """Publish (needs a lesson and a quiz question), archive, or take back to draft."""
    author = require_author(session, actor)
    course = authored_course(session, author, course_id)
    if status not in STATUSES:
        raise DomainError("learning.status_invalid")
    if status == "published":
        lessons = session.exec(select(func.count()).where(Lesson.course_id == course.id)).one()
        if not lessons:
            raise DomainError("learning.publish_needs_lesson")
        questions = session.exec(
            select(func.count()).where(QuizQuestion.course_id == course.id)
        ).one()
        if not questions:
            raise DomainError("learning.publish_needs_quiz")
    old = course.status
    course.status, course.updated_at = status, utcnow()
    session.add(course)
    audit.record(session, actor, "learning.course_status", "course", course.id, old=old, new=status)
    session.commit()


def set_course_cover(session: Session, actor: Actor | None, course_id: int, data: bytes) -> str:
    """A new cover picture (the checked picture path: decoded, limited, 4:3); returns its URL.
    Pillow is slow: pages call this off the event loop."""
    author = require_author(session, actor)
    course = authored_course(session, author, course_id)
    prepared = storage.prepare_picture(data)
    url, written = storage.save_picture(prepared.thumb)
    old, course.cover, course.updated_at = course.cover, url, utcnow()
    session.add(course)
    audit.record(session, actor, "learning.cover_set", "course", course.id, old=old, new=url)
    try:
        session.commit()
    except Exception:
        session.rollback()
        if written:
            storage.delete_picture(url)
        raise
    return url


def lesson_picture(session: Session, actor: Actor | None, course_id: int, data: bytes) -> str:
    """A picture for a text lesson's body (markdown `![](url)`): checked and stored like a
    cover; returns its /media URL. Off the event loop."""
    author = require_author(session, actor)
    course = authored_course(session, author, course_id)
    url, _ = storage.save_picture(storage.prepare_picture(data).large)
    audit.record(session, actor, "learning.picture_added", "course", course.id, url=url)
    session.commit()
    return url
