"""Demo courses (学习中心): two platform courses with text lessons (a drawn picture in each
course), a lesson that requires the one before, and a quiz; some demo technicians enrolled
with progress, one of them certified (not the technician of the demo login).

Self-contained: no category or skill tag requires these courses (that would change who gets
offers), and no randomness is drawn from the city's RNG. The machine has no video encoder, so
the demo courses are text only; the video path is exercised by the tests.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from salon_app.core.demo import drawing
from salon_app.core.demo.pictures import PictureCache, _catalogue
from salon_app.core.demo.residents import DemoTechnician
from salon_app.core.models import (
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    QuizAttempt,
    QuizQuestion,
)
from salon_app.core.services.learning import issue_certificate

# title, summary, yearly renewal, picture (category, motif), lessons (section, title, body),
# questions (text, options, right options)
COURSES = [
    (
        "上门服务礼仪与沟通",
        "进门、服务、离开：让顾客安心的每一步",
        False,
        ("housekeeping", "category:housekeeping"),
        [
            (
                "第一章 进门之前",
                "准时与确认",
                "提前 10 分钟到达，进门前电话确认服务项目与时长。\n\n"
                "迟到时**提前告知**顾客并说明原因。",
            ),
            (
                "第一章 进门之前",
                "进门礼仪",
                "敲门三下，自我介绍并出示工牌；穿好鞋套再进门。\n\n![上门服务]({picture})",
            ),
            (
                "第二章 服务之中",
                "沟通与隐私",
                "服务中不打听与服务无关的私事，不拍摄顾客家中。\n\n"
                "有变更先征得顾客同意，再继续服务。",
            ),
        ],
        [
            ("进门前第一件事是什么？", ["直接进门", "敲门并自我介绍", "先脱鞋"], [1]),
            ("哪些做法是对的？", ["穿鞋套", "拍摄顾客家中", "变更前征得同意"], [0, 2]),
        ],
    ),
    (
        "美甲卫生标准",
        "工具消毒、一客一换与皮肤异常的处理",
        True,
        ("nails", "category:nails"),
        [
            (
                "第一章 工具",
                "消毒流程",
                "金属工具清洗后高温或浸泡消毒；锉条、砂条一客一换。\n\n![消毒工具]({picture})",
            ),
            ("第二章 顾客", "皮肤异常", "发现红肿、破损或真菌感染时暂停服务，建议就医。"),
        ],
        [
            ("锉条可以给下一位顾客继续使用吗？", ["可以", "不可以，一客一换"], [1]),
            ("发现指甲周围红肿应当？", ["继续做", "暂停服务并建议就医"], [1]),
        ],
    ),
]


def add_demo_courses(
    session: Session, now: datetime, author_id: int, technicians: list[DemoTechnician]
) -> None:
    cache = PictureCache()
    courses = []
    for index, (title, summary, yearly, (category, motif), lessons, questions) in enumerate(
        COURSES
    ):
        key = f"course:{index}"
        picture, cover = cache.get(
            key, lambda c=category, m=motif, k=key: _catalogue(drawing.scene(c, m, k))
        )
        course = Course(
            title=title,
            summary=summary,
            cover=cover,
            valid_days=365 if yearly else None,
            status="published",
            created_by=author_id,
            created_at=now - timedelta(days=60),
            updated_at=now - timedelta(days=30),
        )
        session.add(course)
        session.flush()
        previous = None
        rows = []
        for position, (section, lesson_title, body) in enumerate(lessons):
            lesson = Lesson(
                course_id=course.id,
                section=section,
                position=position,
                title=lesson_title,
                body=body.format(picture=picture),
                requires_lesson_id=previous,
            )
            session.add(lesson)
            session.flush()
            previous = lesson.id if position == 0 else None  # the 2nd lesson needs the 1st
            rows.append(lesson)
        for position, (text, options, answer) in enumerate(questions):
            session.add(
                QuizQuestion(
                    course_id=course.id,
                    position=position,
                    text=text,
                    options=options,
                    answer=answer,
                )
            )
        courses.append((course, rows))
    cache.save()
    _enrol(session, now, courses, technicians)


def _enrol(
    session: Session,
    now: datetime,
    courses: list[tuple[Course, list[Lesson]]],
    technicians: list[DemoTechnician],
) -> None:
    """Five demo technicians (not the one of the demo login, who starts fresh): the first
    finished the etiquette course and holds its certificate, the others are part-way."""
    etiquette, lessons = courses[0]
    for number, tech in enumerate(technicians[1:6]):
        started = now - timedelta(days=20 - number)
        enrollment = Enrollment(
            course_id=etiquette.id, technician_id=tech.row.id, enrolled_at=started
        )
        done = len(lessons) if number == 0 else number % len(lessons)
        for lesson in lessons[:done]:
            session.add(
                LessonProgress(
                    lesson_id=lesson.id,
                    technician_id=tech.row.id,
                    watched_pct=100,
                    done_at=started + timedelta(days=1),
                    updated_at=started + timedelta(days=1),
                )
            )
        if number == 0:
            passed_at = started + timedelta(days=2)
            session.add(
                QuizAttempt(
                    course_id=etiquette.id,
                    technician_id=tech.row.id,
                    number=1,
                    score_pct=100,
                    passed=True,
                    answers={},
                    submitted_at=passed_at,
                )
            )
            enrollment.completed_at = passed_at
            issue_certificate(session, tech.row.id, etiquette, passed_at)  # type: ignore[arg-type]
        session.add(enrollment)
    session.flush()
