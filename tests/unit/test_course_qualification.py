"""A course a category or a skill tag requires: no search hits, no dispatch, no booking without
a valid certificate of it; the operators' requirements; reminders before a course certificate
expires."""

from __future__ import annotations

import time as wall
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import func, select

from salon_app.core.clock import PinnedClock, local_today, utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import (
    AuditEntry,
    Course,
    CourseCertificate,
    CourseCertificateReminder,
    CourseRequirement,
    Notification,
    Service,
    ServiceArea,
    Technician,
)
from salon_app.core.services.booking import BookingRequest, book
from salon_app.core.services.certificates import (
    add_requirement,
    check_qualified,
    preview_requirement,
    remind_expiring_course_certificates,
    remove_requirement,
    requirement_board,
)
from salon_app.core.services.discovery import TechnicianFilter, search_technicians
from salon_app.core.services.dispatch.candidates import read
from salon_app.core.services.dispatch.ranking import rank_candidates
from salon_app.core.services.dispatch.scoring import Job
from salon_app.core.services.learning import achievements, issue_certificate
from salon_app.core.settings import get_settings
from tests.support.shops import OWNER, login

TZ = ZoneInfo("Asia/Shanghai")


def make_course(session, title: str = "剪发安全认证", valid_days: int | None = 365, **kw) -> Course:
    """A published platform course (authoring is the courses part's: a row will do here)."""
    now = utcnow()
    course = Course(
        title=title, valid_days=valid_days, created_at=now, updated_at=now,
        **{"status": "published", **kw},
    )  # fmt: skip
    session.add(course)
    session.commit()
    return course


def certify(session, tech_id: int, course: Course, at: datetime | None = None) -> CourseCertificate:
    cert = issue_certificate(session, tech_id, course, at or utcnow())
    session.commit()
    return cert


def _haircut(session) -> Service:
    return session.exec(select(Service).where(Service.slug == "haircut")).one()


def _found(session, tech_id: int, service: Service, now: datetime | None = None, skill=None):
    """Whether search lists the technician and dispatch reads them as eligible."""
    now = now or utcnow()
    area = session.exec(select(ServiceArea).where(ServiceArea.technician_id == tech_id)).first()
    job = Job(service.id, now + timedelta(days=2), service.duration_min,
              (area.center_lat, area.center_lng), True)  # fmt: skip
    searched = search_technicians(session, TechnicianFilter(service.id, skill=skill))
    readings = read(session, job, service.name, [tech_id], now, 50.0)
    return {"search": tech_id in {c.id for c in searched}, "dispatch": bool(readings)}


def _require_hair(session, admin) -> Course:
    course = make_course(session)
    hair = _haircut(session).category_id
    add_requirement(session, admin, course.id, hair, "")
    return course


def test_a_category_requiring_a_course_needs_a_valid_certificate(
    demo_session, admin, tech, customer
):
    service = _haircut(demo_session)
    me = tech.technician_id
    assert _found(demo_session, me, service) == {"search": True, "dispatch": True}
    course = _require_hair(demo_session, admin)
    assert _found(demo_session, me, service) == {"search": False, "dispatch": False}
    area = demo_session.exec(select(ServiceArea).where(ServiceArea.technician_id == me)).first()
    job = Job(service.id, utcnow() + timedelta(days=2), service.duration_min,
              (area.center_lat, area.center_lng), True)  # fmt: skip
    assert me not in {c.technician_id for c in rank_candidates(demo_session, job, limit=50)}
    request = BookingRequest(service.id, me, utcnow() + timedelta(days=2), at_home=True,
                             address="福田区深南大道6008号")  # fmt: skip
    with pytest.raises(DomainError) as err:
        book(demo_session, customer, request)
    assert err.value.key == "certificate.not_qualified"
    with pytest.raises(DomainError):
        check_qualified(demo_session, me, [service.id], local_today())
    # Certified: back everywhere.
    first = certify(demo_session, me, course)
    assert _found(demo_session, me, service) == {"search": True, "dispatch": True}
    check_qualified(demo_session, me, [service.id], local_today())
    # Renewed: the old one is archived, the new one qualifies; archived alone does not.
    second = certify(demo_session, me, course)
    demo_session.refresh(first)
    assert (first.status, second.status) == ("archived", "valid")
    assert _found(demo_session, me, service)["search"]
    second.status = "archived"
    demo_session.add(second)
    demo_session.commit()
    assert _found(demo_session, me, service) == {"search": False, "dispatch": False}


