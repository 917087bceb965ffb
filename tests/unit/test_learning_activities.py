"""Shop assignments with progress, challenges with badges awarded once, the profile's courses."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import (
    AuditEntry,
    Badge,
    Challenge,
    Enrollment,
    Lesson,
    LessonProgress,
    Notification,
    Technician,
)
from salon_app.core.paging import Page, TableQuery
from salon_app.core.services.learning import (
    ASSIGNMENT_SORTS,
    achievements,
    assign_course,
    award_badges,
    award_badges_for,
    challenge_board,
    create_challenge,
    my_assignments,
    my_challenges,
    shop_assignment_page,
    shop_assignments,
)
from tests.support.journeys import technician_actor
from tests.support.shops import FRONT_DESK, OTHER_OWNER, OWNER, login
from tests.unit.test_course_qualification import certify, make_course


def _team(session, owner) -> list[int]:
    return list(
        session.exec(
            select(Technician.id)
            .where(Technician.merchant_id == owner.merchant_id, Technician.status == "active")
            .order_by(Technician.id)
        ).all()
    )


def _lessons(session, course, n: int) -> list[Lesson]:
    rows = [Lesson(course_id=course.id, position=i, title=f"第{i + 1}课") for i in range(n)]
    session.add_all(rows)
    session.commit()
    return rows


def _done(session, tech_id: int, lesson: Lesson, at=None) -> None:
    at = at or utcnow()
    session.add(
        LessonProgress(
            lesson_id=lesson.id, technician_id=tech_id, watched_pct=100, done_at=at, updated_at=at
        )
    )
    session.commit()


def test_a_shop_assigns_a_course_and_sees_progress(demo_session):
    owner = login(demo_session, OWNER)
    course = make_course(demo_session, "店内服务流程", merchant_id=owner.merchant_id)
    lessons = _lessons(demo_session, course, 3)
    first, second = _team(demo_session, owner)[:2]
    due = local_today() + timedelta(days=7)
    assert assign_course(demo_session, owner, course.id, [first, second], due) == 2
    _done(demo_session, first, lessons[0])
    _done(demo_session, first, lessons[1])
    rows = {
        r.technician_id: r
        for r in shop_assignments(demo_session, owner)
        if r.course_id == course.id
    }
    assert (rows[first].lessons_done, rows[first].lessons_total, rows[first].due_on) == (2, 3, due)
    assert (rows[second].lessons_done, rows[second].overdue, rows[second].done) == (0, False, False)
    certify(demo_session, first, course)
    rows = {
        r.technician_id: r
        for r in shop_assignments(demo_session, owner)
        if r.course_id == course.id
    }
    assert rows[first].done and rows[first].certificate.startswith("SC")
    # Re-assigning changes the due date of the one enrollment; nothing new is made.
    later = due + timedelta(days=3)
    assert assign_course(demo_session, owner, course.id, [second], later) == 1
    assert assign_course(demo_session, owner, course.id, [second], later) == 0  # a double click
    count = select(func.count()).select_from(Enrollment).where(Enrollment.course_id == course.id)
    assert demo_session.exec(count).one() == 2
    mine = my_assignments(demo_session, technician_actor(demo_session, second))
    assert [(r.course, r.due_on) for r in mine if r.course_id == course.id] == [
        ("店内服务流程", later)
    ]
    notes = demo_session.exec(
        select(func.count()).where(Notification.key == "assignment.assigned_notice")
    ).one()
    assert notes == 3


def test_an_assignment_past_its_due_day_without_a_certificate_is_overdue(demo_session):
    owner = login(demo_session, OWNER)
    rows = shop_assignments(demo_session, owner)  # the demo's: one of them is late
    late = [r for r in rows if r.overdue]
    assert late and all(r.due_on < local_today() and not r.done for r in late)
    assert any(r.done for r in rows)


@pytest.mark.parametrize(
    ("case", "key"),
    [
        ("other_shops_course", "assignment.course_not_yours"),
        ("other_shops_technician", "assignment.technician_not_yours"),
        ("unknown_technician", "assignment.technician_not_yours"),
        ("draft", "assignment.course_invalid"),
        ("no_one", "assignment.no_technicians"),
        ("past_due", "assignment.due_invalid"),
        ("far_due", "assignment.due_invalid"),
        ("no_due", "validation.required"),
    ],
)
def test_bad_assignments_are_refused_and_change_nothing(demo_session, case, key):
    owner, other = login(demo_session, OWNER), login(demo_session, OTHER_OWNER)
    mine = make_course(demo_session, "本店课")
    theirs = make_course(demo_session, "别店课", merchant_id=other.merchant_id)
    draft = make_course(demo_session, "草稿", status="draft")
    team = _team(demo_session, owner)[:1]
    today = local_today()
    args = {
        "other_shops_course": (theirs.id, team, today),
        "other_shops_technician": (mine.id, team + _team(demo_session, other)[:1], today),
        "unknown_technician": (mine.id, [999_999], today),
        "draft": (draft.id, team, today),
        "no_one": (mine.id, [], today),
        "past_due": (mine.id, team, today - timedelta(days=1)),
        "far_due": (mine.id, team, today + timedelta(days=366)),
        "no_due": (mine.id, team, None),
    }[case]
    before = demo_session.exec(select(func.count()).select_from(Enrollment)).one()
    with pytest.raises(DomainError) as err:
        assign_course(demo_session, owner, *args)
    assert err.value.key == key
    assert demo_session.exec(select(func.count()).select_from(Enrollment)).one() == before


def test_only_shop_staff_with_manage_learning_assign(demo_session, tech, admin):
    course = make_course(demo_session)
    team = _team(demo_session, login(demo_session, OWNER))[:1]
    for actor in (login(demo_session, FRONT_DESK), tech, admin, None):
        with pytest.raises(PermissionDenied):
            assign_course(demo_session, actor, course.id, team, local_today())
        with pytest.raises(PermissionDenied):
            shop_assignments(demo_session, actor)
    with pytest.raises(PermissionDenied):
        my_assignments(demo_session, login(demo_session, OWNER))


def _challenge(session, actor, goal=2, **kw) -> Challenge:
    today = local_today()
    return create_challenge(
        session, actor, kw.get("title", "两课挑战"), goal, kw.get("first", today),
        kw.get("last", today + timedelta(days=6)), kw.get("badge", "学习新星"),
    )  # fmt: skip


def test_a_badge_is_awarded_once_when_the_goal_is_reached(demo_session, operations, tech):
    challenge = _challenge(demo_session, operations)
    assert demo_session.exec(
        select(AuditEntry).where(AuditEntry.action == "challenge.created")
    ).one()
    course = make_course(demo_session)
    lessons = _lessons(demo_session, course, 3)
    me = tech.technician_id
    award_badges(demo_session)  # whatever the demo's own challenges owe at this instant

    def ours() -> int:
        count = select(func.count()).select_from(Badge).where(Badge.challenge_id == challenge.id)
        return demo_session.exec(count).one()

    _done(demo_session, me, lessons[0], utcnow() - timedelta(days=30))  # before the window
    _done(demo_session, me, lessons[1])
    award_badges(demo_session)
    assert ours() == 0
    _done(demo_session, me, lessons[2])
    assert award_badges_for(demo_session, me) >= 1  # ours (a demo challenge may come too)
    demo_session.commit()
    assert award_badges(demo_session) == 0  # the job, after the hook
    assert award_badges_for(demo_session, me) == 0
    assert ours() == 1
    badges = demo_session.exec(select(Badge).where(Badge.challenge_id == challenge.id)).all()
    assert [(b.technician_id, b.name) for b in badges] == [(me, "学习新星")]
    shown = next(c for c in my_challenges(demo_session, tech) if c.id == challenge.id)
    assert (shown.mine, shown.goal, shown.earned) == (2, 2, True)
    assert "学习新星" in achievements(demo_session, None, me).badges
    board = next(c for c in challenge_board(demo_session, operations) if c.id == challenge.id)
    assert board.awarded == 1


def test_two_workers_award_a_badge_once(demo_engine, operations, tech, demo_session):
    challenge = _challenge(demo_session, operations, goal=1)
    lessons = _lessons(demo_session, make_course(demo_session), 1)
    award_badges(demo_session)  # whatever the demo's own challenges owe at this instant
    _done(demo_session, tech.technician_id, lessons[0])
    barrier = threading.Barrier(2)
    results: list[int] = []

    def work() -> None:
        with Session(demo_engine) as session:
            barrier.wait()
            try:
                results.append(award_badges(session))
            except Exception:  # a lock timeout counts as no award
                session.rollback()
                results.append(0)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    count = select(func.count()).select_from(Badge).where(Badge.challenge_id == challenge.id)
    assert demo_session.exec(count).one() == 1
    assert sum(results) >= 1  # ours once (the lesson may also complete a demo challenge)


def test_a_shops_challenge_counts_only_its_technicians(demo_session, tech):
    owner, other = login(demo_session, OWNER), login(demo_session, OTHER_OWNER)
    challenge = _challenge(demo_session, other, goal=1)
    lessons = _lessons(demo_session, make_course(demo_session), 1)
    mine = _team(demo_session, owner)[0]
    _done(demo_session, mine, lessons[0])
    award_badges(demo_session)
    assert not demo_session.exec(select(Badge).where(Badge.challenge_id == challenge.id)).all()
    assert challenge.id not in {c.id for c in challenge_board(demo_session, owner)}
    assert challenge.id in {c.id for c in challenge_board(demo_session, other)}


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"title": ""}, "validation.required"),
        ({"title": "挑" * 41}, "validation.too_long"),
        ({"badge": ""}, "validation.required"),
        ({"goal": 0}, "challenge.goal_invalid"),
        ({"goal": 51}, "challenge.goal_invalid"),
        ({"last": "yesterday"}, "challenge.days_invalid"),
        ({"first": "in_a_week", "last": "today"}, "challenge.days_invalid"),
        ({"last": "in_100_days"}, "challenge.too_long"),
    ],
)
def test_bad_challenges_change_nothing(demo_session, admin, changes, key):
    today = local_today()
    days = {
        "today": today,
        "yesterday": today - timedelta(days=1),
        "in_a_week": today + timedelta(days=7),
        "in_100_days": today + timedelta(days=100),
    }
    kw = {k: days.get(v, v) if isinstance(v, str) and k in ("first", "last") else v
          for k, v in changes.items()}  # fmt: skip
    goal = kw.pop("goal", 2)
    before = demo_session.exec(select(func.count()).select_from(Challenge)).one()
    with pytest.raises(DomainError) as err:
        _challenge(demo_session, admin, goal, **kw)
    assert err.value.key == key
    assert demo_session.exec(select(func.count()).select_from(Challenge)).one() == before


def test_challenges_are_refused_to_support_and_to_technicians(demo_session, support, tech):
    for actor in (support, tech, login(demo_session, FRONT_DESK), None):
        with pytest.raises(PermissionDenied):
            _challenge(demo_session, actor)
        with pytest.raises(PermissionDenied):
            challenge_board(demo_session, actor)


def test_the_public_profile_lists_valid_courses_and_badges(demo_session):
    owner = login(demo_session, OWNER)
    done = next(r for r in shop_assignments(demo_session, owner) if r.done)
    shown = achievements(demo_session, None, done.technician_id)
    assert [c.serial for c in shown.courses if c.title == "服务礼仪与沟通"] == [done.certificate]
    assert shown.badges == ["好学先锋"]


def test_the_shop_table_searches_sorts_and_pages_its_assignments(demo_session):
    owner = login(demo_session, OWNER)
    course = make_course(demo_session, "表格测试课程", merchant_id=owner.merchant_id)
    _lessons(demo_session, course, 2)
    team = _team(demo_session, owner)[:3]
    today = local_today()
    for days, tech in zip((9, 3, 6), team, strict=True):
        assign_course(demo_session, owner, course.id, [tech], today + timedelta(days=days))

    def page(**kw) -> Page:
        return shop_assignment_page(demo_session, owner, TableQuery.of(ASSIGNMENT_SORTS, **kw))

    found = page(search="表格测试", page_size=10)
    assert found.total == 3
    assert [r.due_on for r in found.rows] == sorted(r.due_on for r in found.rows)  # due first
    latest = page(search="表格测试", sort="due", descending=True, page_size=10)
    assert latest.rows[0].due_on == today + timedelta(days=9)
    # Pages never overlap: pages of 10 rows cover everything exactly once.
    everything = shop_assignments(demo_session, owner)
    pages = page(page_size=10).pages
    assert pages >= 2 or len(everything) <= 10
    ids = [r.enrollment_id for n in range(1, pages + 1) for r in page(page=n, page_size=10).rows]
    assert sorted(ids) == sorted(r.enrollment_id for r in everything)
    # Unknown sort columns and absurd pages fall back; a search nothing matches is empty.
    assert page(sort="DROP TABLE", page=9999).page == page(page=9999).pages
    assert page(search="不存在的课程").total == 0
    with pytest.raises(PermissionDenied):
        shop_assignment_page(demo_session, login(demo_session, FRONT_DESK), TableQuery())
