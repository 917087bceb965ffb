"""Writing a course's quiz: single- and multiple-choice questions, in order.

Rules: a question (1-300 characters) has 2-6 distinct, non-empty options (each at most 100
characters) and at least one right option; a question with one right option is single choice
(单选), with more multiple choice (多选). Changing the quiz of a course does not touch attempts
already scored. Audited.
"""

from __future__ import annotations

from sqlmodel import Session, select

from salon_app.core.errors import DomainError
from salon_app.core.models import QuizQuestion
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.learning.scope import authored_course, require_author

TEXT_MAX, OPTION_MAX = 300, 100
OPTIONS_MIN, OPTIONS_MAX = 2, 6


def questions_of(session: Session, course_id: int) -> list[QuizQuestion]:
    return list(
        session.exec(
            select(QuizQuestion)
            .where(QuizQuestion.course_id == course_id)
            .order_by(QuizQuestion.position, QuizQuestion.id)
        ).all()
    )


def _checked(text: str, options: list[str], answer: list[int]) -> tuple[str, list[str], list[int]]:
    text = (text or "").strip() if isinstance(text, str) else ""
    if not text or len(text) > TEXT_MAX:
        raise DomainError("learning.question_invalid", max=TEXT_MAX)
    if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
        raise DomainError("learning.options_invalid", low=OPTIONS_MIN, high=OPTIONS_MAX)
    cleaned = [o.strip() for o in options if o.strip()]
    if not OPTIONS_MIN <= len(cleaned) <= OPTIONS_MAX or len(set(cleaned)) != len(cleaned):
        raise DomainError("learning.options_invalid", low=OPTIONS_MIN, high=OPTIONS_MAX)
    if any(len(o) > OPTION_MAX for o in cleaned):
        raise DomainError("learning.option_too_long", max=OPTION_MAX)
    if (
        not isinstance(answer, list)
        or not answer
        or not all(isinstance(i, int) and 0 <= i < len(cleaned) for i in answer)
    ):
        raise DomainError("learning.answer_required")
    return text, cleaned, sorted(set(answer))


def save_question(
    session: Session,
    actor: Actor | None,
    course_id: int,
    question_id: int | None,
    text: str,
    options: list[str],
    answer: list[int],
) -> int:
    """A new question at the end of the quiz, or changes to one; returns its id. `answer`:
    indexes into the options once empty ones are dropped."""
    author = require_author(session, actor)
    course = authored_course(session, author, course_id)
    text, options, answer = _checked(text, options, answer)
    if question_id is None:
        row = QuizQuestion(
            course_id=course.id, text=text, position=len(questions_of(session, course.id))
        )
    else:
        row = session.get(QuizQuestion, question_id) if isinstance(question_id, int) else None
        if row is None or row.course_id != course.id:
            raise DomainError("learning.question_not_found")
    row.text, row.options, row.answer = text, options, answer
    session.add(row)
    session.flush()
    audit.record(session, actor, "learning.question_saved", "course", course.id, question=row.id)
    session.commit()
    return row.id  # type: ignore[return-value]


def remove_question(session: Session, actor: Actor | None, question_id: int) -> None:
    author = require_author(session, actor)
    row = session.get(QuizQuestion, question_id) if isinstance(question_id, int) else None
    if row is None:
        raise DomainError("learning.question_not_found")
    course = authored_course(session, author, row.course_id)
    session.delete(row)
    audit.record(session, actor, "learning.question_removed", "course", course.id)
    session.commit()