def test_a_certificate_qualifies_through_its_last_local_day_and_not_the_day_after(
    demo_session, admin, tech, monkeypatch
):
    service = _haircut(demo_session)
    me = tech.technician_id
    course = _require_hair(demo_session, admin)
    issued = utcnow() - timedelta(days=300)
    cert = certify(demo_session, me, course, issued)
    last_day = cert.expires_at.astimezone(TZ).date()

    def at(local: datetime) -> datetime:
        instant = local.astimezone(UTC)
        monkeypatch.setenv("SALON_TEST_CLOCK", str(PinnedClock(instant, wall.time())))
        return instant

    late = at(datetime.combine(last_day, time(23, 59), TZ))
    assert local_today() == last_day
    assert _found(demo_session, me, service, late) == {"search": True, "dispatch": True}
    check_qualified(demo_session, me, [service.id], local_today())
    next_morning = at(datetime.combine(last_day + timedelta(days=1), time(0, 0, 1), TZ))
    assert _found(demo_session, me, service, next_morning) == {"search": False, "dispatch": False}
    with pytest.raises(DomainError) as err:
        check_qualified(demo_session, me, [service.id], local_today())
    assert err.value.key == "certificate.not_qualified"
    shown = {c.title for c in achievements(demo_session, None, me).courses}
    assert course.title not in shown  # no longer shown on the profile either


def test_a_required_skill_tag_counts_only_with_its_certificate(demo_session, admin):
    """The demo's 手绘美甲 is required and held by all who list it; without the certificate
    the tag no longer finds them, nor shows on their card."""
    nail_art = demo_session.exec(select(Service).where(Service.slug == "nail-art")).one()
    hits = search_technicians(demo_session, TechnicianFilter(nail_art.id, skill="手绘"))
    assert hits and all("手绘美甲" in c.skills for c in hits)
    holder = hits[0].id
    for cert in demo_session.exec(
        select(CourseCertificate).where(CourseCertificate.technician_id == holder)
    ).all():
        cert.status = "revoked"
        demo_session.add(cert)
    demo_session.commit()
    again = search_technicians(demo_session, TechnicianFilter(nail_art.id, skill="手绘"))
    assert holder not in {c.id for c in again}
    card = next(c for c in search_technicians(demo_session, TechnicianFilter(nail_art.id))
                if c.id == holder)  # fmt: skip
    assert "手绘美甲" not in card.skills  # still found for the service, without the tag


def test_dispatch_scores_a_required_skill_only_once_certified(demo_session, admin):
    service = _haircut(demo_session)  # 剪发: the tag 日式剪发 names it
    techs = demo_session.exec(select(Technician).order_by(Technician.id)).all()
    tagged = next(t for t in techs if "日式剪发" in (t.skills or ()) and t.status == "active")
    area = demo_session.exec(
        select(ServiceArea).where(ServiceArea.technician_id == tagged.id)
    ).first()
    job = Job(service.id, utcnow() + timedelta(days=2), service.duration_min,
              (area.center_lat, area.center_lng), True)  # fmt: skip
    assert read(demo_session, job, service.name, [tagged.id], utcnow(), 50.0)[0].skill
    course = make_course(demo_session, "日式剪发认证")
    add_requirement(demo_session, admin, course.id, None, "日式剪发")
    assert not read(demo_session, job, service.name, [tagged.id], utcnow(), 50.0)[0].skill
    certify(demo_session, tagged.id, course)
    assert read(demo_session, job, service.name, [tagged.id], utcnow(), 50.0)[0].skill


def test_operators_see_who_would_lose_qualification_before_adding(demo_session, operations, tech):
    service = _haircut(demo_session)
    course = make_course(demo_session)
    certify(demo_session, tech.technician_id, course)  # one of them holds it already
    hairdressers = {c.id for c in search_technicians(demo_session, TechnicianFilter(service.id))}
    preview = preview_requirement(demo_session, operations, course.id, service.category_id, "")
    assert preview.losing > 0 and tech.technician_id in hairdressers
    assert demo_session.exec(select(func.count()).select_from(CourseRequirement)).one() == 1
    added = add_requirement(demo_session, operations, course.id, service.category_id, "")
    assert added.losing == preview.losing
    left = {c.id for c in search_technicians(demo_session, TechnicianFilter(service.id))}
    assert left == {tech.technician_id}
    board = requirement_board(demo_session, operations)
    row = next(r for r in board.requirements if r.kind == "category")
    assert (row.target, row.course_title, row.holders) == ("美发", course.title, 1)
    assert service.category_id not in {c.id for c in board.categories}
    entry = demo_session.exec(
        select(AuditEntry).where(AuditEntry.action == "course_requirement.added")
    ).one()
    assert entry.target_id == row.id
    remove_requirement(demo_session, operations, row.id)
    assert demo_session.exec(
        select(AuditEntry).where(AuditEntry.action == "course_requirement.removed")
    ).one()
    back = {c.id for c in search_technicians(demo_session, TechnicianFilter(service.id))}
    assert back == hairdressers


