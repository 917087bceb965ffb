"""Technician onboarding: a new technician is pending, invisible and unbookable until a shop
(for its applicants) or the platform (for independents) approves them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import Notification, Service, Technician, TechnicianApplication
from salon_app.core.services.booking import BookingRequest, book
from salon_app.core.services.discovery import TechnicianFilter, nearby_available, search_technicians
from salon_app.core.services.dispatch.ranking import rank_candidates
from salon_app.core.services.dispatch.scoring import Job
from salon_app.core.services.merchants import (
    application_detail,
    approve_application,
    list_applications,
    pending_technicians,
    platform_decide_technician,
    reject_application,
    shop_page,
)
from salon_app.core.services.technicians import onboarding
from salon_app.core.services.technicians.public_profile import technician_profile
from tests.support import journeys
from tests.support.orders import next_free_start
from tests.support.shops import FRONT_DESK, MANAGER, OTHER_OWNER, OWNER, login


def _applicant(session, name: str) -> Technician:
    return session.exec(select(Technician).where(Technician.display_name == name)).one()


def _haircut(session) -> Service:
    return session.exec(select(Service).where(Service.slug == "haircut")).one()


def _application(session, tech: Technician) -> TechnicianApplication:
    return session.exec(
        select(TechnicianApplication).where(TechnicianApplication.technician_id == tech.id)
    ).one()


def _visible(session, tech: Technician) -> dict[str, bool]:
    """Where the technician shows up: search, "any nearby", dispatch, profile, booking."""
    haircut = _haircut(session)
    place = (tech.home_lat, tech.home_lng)
    day = (utcnow() + timedelta(days=2)).date()
    starts = next_free_start(session, 1, haircut.id)  # any sane future time for the job
    job = Job(haircut.id, starts, 60, place, at_home=True)
    try:
        technician_profile(session, tech.id)
        profile = True
    except DomainError:
        profile = False
    return {
        "search": tech.id
        in {c.id for c in search_technicians(session, TechnicianFilter(haircut.id))},
        "nearby": tech.id in {c.id for c in nearby_available(session, haircut.id, day, place, 10)},
        "dispatch": tech.id in {c.technician_id for c in rank_candidates(session, job, 200)},
        "profile": profile,
        "shop_page": tech.id in {t.id for t in shop_page(session, 1).technicians},
    }


def test_a_technician_who_signs_up_is_pending(demo_session):
    actor = journeys.sign_up(demo_session, "17600000001", "hello2026", "新技师", role="technician")
    tech = demo_session.get(Technician, actor.technician_id)
    assert tech.status == "pending"
    assert onboarding.technician_home(demo_session, actor).status == "pending"


def test_a_pending_applicant_is_nowhere_until_the_shop_approves(demo_session, customer):
    owner = login(demo_session, OWNER)
    tech = _applicant(demo_session, "周晓雯")
    assert _visible(demo_session, tech) == dict.fromkeys(
        ("search", "nearby", "dispatch", "profile", "shop_page"), False
    )
    haircut = _haircut(demo_session)
    with pytest.raises(DomainError) as err:
        book(
            demo_session,
            customer,
            BookingRequest(haircut.id, tech.id, utcnow() + timedelta(days=2)),
        )
    assert err.value.key == "booking.service_not_offered"

    row = approve_application(demo_session, owner, _application(demo_session, tech).id)
    assert row.status == "approved"
    demo_session.refresh(tech)
    assert (tech.status, tech.merchant_id) == ("active", owner.merchant_id)
    assert _visible(demo_session, tech) == dict.fromkeys(
        ("search", "nearby", "dispatch", "profile", "shop_page"), True
    )
    note = demo_session.exec(select(Notification).where(Notification.user_id == tech.user_id)).one()
    assert note.key == "applicant.approved_notice"
    # A second click changes nothing and tells nobody again.
    approve_application(demo_session, owner, row.application_id)
    assert (
        len(
            demo_session.exec(
                select(Notification).where(Notification.user_id == tech.user_id)
            ).all()
        )
        == 1
    )


def test_a_rejected_applicant_is_told_why_and_stays_invisible(demo_session):
    manager = login(demo_session, MANAGER)
    tech = _applicant(demo_session, "吴俊杰")
    application = _application(demo_session, tech)
    with pytest.raises(DomainError) as err:
        reject_application(demo_session, manager, application.id, " ")
    assert err.value.key == "validation.required"
    row = reject_application(demo_session, manager, application.id, "暂无学徒岗位")
    assert (row.status, row.decision_reason) == ("rejected", "暂无学徒岗位")
    demo_session.refresh(tech)
    assert tech.status == "pending" and tech.merchant_id is None
    note = demo_session.exec(select(Notification).where(Notification.user_id == tech.user_id)).one()
    assert note.key == "applicant.rejected_notice" and note.params["reason"] == "暂无学徒岗位"
    assert not any(_visible(demo_session, tech).values())
    with pytest.raises(DomainError) as err:  # decided: it cannot be approved afterwards
        approve_application(demo_session, manager, application.id)
    assert err.value.key == "applicant.already_decided"


def test_approving_another_shops_applicant_is_refused(demo_session):
    other = login(demo_session, OTHER_OWNER)
    tech = _applicant(demo_session, "周晓雯")
    application = _application(demo_session, tech)
    for call in (
        lambda: approve_application(demo_session, other, application.id),
        lambda: reject_application(demo_session, other, application.id, "不合适"),
        lambda: application_detail(demo_session, other, application.id),
    ):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.key == "applicant.not_found"
    demo_session.refresh(tech)
    demo_session.refresh(application)
    assert (tech.status, tech.merchant_id, application.status) == ("pending", None, "pending")
    assert list_applications(demo_session, other) == []


def test_the_front_desk_does_not_review_applicants(demo_session):
    desk = login(demo_session, FRONT_DESK)
    with pytest.raises(PermissionDenied):
        list_applications(demo_session, desk)


def test_the_shop_sees_profile_certificates_and_cases(demo_session):
    owner = login(demo_session, OWNER)
    rows = list_applications(demo_session, owner)
    assert [r.display_name for r in rows] == ["周晓雯", "吴俊杰"]
    detail = application_detail(demo_session, owner, rows[0].application_id)
    assert detail.applicant.years_experience == 6 and detail.bio
    assert [(c.cert_type, c.status) for c in detail.certificates] == [("hairdresser", "pending")]
    assert [c.title for c in detail.case_studies] == ["长发剪短发，清爽过夏"]


def test_joining_one_shop_withdraws_the_other_applications(demo_session):
    actor = journeys.sign_up(demo_session, "17600000001", "hello2026", "新技师", role="technician")
    onboarding.apply_to_shop(demo_session, actor, 1)
    onboarding.apply_to_shop(demo_session, actor, 2)
    owner, other = login(demo_session, OWNER), login(demo_session, OTHER_OWNER)
    mine = next(r for r in list_applications(demo_session, owner) if r.display_name == "新技师")
    theirs = next(r for r in list_applications(demo_session, other) if r.display_name == "新技师")
    approve_application(demo_session, owner, mine.application_id)
    assert (
        list_applications(demo_session, other, "withdrawn")[0].application_id
        == theirs.application_id
    )
    with pytest.raises(DomainError) as err:
        approve_application(demo_session, other, theirs.application_id)
    assert err.value.key == "applicant.in_other_shop"


def test_the_platform_approves_independents(demo_session, admin):
    actor = journeys.sign_up(
        demo_session, "17600000001", "hello2026", "独立技师", role="technician"
    )
    queue = {p.display_name: p for p in pending_technicians(demo_session, admin)}
    assert not queue["独立技师"].applying_to_shop and queue["周晓雯"].applying_to_shop
    with pytest.raises(PermissionDenied):
        pending_technicians(demo_session, login(demo_session, OWNER))
    assert platform_decide_technician(demo_session, admin, actor.technician_id, True) == "active"
    assert platform_decide_technician(demo_session, admin, actor.technician_id, True) == "active"
    notes = demo_session.exec(
        select(Notification.key).where(Notification.user_id == actor.user_id)
    ).all()
    assert notes == ["applicant.platform_approved_notice"]


def test_the_platform_rejects_with_a_reason(demo_session, admin):
    actor = journeys.sign_up(
        demo_session, "17600000001", "hello2026", "独立技师", role="technician"
    )
    with pytest.raises(DomainError):
        platform_decide_technician(demo_session, admin, actor.technician_id, False, "")
    assert (
        platform_decide_technician(demo_session, admin, actor.technician_id, False, "资料不实")
        == "rejected"
    )
    assert demo_session.get(Technician, actor.technician_id).status == "rejected"
