"""Technician learning: courses (platform-wide or a shop's) and the certificates completing one
issues, which categories and skill tags may require; offline training events.

Rules live in services/learning; these tables are the contract between its parts.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class Course(SQLModel, table=True):
    """A course written by the platform (merchant_id None: for every technician) or by a shop
    (for its own technicians)."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=40)
    summary: str = Field(default="", max_length=300)
    category_id: int | None = Field(default=None, foreign_key="service_category.id")
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    cover: str = Field(default="", max_length=200)  # a /media picture URL
    pass_mark_pct: int = 60  # the quiz's pass mark
    quiz_attempts: int = 3  # attempts allowed
    video_done_pct: int = 90  # a video lesson counts as done once watched this far
    valid_days: int | None = None  # 365: the certificate must be renewed yearly; None: forever
    status: str = Field(default="draft", max_length=10)  # draft, published, archived
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class Lesson(SQLModel, table=True):
    """A lesson in a section of a course, in order; a later lesson may require an earlier one."""

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", index=True)
    section: str = Field(default="", max_length=40)  # the section's title (章节)
    position: int = 0  # order within the course
    title: str = Field(max_length=60)
    kind: str = Field(default="text", max_length=8)  # text, video
    body: str = Field(default="", max_length=20_000)  # text with image links (markdown)
    video: str = Field(default="", max_length=200)  # a private storage key, served with ranges
    video_seconds: int = 0
    material: str = Field(default="", max_length=200)  # a downloadable file's storage key
    material_name: str = Field(default="", max_length=80)
    requires_lesson_id: int | None = Field(default=None, foreign_key="lesson.id")


class Enrollment(SQLModel, table=True):
    """A technician taking a course: by choice, or assigned by their shop with a due date."""

    __table_args__ = (UniqueConstraint("course_id", "technician_id", name="uq_enrollment"),)
    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", index=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    enrolled_at: datetime = Field(sa_type=UTCDateTime)
    assigned_by: int | None = Field(default=None, foreign_key="user.id")  # a shop's staff member
    due_on: date | None = None  # an assignment's due date (local)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LessonProgress(SQLModel, table=True):
    """How far a technician got in a lesson; done once read or watched far enough."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("lesson_id", "technician_id", name="uq_lesson_progress"),)
    id: int | None = Field(default=None, primary_key=True)
    lesson_id: int = Field(foreign_key="lesson.id", index=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    watched_pct: int = 0  # the furthest point the player reported
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class QuizQuestion(SQLModel, table=True):
    """A single- or multiple-choice question of a course's quiz."""

    __tablename__ = "quiz_question"
    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", index=True)
    position: int = 0
    text: str = Field(max_length=300)
    options: list = Field(default_factory=list, sa_type=JSON)  # ["A ...", "B ...", ...]
    answer: list = Field(default_factory=list, sa_type=JSON)  # indexes of the right options


class QuizAttempt(SQLModel, table=True):
    """One submitted attempt; attempts are numbered and limited by Course.quiz_attempts."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (
        UniqueConstraint("course_id", "technician_id", "number", name="uq_quiz_attempt"),
    )
    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", index=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    number: int  # 1, 2, ...
    score_pct: int
    passed: bool
    answers: dict = Field(default_factory=dict, sa_type=JSON)
    submitted_at: datetime = Field(sa_type=UTCDateTime)


class Challenge(SQLModel, table=True):
    """A learning challenge (e.g. finish 3 lessons this week) and its reward."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=40)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    goal_lessons: int = 3
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    badge: str = Field(default="", max_length=20)  # the badge's name
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)


class Badge(SQLModel, table=True):
    """A badge a technician earned (once per challenge); shown on the profile."""

    __table_args__ = (UniqueConstraint("challenge_id", "technician_id", name="uq_badge"),)
    id: int | None = Field(default=None, primary_key=True)
    challenge_id: int = Field(foreign_key="challenge.id", index=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    name: str = Field(max_length=20)
    awarded_at: datetime = Field(sa_type=UTCDateTime)


class CourseCertificate(SQLModel, table=True):
    """Issued when a technician completes a course; anyone can verify it by its serial.

    Re-taking a course issues a new certificate and archives the old one: at most one
    certificate per technician and course has status "valid" (the issuing service keeps it)."""

    __tablename__ = "course_certificate"
    __table_args__ = (Index("ix_course_certificate_holder", "technician_id", "course_id"),)
    id: int | None = Field(default=None, primary_key=True)
    serial: str = Field(max_length=24, unique=True)
    course_id: int = Field(foreign_key="course.id", index=True)
    technician_id: int = Field(foreign_key="technician.id")
    issued_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    status: str = Field(default="valid", max_length=10)  # valid, archived, revoked
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CourseRequirement(SQLModel, table=True):
    """A category (every service in it) or a skill tag that needs a valid certificate of the
    course: without one a technician gets no offers and no search hits for it."""

    __tablename__ = "course_requirement"
    __table_args__ = (
        UniqueConstraint("course_id", "category_id", "skill", name="uq_course_requirement"),
    )
    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", index=True)
    category_id: int | None = Field(default=None, foreign_key="service_category.id", index=True)
    skill: str = Field(default="", max_length=20)  # a Technician.skills tag; "" with a category
    created_at: datetime = Field(sa_type=UTCDateTime)


class TrainingEvent(SQLModel, table=True):
    """An offline training (线下培训) by the platform or a shop: time, place, capacity."""

    __tablename__ = "training_event"
    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=40)
    description: str = Field(default="", max_length=500)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    place: str = Field(max_length=120)
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    capacity: int
    seats_taken: int = 0  # raised by a conditional update: never above capacity
    course_id: int | None = Field(default=None, foreign_key="course.id")  # attendance completes
    checkin_code_hash: str = Field(default="", max_length=64)  # the code shown at the event
    status: str = Field(default="published", max_length=10)  # published, cancelled
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime)


class EventSignup(SQLModel, table=True):
    """A technician's place at an event, or on its waitlist (first come, first promoted)."""

    __tablename__ = "event_signup"
    __table_args__ = (UniqueConstraint("event_id", "technician_id", name="uq_event_signup"),)
    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="training_event.id", index=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    status: str = Field(max_length=10)  # seated, waiting, cancelled, attended
    created_at: datetime = Field(sa_type=UTCDateTime)
    promoted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    checked_in_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reminded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    checkin_attempts: int = 0  # codes entered (migration 0013c); limited so it cannot be guessed
