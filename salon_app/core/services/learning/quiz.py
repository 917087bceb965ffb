"""The quiz and completing a course: when the quiz opens, scoring, attempts, the certificate.

Rules:
- The quiz opens once every lesson of the course is done (learning.quiz_locked before).
- Every question must be answered (learning.quiz_incomplete); a question scores when the
  chosen options are exactly its right options; the score is the share of right questions,
  rounded to a whole %; the attempt passes at the course's pass mark.
- Attempts are limited per round: Course.quiz_attempts. A round starts with the course, and
  again after each certificate. With the attempts of the round used up, an answer is refused
  (learning.no_attempts_left) and nothing is stored.
- Passing completes the course: Enrollment.completed_at and a certificate
  (learning.issue_certificate), exactly once: the attempt number is unique per technician and
  course and the enrollment row is locked, so a double click (or two workers) stores one
  attempt; the other is refused (learning.quiz_already_submitted).
- While the certificate is valid and not within RENEWAL_WINDOW_DAYS of its expiry, the quiz is
  closed (learning.already_certified). A course with yearly renewal can be re-taken from then
  on, or after the certificate expired: lessons stay done, the quiz gets a fresh round, and
  passing issues a new certificate and archives the old.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Course,
    CourseCertificate,
    Enrollment,
    QuizAttempt,
    QuizQuestion,
    Technician,
)
from salon_app.core.services.access import Actor
from salon_app.core.services.learning.course_certificates import issue_certificate
from salon_app.core.services.learning.progress import course_lessons_done, enrol
from salon_app.core.services.learning.quiz_questions import questions_of
from salon_app.core.services.learning.scope import require_learner, visible_course

RENEWAL_WINDOW_DAYS = 30


@dataclass(frozen=True)
class QuizStatus:
    open: bool
    reason: str  # the catalogue key of why it is closed ("" when open)
    attempts_used: int
    attempts_left: int
    last_score: int | None
    certificate: CourseCertificate | None  # the latest one


@dataclass(frozen=True)
class QuizResult:
    score_pct: int
    passed: bool
    attempts_left: int
    serial: str  # the new certificate's serial when passed


def latest_certificate(
    session: Session, technician_id: int, course_id: int
) -> CourseCertificate | None:
    return session.exec(
        select(CourseCertificate)
        .where(
            CourseCertificate.technician_id == technician_id,
            CourseCertificate.course_id == course_id,
        )
        .order_by(CourseCertificate.issued_at.desc(), CourseCertificate.id.desc())  # type: ignore[union-attr, attr-defined]
    ).first()


def _certified(cert: CourseCertificate | None, now: datetime) -> bool:
    """A certificate that keeps the quiz closed: valid, and not yet due for renewal."""
    if cert is None or cert.status != "valid":
        return False
    return cert.expires_at is None or cert.expires_at - timedelta(days=RENEWAL_WINDOW_DAYS) > now


def _attempts(
    session: Session, technician_id: int, course: Course, since: datetime | None
) -> list[QuizAttempt]:
    query = select(QuizAttempt).where(
        QuizAttempt.technician_id == technician_id, QuizAttempt.course_id == course.id
    )
    if since is not None:
        query = query.where(QuizAttempt.submitted_at > since)
    return list(session.exec(query.order_by(QuizAttempt.number)).all())


def quiz_status(session: Session, technician: Technician, course: Course) -> QuizStatus:
    """Whether the technician may answer the quiz now, and the attempts of this round."""
    now = utcnow()
    cert = latest_certificate(session, technician.id, course.id)  # type: ignore[arg-type]
    attempts = _attempts(session, technician.id, course, cert.issued_at if cert else None)  # type: ignore[arg-type]
    left = max(course.quiz_attempts - len(attempts), 0)
    last = attempts[-1].score_pct if attempts else None
    if _certified(cert, now):
        reason = "learning.already_certified"
    elif not course_lessons_done(session, technician, course):
        reason = "learning.quiz_locked"
    elif left == 0:
        reason = "learning.no_attempts_left"
    else:
        reason = ""
    return QuizStatus(reason == "", reason, len(attempts), left, last, cert)


def _answers(raw: object, questions: list[QuizQuestion]) -> dict[int, list[int]]:
    if not isinstance(raw, dict):
        raise DomainError("learning.quiz_incomplete")
    answers: dict[int, list[int]] = {}
    for question in questions:
        chosen = raw.get(str(question.id), raw.get(question.id))
        if (
            not isinstance(chosen, list)
            or not chosen
            or not all(
                isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(question.options)
                for i in chosen
            )
        ):
            raise DomainError("learning.quiz_incomplete")
        answers[question.id] = sorted(set(chosen))  # type: ignore[index]
    return answers


def submit_quiz(
    session: Session, actor: Actor | None, course_id: int, answers: object
) -> QuizResult:
    """Score one attempt: `answers` maps each question's id to the chosen option indexes
    (rules in the module docstring)."""
    technician = require_learner(session, actor)
    course = visible_course(session, technician, course_id)
    questions = questions_of(session, course.id)  # type: ignore[arg-type]
    chosen = _answers(answers, questions)
    enrol(session, technician.id, course.id)  # type: ignore[arg-type]
    enrollment = session.exec(
        select(Enrollment)
        .where(Enrollment.course_id == course.id, Enrollment.technician_id == technician.id)
        .with_for_update()
    ).one()
    status = quiz_status(session, technician, course)
    if not status.open:
        raise DomainError(status.reason)
    right = sum(1 for q in questions if chosen[q.id] == sorted(q.answer))  # type: ignore[index]
    score = round(right * 100 / len(questions)) if questions else 0
    passed = score >= course.pass_mark_pct
    now = utcnow()
    number = session.exec(
        select(func.max(QuizAttempt.number)).where(
            QuizAttempt.course_id == course.id, QuizAttempt.technician_id == technician.id
        )
    ).one()
    serial = ""
    try:
        session.add(
            QuizAttempt(
                course_id=course.id,
                technician_id=technician.id,
                number=(number or 0) + 1,
                score_pct=score,
                passed=passed,
                answers={str(k): v for k, v in chosen.items()},
                submitted_at=now,
            )
        )
        session.flush()
        if passed:
            enrollment.completed_at = now
            session.add(enrollment)
            serial = issue_certificate(session, technician.id, course, now).serial  # type: ignore[arg-type]
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise DomainError("learning.quiz_already_submitted") from exc
    return QuizResult(score, passed, status.attempts_left - 1, serial)
