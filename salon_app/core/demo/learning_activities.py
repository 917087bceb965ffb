"""Learning activities in the demo city: a skill tag that requires a course, an assignment
and a challenge.

Self-contained so the demo world the tests use behaves as before: the skill tag 手绘美甲
requires the platform course 手绘美甲认证, and every demo technician listing that tag holds
a valid certificate of it. The first shop assigns 服务礼仪与沟通 to its technicians (one
has finished, one is late); this week's platform challenge awards 学习之星 for 3 lessons.
Its own RNG: the rest of the demo city's random choices stay as they were.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlmodel import Session, select

from salon_app.core.clock import local_today
from salon_app.core.models import (
    Badge,
    Challenge,
    Course,
    CourseCertificate,
    CourseRequirement,
    Enrollment,
    Lesson,
    LessonProgress,
    Merchant,
    QuizAttempt,
    Technician,
)
from salon_app.core.services.certificates import day_start

SEED = 1212
REQUIRED_SKILL = "手绘美甲"
SERIAL_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _course(
    session: Session, title: str, summary: str, lessons: list[str], now: datetime
) -> tuple[Course, list[Lesson]]:
    course = Course(
        title=title, summary=summary, status="published", valid_days=365,
        created_at=now - timedelta(days=400), updated_at=now - timedelta(days=400),
    )  # fmt: skip
    session.add(course)
    session.flush()
    rows = [
        Lesson(course_id=course.id, section="第一章", position=i, title=name, body=f"## {name}")
        for i, name in enumerate(lessons)
    ]
    session.add_all(rows)
    session.flush()
    return course, rows


def _serial(rng: random.Random, at: datetime) -> str:
    return f"SC{at:%y%m%d}" + "".join(rng.choice(SERIAL_ALPHABET) for _ in range(8))


def add_learning_activities(
    session: Session, now: datetime, admin_id: int, shops: list[Merchant], owners: dict[int, int]
) -> None:
    rng = random.Random(SEED)
    nails, _ = _course(
        session, "手绘美甲认证", "手绘美甲的线条、配色与消毒规范，结业颁发证书（每年复训）。",
        ["工具与消毒", "线条与晕染", "配色与图案"], now,
    )  # fmt: skip
    session.add(
        CourseRequirement(
            course_id=nails.id, skill=REQUIRED_SKILL, created_at=now - timedelta(days=90)
        )
    )
    listing = session.exec(select(Technician).order_by(Technician.id)).all()
    for tech in listing:
        if REQUIRED_SKILL in (tech.skills or ()):
            issued = now - timedelta(days=rng.randint(30, 300))
            session.add(
                CourseCertificate(
                    serial=_serial(rng, issued),
                    course_id=nails.id,
                    technician_id=tech.id,
                    issued_at=issued,
                    expires_at=issued + timedelta(days=365),
                )
            )
    manners, lessons = _course(
        session, "服务礼仪与沟通", "上门与到店服务的礼仪、沟通与投诉预防。",
        ["上门礼仪", "沟通技巧", "投诉预防", "隐私保护"], now,
    )  # fmt: skip
    shop = shops[0]
    team = [t for t in listing if t.merchant_id == shop.id][:4]
    today = local_today()
    for i, tech in enumerate(team):
        due = today + timedelta(days=10) if i != 2 else today - timedelta(days=2)  # one late
        session.add(
            Enrollment(
                course_id=manners.id,
                technician_id=tech.id,
                enrolled_at=now - timedelta(days=20),
                assigned_by=owners[shop.id],
                due_on=due,
            )
        )
        for lesson in lessons[: (len(lessons), 2, 1, 0)[i]]:
            session.add(
                LessonProgress(
                    lesson_id=lesson.id,
                    technician_id=tech.id,
                    watched_pct=100,
                    done_at=now - timedelta(days=5),
                    updated_at=now - timedelta(days=5),
                )
            )
        if i == 0:  # finished: quiz passed, certificate issued
            session.add(
                QuizAttempt(
                    course_id=manners.id,
                    technician_id=tech.id,
                    number=1,
                    score_pct=90,
                    passed=True,
                    submitted_at=now - timedelta(days=4),
                )
            )
            session.add(
                CourseCertificate(
                    serial=_serial(rng, now),
                    course_id=manners.id,
                    technician_id=tech.id,
                    issued_at=now - timedelta(days=4),
                    expires_at=now + timedelta(days=361),
                )
            )
    monday = today - timedelta(days=today.weekday())
    challenge = Challenge(
        title="本周学习挑战", goal_lessons=3, starts_at=day_start(monday),
        ends_at=day_start(monday + timedelta(days=7)), badge="学习之星",
        created_by=admin_id, created_at=now - timedelta(days=1),
    )  # fmt: skip
    session.add(challenge)
    session.flush()
    if team:  # a badge from an earlier challenge shows on a profile
        earlier = Challenge(
            title="开学季挑战", goal_lessons=3, starts_at=now - timedelta(days=40),
            ends_at=now - timedelta(days=33), badge="好学先锋",
            created_by=admin_id, created_at=now - timedelta(days=41),
        )  # fmt: skip
        session.add(earlier)
        session.flush()
        session.add(
            Badge(challenge_id=earlier.id, technician_id=team[0].id, name=earlier.badge,
                  awarded_at=now - timedelta(days=34))
        )  # fmt: skip
    session.flush()