@pytest.mark.parametrize(
    ("course", "category", "skill", "key"),
    [
        ("missing", "hair", "", "requirement.course_invalid"),
        ("draft", "hair", "", "requirement.course_invalid"),
        ("shop", "hair", "", "requirement.course_invalid"),
        ("ok", None, "", "requirement.one_target"),
        ("ok", "hair", "日式剪发", "requirement.one_target"),
        ("ok", None, "手" * 21, "validation.too_long"),
        ("ok", None, "手绘美甲", "requirement.exists"),
        ("ok", 999_999, "", "certificate.category_not_found"),
    ],
)
def test_bad_requirements_change_nothing(demo_session, admin, course, category, skill, key):
    shop = login(demo_session, OWNER).merchant_id
    courses = {
        "missing": None,
        "draft": make_course(demo_session, "草稿课", status="draft"),
        "shop": make_course(demo_session, "店内课", merchant_id=shop),
        "ok": make_course(demo_session, "好课"),
    }
    course_id = courses[course].id if courses[course] else 999_999
    category_id = _haircut(demo_session).category_id if category == "hair" else category
    before = demo_session.exec(select(func.count()).select_from(CourseRequirement)).one()
    with pytest.raises(DomainError) as err:
        add_requirement(demo_session, admin, course_id, category_id, skill)
    assert err.value.key == key
    with pytest.raises(DomainError):
        preview_requirement(demo_session, admin, course_id, category_id, skill)
    assert demo_session.exec(select(func.count()).select_from(CourseRequirement)).one() == before


def test_only_operators_with_manage_learning_manage_requirements(
    demo_session, admin, support, finance, tech
):
    course = make_course(demo_session)
    hair = _haircut(demo_session).category_id
    for actor in (support, finance, tech, login(demo_session, OWNER), None):
        with pytest.raises(PermissionDenied):
            requirement_board(demo_session, actor)
        with pytest.raises(PermissionDenied):
            preview_requirement(demo_session, actor, course.id, hair, "")
        with pytest.raises(PermissionDenied):
            add_requirement(demo_session, actor, course.id, hair, "")
    row = demo_session.exec(select(CourseRequirement)).first()
    with pytest.raises(PermissionDenied):
        remove_requirement(demo_session, support, row.id)
    with pytest.raises(DomainError) as err:
        remove_requirement(demo_session, admin, 999_999)
    assert err.value.key == "requirement.not_found"


def test_course_certificate_reminders_go_out_once_at_thirty_and_at_seven_days(demo_session, tech):
    me = tech.technician_id
    course = make_course(demo_session, valid_days=40)
    cert = certify(demo_session, me, course)
    last_day = cert.expires_at.astimezone(TZ).date()
    now = utcnow()

    def on(day) -> datetime:  # noon local on `day`
        return datetime.combine(day, time(12), TZ).astimezone(UTC)

    def reminded() -> list[int]:
        rows = demo_session.exec(
            select(Notification.params)
            .where(
                Notification.user_id == tech.user_id,
                Notification.key == "course_certificate.expiring_notice",
            )
            .order_by(Notification.id)
        ).all()
        return [p["days"] for p in rows]

    assert remind_expiring_course_certificates(demo_session, now) == 0  # 40 days left
    assert remind_expiring_course_certificates(demo_session, on(last_day - timedelta(days=31))) == 0
    assert remind_expiring_course_certificates(demo_session, on(last_day - timedelta(days=30))) == 1
    assert remind_expiring_course_certificates(demo_session, on(last_day - timedelta(days=30))) == 0
    assert remind_expiring_course_certificates(demo_session, on(last_day - timedelta(days=8))) == 0
    assert remind_expiring_course_certificates(demo_session, on(last_day - timedelta(days=7))) == 1
    assert remind_expiring_course_certificates(demo_session, on(last_day)) == 0
    assert remind_expiring_course_certificates(demo_session, on(last_day + timedelta(days=1))) == 0
    assert reminded() == [30, 7]
    count = select(func.count()).where(CourseCertificateReminder.course_certificate_id == cert.id)
    assert demo_session.exec(count.select_from(CourseCertificateReminder)).one() == 2
    # A renewal is a new certificate: reminded again when its time comes.
    renewed = certify(demo_session, me, course)
    renewed_last = renewed.expires_at.astimezone(TZ).date()
    assert (
        remind_expiring_course_certificates(demo_session, on(renewed_last - timedelta(days=3))) == 1
    )
    assert reminded() == [30, 7, 3]


def test_the_daily_job_list_holds_the_course_reminders():
    from salon_app.core.jobs import schedule

    assert "course_certificate_reminders" in {job.name for job in schedule.DAILY_JOBS}
    assert get_settings().timezone == "Asia/Shanghai"
