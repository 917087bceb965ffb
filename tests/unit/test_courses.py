"""Courses: authoring rules and refusals, prerequisites, progress, the quiz, completion once,
renewal, who sees which course, the public certificate check."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.demo.logins import DEMO_PASSWORD, MERCHANT_PHONE
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import (
    AuditEntry,
    Course,
    CourseCertificate,
    Enrollment,
    QuizAttempt,
    Technician,
)
from salon_app.core.services import auth, learning
from salon_app.core.services.learning import progress, quiz
from tests.support.courses import FAKE_WEBM, build_course
from tests.support.journeys import technician_actor


@pytest.fixture
def owner(demo_session):
    return auth.log_in(demo_session, MERCHANT_PHONE, DEMO_PASSWORD).actor


@pytest.fixture
def built(demo_session, operations):
    return build_course(demo_session, operations)


def _read_and_watch(session, tech, built, monkeypatch):
    learning.open_lesson(session, tech, built.text_id)
    learning.mark_read(session, tech, built.text_id)
    learning.open_lesson(session, tech, built.video_id)
    later = utcnow() + timedelta(minutes=2)
    monkeypatch.setattr(progress, "utcnow", lambda: later)
    assert learning.report_video(session, tech, built.video_id, 60.0) == 100
    monkeypatch.undo()


def _other_shop_tech(session, merchant_id):
    row = session.exec(
        select(Technician)
        .where(Technician.merchant_id.is_not(None), Technician.merchant_id != merchant_id)
        .order_by(Technician.id)
    ).first()
    return technician_actor(session, row.id)


# Authoring


def test_operator_creates_a_platform_course_and_it_is_audited(demo_session, operations, built):
    course = demo_session.get(Course, built.course_id)
    assert course.merchant_id is None and course.status == "published"
    actions = demo_session.exec(
        select(AuditEntry.action).where(AuditEntry.target_id == built.course_id)
    ).all()
    assert "learning.course_created" in actions and "learning.course_status" in actions


@pytest.mark.parametrize("who", ["support", "finance", "customer", "tech"])
def test_who_may_not_write_courses_is_refused(demo_session, request, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        learning.save_course(demo_session, actor, None, learning.CourseDraft("礼仪"))


def test_operators_cannot_edit_a_shop_course_nor_a_shop_the_platforms(
    demo_session, operations, owner, built
):
    shop_course = learning.save_course(demo_session, owner, None, learning.CourseDraft("店内课程"))
    assert demo_session.get(Course, shop_course).merchant_id is not None
    with pytest.raises(DomainError, match=r"learning.course_not_found"):
        learning.save_course(demo_session, operations, shop_course, learning.CourseDraft("改"))
    with pytest.raises(DomainError, match=r"learning.course_not_found"):
        learning.set_course_status(demo_session, owner, built.course_id, "archived")


@pytest.mark.parametrize(
    ("draft", "key"),
    [
        (learning.CourseDraft(""), "learning.title_invalid"),
        (learning.CourseDraft("长" * 41), "learning.title_invalid"),
        (learning.CourseDraft("课", "x" * 301), "learning.summary_too_long"),
        (learning.CourseDraft("课", pass_mark_pct=0), "learning.pass_mark_invalid"),
        (learning.CourseDraft("课", quiz_attempts=11), "learning.attempts_invalid"),
        (learning.CourseDraft("课", video_done_pct=20), "learning.video_share_invalid"),
        (learning.CourseDraft("课", category_id=999_999), "learning.category_not_found"),
    ],
)
def test_bad_course_input_is_refused_and_nothing_saved(demo_session, operations, draft, key):
    before = len(demo_session.exec(select(Course.id)).all())
    with pytest.raises(DomainError, match=key):
        learning.save_course(demo_session, operations, None, draft)
    assert len(demo_session.exec(select(Course.id)).all()) == before


def test_publishing_needs_lessons_and_a_quiz(demo_session, operations):
    course_id = learning.save_course(demo_session, operations, None, learning.CourseDraft("空"))
    with pytest.raises(DomainError, match=r"learning.publish_needs_lesson"):
        learning.set_course_status(demo_session, operations, course_id, "published")
    learning.save_lesson(
        demo_session, operations, course_id, None, learning.LessonDraft("一", body="正文")
    )
    with pytest.raises(DomainError, match=r"learning.publish_needs_quiz"):
        learning.set_course_status(demo_session, operations, course_id, "published")


@pytest.mark.parametrize(
    ("draft", "key"),
    [
        (learning.LessonDraft(""), "learning.lesson_title_invalid"),
        (learning.LessonDraft("课", "text", body=""), "learning.body_required"),
        (learning.LessonDraft("课", "audio", body="x"), "learning.lesson_kind_invalid"),
        (
            learning.LessonDraft("课", body="![x](https://evil.example/p.png)"),
            "learning.picture_not_ours",
        ),
        (learning.LessonDraft("课", "video", video_seconds=0), "learning.video_seconds_invalid"),
        (
            learning.LessonDraft("课", body="x", requires_lesson_id=999_999),
            "learning.prerequisite_invalid",
        ),
    ],
)
def test_bad_lesson_input_is_refused(demo_session, operations, built, draft, key):
    with pytest.raises(DomainError, match=key):
        learning.save_lesson(demo_session, operations, built.course_id, None, draft)


def test_prerequisites_never_form_a_circle(demo_session, operations, built):
    with pytest.raises(DomainError, match=r"learning.prerequisite_circle"):
        learning.save_lesson(
            demo_session,
            operations,
            built.course_id,
            built.text_id,
            learning.LessonDraft("进门之前", body="敲门", requires_lesson_id=built.video_id),
        )


@pytest.mark.parametrize(
    ("options", "answer", "key"),
    [
        (["只有一个"], [0], "learning.options_invalid"),
        (["同", "同"], [0], "learning.options_invalid"),
        (["甲", "乙"], [], "learning.answer_required"),
        (["甲", "乙"], [5], "learning.answer_required"),
    ],
)
def test_bad_questions_are_refused(demo_session, operations, built, options, answer, key):
    with pytest.raises(DomainError, match=key):
        learning.save_question(
            demo_session, operations, built.course_id, None, "问", options, answer
        )


def test_a_video_must_be_a_video_and_a_material_a_pdf(demo_session, operations, built):
    with pytest.raises(DomainError, match=r"learning.video_format"):
        learning.attach_video(demo_session, operations, built.video_id, io.BytesIO(b"<html>"))
    with pytest.raises(DomainError, match=r"upload.file_too_large"):
        learning.attach_video(
            demo_session, operations, built.video_id, io.BytesIO(FAKE_WEBM), 10**10
        )
    with pytest.raises(DomainError, match=r"learning.material_format"):
        learning.attach_material(
            demo_session, operations, built.text_id, io.BytesIO(b"MZ\x90\x00"), "清单"
        )
    learning.attach_material(
        demo_session, operations, built.text_id, io.BytesIO(b"%PDF-1.4 demo"), "清单"
    )
    outline = learning.course_outline(demo_session, operations, built.course_id)
    assert outline.lessons[0].material_name == "清单.pdf"


# Taking a course


def test_a_lesson_is_locked_until_its_prerequisite_is_done(demo_session, tech, built):
    with pytest.raises(DomainError, match=r"learning.lesson_locked"):
        learning.open_lesson(demo_session, tech, built.video_id)
    view = learning.course_view(demo_session, tech, built.course_id)
    assert [(row.id, row.locked) for row in view.lessons] == [
        (built.text_id, False),
        (built.video_id, True),
    ]
    learning.open_lesson(demo_session, tech, built.text_id)
    with pytest.raises(DomainError, match=r"learning.lesson_not_opened"):
        learning.mark_read(demo_session, _other(demo_session, tech), built.text_id)
    learning.mark_read(demo_session, tech, built.text_id)
    assert learning.open_lesson(demo_session, tech, built.video_id).kind == "video"


def _other(session, tech):
    row = session.exec(
        select(Technician)
        .where(Technician.id != tech.technician_id, Technician.merchant_id.is_(None))
        .order_by(Technician.id)
    ).first()
    return technician_actor(session, row.id)


def test_video_progress_moves_forward_only_and_never_faster_than_plausible(
    demo_session, tech, built, monkeypatch
):
    learning.open_lesson(demo_session, tech, built.text_id)
    learning.mark_read(demo_session, tech, built.text_id)
    start = utcnow()
    monkeypatch.setattr(progress, "utcnow", lambda: start)
    learning.open_lesson(demo_session, tech, built.video_id)
    # 3 s after opening: at most 3 × 2 + 5 = 11 s of the 60 s video, whatever is claimed
    monkeypatch.setattr(progress, "utcnow", lambda: start + timedelta(seconds=3))
    assert learning.report_video(demo_session, tech, built.video_id, 59.0) == 18
    monkeypatch.setattr(progress, "utcnow", lambda: start + timedelta(seconds=10))
    assert learning.report_video(demo_session, tech, built.video_id, 5.0) == 18  # never back
    monkeypatch.setattr(progress, "utcnow", lambda: start + timedelta(seconds=40))
    assert learning.report_video(demo_session, tech, built.video_id, 53.0) == 88
    assert not learning.course_view(demo_session, tech, built.course_id).lessons[1].done
    monkeypatch.setattr(progress, "utcnow", lambda: start + timedelta(seconds=45))
    assert learning.report_video(demo_session, tech, built.video_id, 54.0) == 90  # done at 90 %
    assert learning.course_view(demo_session, tech, built.course_id).lessons[1].done


@pytest.mark.parametrize("position", [-1, float("nan"), float("inf"), "10", True, None])
def test_bad_progress_reports_are_refused(demo_session, tech, built, position):
    learning.open_lesson(demo_session, tech, built.text_id)
    learning.mark_read(demo_session, tech, built.text_id)
    learning.open_lesson(demo_session, tech, built.video_id)
    with pytest.raises(DomainError, match=r"learning.progress_invalid"):
        learning.report_video(demo_session, tech, built.video_id, position)


def test_the_quiz_opens_only_when_every_lesson_is_done(demo_session, tech, built, monkeypatch):
    with pytest.raises(DomainError, match=r"learning.quiz_locked"):
        learning.submit_quiz(demo_session, tech, built.course_id, built.right_answers())
    _read_and_watch(demo_session, tech, built, monkeypatch)
    view = learning.course_view(demo_session, tech, built.course_id)
    assert view.quiz_open and [q.multiple for q in view.questions] == [False, True]


def test_quiz_scoring_attempts_and_completion(demo_session, tech, built, monkeypatch):
    _read_and_watch(demo_session, tech, built, monkeypatch)
    with pytest.raises(DomainError, match=r"learning.quiz_incomplete"):
        learning.submit_quiz(demo_session, tech, built.course_id, {str(built.questions[0]): [1]})
    failed = learning.submit_quiz(demo_session, tech, built.course_id, built.wrong_answers())
    assert (failed.score_pct, failed.passed, failed.attempts_left) == (50, False, 1)
    passed = learning.submit_quiz(demo_session, tech, built.course_id, built.right_answers())
    assert passed.passed and passed.serial.startswith("SC")
    enrollment = demo_session.exec(
        select(Enrollment).where(Enrollment.course_id == built.course_id)
    ).one()
    assert enrollment.completed_at is not None
    # completed: a second submission (a double click) is refused and stores nothing
    with pytest.raises(DomainError, match=r"learning.already_certified"):
        learning.submit_quiz(demo_session, tech, built.course_id, built.right_answers())
    attempts = demo_session.exec(
        select(QuizAttempt).where(QuizAttempt.course_id == built.course_id)
    )
    assert [a.number for a in attempts.all()] == [1, 2]
    certs = demo_session.exec(
        select(CourseCertificate).where(CourseCertificate.course_id == built.course_id)
    ).all()
    assert len(certs) == 1


def test_answers_after_the_attempts_are_used_up_are_refused(demo_session, tech, built, monkeypatch):
    _read_and_watch(demo_session, tech, built, monkeypatch)
    for _ in range(2):
        learning.submit_quiz(demo_session, tech, built.course_id, built.wrong_answers())
    with pytest.raises(DomainError, match=r"learning.no_attempts_left"):
        learning.submit_quiz(demo_session, tech, built.course_id, built.right_answers())
    count = demo_session.exec(select(QuizAttempt).where(QuizAttempt.course_id == built.course_id))
    assert len(count.all()) == 2


def test_the_same_attempt_number_is_stored_once(demo_session, tech, built, monkeypatch):
    """Two workers scoring at once: the unique attempt number lets one through."""
    _read_and_watch(demo_session, tech, built, monkeypatch)
    demo_session.add(
        QuizAttempt(
            course_id=built.course_id, technician_id=tech.technician_id, number=1,
            score_pct=0, passed=False, answers={}, submitted_at=utcnow() - timedelta(days=400),
        )
    )  # fmt: skip
    demo_session.commit()
    real = quiz.func.max
    monkeypatch.setattr(quiz.func, "max", lambda column: real(column) - 1)  # as if unseen
    with pytest.raises(DomainError, match=r"learning.quiz_already_submitted"):
        learning.submit_quiz(demo_session, tech, built.course_id, built.right_answers())
    assert (
        demo_session.exec(
            select(CourseCertificate).where(CourseCertificate.course_id == built.course_id)
        ).all()
        == []
    )


def test_renewal_after_expiry_issues_a_new_certificate_and_archives_the_old(
    demo_session, operations, tech, monkeypatch
):
    built = build_course(demo_session, operations, title="年审课程", yearly=True)
    _read_and_watch(demo_session, tech, built, monkeypatch)
    first = learning.submit_quiz(demo_session, tech, built.course_id, built.right_answers())
    check = learning.verify_certificate(demo_session, first.serial.lower())
    assert check.status == "valid" and check.expires_at is not None
    later = utcnow() + timedelta(days=366)
    for module in (quiz, progress):
        monkeypatch.setattr(module, "utcnow", lambda: later)
    from salon_app.core.services.learning import course_views, verification

    monkeypatch.setattr(course_views, "utcnow", lambda: later)
    monkeypatch.setattr(verification, "utcnow", lambda: later)
    assert learning.verify_certificate(demo_session, first.serial).status == "expired"
    second = learning.submit_quiz(demo_session, tech, built.course_id, built.right_answers())
    assert second.passed and second.serial != first.serial
    assert learning.verify_certificate(demo_session, first.serial).status == "archived"
    assert learning.verify_certificate(demo_session, second.serial).status == "valid"
    mine = learning.my_learning(demo_session, tech).certificates
    assert [c.status for c in mine if c.course == "年审课程"] == ["valid", "archived"]


def test_a_shop_course_is_invisible_to_other_shops_technicians(demo_session, owner, monkeypatch):
    built = build_course(demo_session, owner, title="本店课程")
    shop = demo_session.get(Course, built.course_id).merchant_id
    mine = demo_session.exec(
        select(Technician).where(Technician.merchant_id == shop).order_by(Technician.id)
    ).first()
    insider = technician_actor(demo_session, mine.id)
    assert "本店课程" in [c.title for c in learning.my_learning(demo_session, insider).courses]
    outsider = _other_shop_tech(demo_session, shop)
    assert "本店课程" not in [c.title for c in learning.my_learning(demo_session, outsider).courses]
    with pytest.raises(DomainError, match=r"learning.course_not_found"):
        learning.course_view(demo_session, outsider, built.course_id)
    with pytest.raises(DomainError, match=r"learning.course_not_found"):
        learning.open_lesson(demo_session, outsider, built.text_id)


def test_drafts_are_invisible_to_technicians(demo_session, operations, tech):
    built = build_course(demo_session, operations, title="草稿课程", publish=False)
    with pytest.raises(DomainError, match=r"learning.course_not_found"):
        learning.course_view(demo_session, tech, built.course_id)


def test_an_unknown_serial_says_so(demo_session):
    with pytest.raises(DomainError, match=r"learning.certificate_not_found"):
        learning.verify_certificate(demo_session, "SC000000XXXXXXXX")
    with pytest.raises(DomainError, match=r"learning.serial_required"):
        learning.verify_certificate(demo_session, "  ")


def test_authors_table_counts_enrolments_and_completions(
    demo_session, operations, tech, built, monkeypatch
):
    _read_and_watch(demo_session, tech, built, monkeypatch)
    learning.submit_quiz(demo_session, tech, built.course_id, built.right_answers())
    from salon_app.core.paging import TableQuery

    page = learning.authored_courses(
        demo_session, operations, TableQuery.of(("title",), search="上门服务礼仪")
    )
    row = next(r for r in page.rows if r.id == built.course_id)
    assert (row.lessons, row.enrolled, row.completed) == (2, 1, 1)
