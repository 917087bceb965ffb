"""Dispatch: offers, answers, timeouts, re-dispatch, manual assignment; ranking explains itself."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import ADMIN_PHONE, CUSTOMER_PHONE, MERCHANT_PHONE
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import (
    AuditEntry,
    DispatchOffer,
    LedgerEntry,
    Notification,
    Order,
    Technician,
)
from salon_app.core.services import auth, availability, dispatch
from salon_app.core.services.availability.rules import serves_address
from salon_app.core.services.booking import (
    BookingRequest,
    any_nearby_times,
    book,
    locate_address,
)
from salon_app.core.services.dispatch.ranking import rank_candidates
from salon_app.core.services.orders import jobs as job_board
from tests.support import journeys
from tests.support.journeys import accept, mark_paid, open_offer, technician_actor
from tests.support.offers import no_offers  # noqa: F401
from tests.support.orders import pending_order

ANY_NEARBY_ADDRESS = "福田区深南大道6008号"


def _login(session, phone):
    return auth.log_in(session, phone, DEMO_PASSWORD).actor


@pytest.fixture
def paid(demo_session, no_offers):  # noqa: F811
    """The demo customer's order, paid, at the technician's price (no promotions or member
    price: the split below is of that price)."""
    order = pending_order(demo_session, _login(demo_session, CUSTOMER_PHONE))
    return mark_paid(demo_session, order)


def test_paid_order_is_offered_to_its_technician_who_accepts(demo_session, paid):
    tech = technician_actor(demo_session, paid.technician_id)
    inbox = job_board.inbox(demo_session, tech)
    assert [j.order_code for j in inbox] == [paid.code]
    dispatch.accept(demo_session, tech, inbox[0].offer_id)
    demo_session.refresh(paid)
    assert paid.dispatch_state == "accepted"
    assert job_board.inbox(demo_session, tech) == []
    assert [j.order_code for j in job_board.my_jobs(demo_session, tech, "pending_service")] == [
        paid.code
    ]
    keys = demo_session.exec(
        select(Notification.key).where(Notification.user_id == paid.customer_id)
    ).all()
    assert "notify.order_accepted" in keys


def test_rejection_moves_the_order_to_the_next_free_candidate(demo_session, paid):
    first = paid.technician_id
    expected = rank_candidates(demo_session, dispatch.job_of(demo_session, paid), exclude={first})
    dispatch.reject(
        demo_session,
        technician_actor(demo_session, first),
        open_offer(demo_session, paid).id,
        "临时有事",
    )
    demo_session.refresh(paid)
    assert paid.technician_id == expected[0].technician_id  # the best free one, ranked now
    assert paid.dispatch_state == "offering"
    new_offer = open_offer(demo_session, paid)
    assert (new_offer.technician_id, new_offer.rank) == (paid.technician_id, 1)
    assert new_offer.components == expected[0].components
    rejected = demo_session.exec(
        select(DispatchOffer).where(DispatchOffer.technician_id == first)
    ).one()
    assert (rejected.status, rejected.reason) == ("rejected", "临时有事")


def test_rejecting_needs_a_reason_and_changes_nothing_without(demo_session, paid):
    offer = open_offer(demo_session, paid)
    with pytest.raises(DomainError) as err:
        dispatch.reject(
            demo_session, technician_actor(demo_session, paid.technician_id), offer.id, " "
        )
    assert err.value.key == "validation.required"
    demo_session.refresh(offer)
    assert offer.status == "offered"


def test_unanswered_offer_expires_and_goes_to_the_next(demo_session, paid):
    first = paid.technician_id
    offer = open_offer(demo_session, paid)
    offer.expires_at = utcnow() - timedelta(seconds=1)
    demo_session.commit()
    assert dispatch.expire_offers(demo_session) == 1
    demo_session.refresh(paid)
    demo_session.refresh(offer)
    assert offer.status == "expired" and paid.technician_id != first
    with pytest.raises(DomainError) as err:
        dispatch.accept(demo_session, technician_actor(demo_session, first), offer.id)
    assert err.value.key == "dispatch.offer_taken"


def test_accepting_after_the_deadline_is_refused(demo_session, paid):
    offer = open_offer(demo_session, paid)
    offer.expires_at = utcnow() - timedelta(seconds=1)
    demo_session.commit()
    with pytest.raises(DomainError) as err:
        dispatch.accept(demo_session, technician_actor(demo_session, paid.technician_id), offer.id)
    assert err.value.key == "dispatch.offer_expired"


def test_another_technician_cannot_answer_my_offer(demo_session, paid):
    other = demo_session.exec(select(Technician).where(Technician.id != paid.technician_id)).first()
    with pytest.raises(DomainError) as err:
        dispatch.accept(
            demo_session,
            technician_actor(demo_session, other.id),
            open_offer(demo_session, paid).id,
        )
    assert err.value.key == "dispatch.offer_not_found"


def test_when_nobody_fits_the_order_waits_for_manual_dispatch(demo_session, paid):
    for tech in demo_session.exec(select(Technician).where(Technician.id != paid.technician_id)):
        tech.status = "inactive"
    demo_session.commit()
    dispatch.reject(
        demo_session,
        technician_actor(demo_session, paid.technician_id),
        open_offer(demo_session, paid).id,
        "不方便",
    )
    demo_session.refresh(paid)
    assert paid.dispatch_state == "manual"


def test_admin_assigns_by_hand_with_an_audit_entry(demo_session, paid):
    admin = _login(demo_session, ADMIN_PHONE)
    target = rank_candidates(
        demo_session, dispatch.job_of(demo_session, paid), exclude={paid.technician_id}
    )[0]
    dispatch.assign(demo_session, admin, paid.code, target.technician_id)
    demo_session.refresh(paid)
    assert paid.technician_id == target.technician_id
    entry = demo_session.exec(
        select(AuditEntry).where(AuditEntry.action == "dispatch.assign")
    ).one()
    assert entry.actor_user_id == admin.user_id and entry.target_id == paid.id
    assert open_offer(demo_session, paid).technician_id == target.technician_id


def test_admin_cannot_assign_a_busy_technician(demo_session, paid):
    admin = _login(demo_session, ADMIN_PHONE)
    other = rank_candidates(
        demo_session, dispatch.job_of(demo_session, paid), exclude={paid.technician_id}
    )[0].technician_id
    customer = _login(demo_session, CUSTOMER_PHONE)
    pending_order(demo_session, customer, technician_id=other, starts_at=paid.starts_at)
    before = paid.technician_id
    with pytest.raises(DomainError) as err:
        dispatch.assign(demo_session, admin, paid.code, other)
    assert err.value.key == "booking.slot_taken"
    demo_session.refresh(paid)
    assert paid.technician_id == before
    assert (
        demo_session.exec(select(AuditEntry).where(AuditEntry.action == "dispatch.assign")).all()
        == []
    )


@pytest.mark.parametrize("phone", [CUSTOMER_PHONE, MERCHANT_PHONE])
def test_only_admins_assign(demo_session, paid, phone):
    with pytest.raises(PermissionDenied):
        dispatch.assign(demo_session, _login(demo_session, phone), paid.code, paid.technician_id)
    assert (
        demo_session.exec(select(AuditEntry).where(AuditEntry.action == "dispatch.assign")).all()
        == []
    )


def test_ranking_is_best_first_free_and_explained(demo_session, paid):
    job = dispatch.job_of(demo_session, paid)
    ranked = rank_candidates(demo_session, job, limit=10, exclude={paid.technician_id})
    assert ranked, "the demo shop has other hairdressers"
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
    for cand in ranked:
        assert set(cand.components) >= {"distance", "rating", "skill", "load", "distance_km"}
        availability.check_slot(
            demo_session,
            cand.technician_id,
            job.starts_at,
            job.duration_min,
            False,
            None,
            ignore_order_id=paid.id,
        )


def test_any_nearby_booking_takes_the_best_free_technician(demo_session):
    customer = _login(demo_session, CUSTOMER_PHONE)
    from salon_app.core.models import Service

    haircut = demo_session.exec(select(Service).where(Service.slug == "haircut")).one()
    day = (utcnow() + timedelta(days=3)).date()
    # a time at which a technician whose area covers the address is free: what the page offers
    point = locate_address(ANY_NEARBY_ADDRESS)
    times = any_nearby_times(demo_session, haircut.id, day, (point.lat, point.lng))
    start = times[0] if times else None
    assert start is not None
    order = book(
        demo_session,
        customer,
        BookingRequest(haircut.id, None, start, at_home=True, address=ANY_NEARBY_ADDRESS),
    )
    assert order.any_technician
    ranking = demo_session.exec(
        select(DispatchOffer).where(DispatchOffer.order_id == order.id).order_by(DispatchOffer.rank)
    ).all()
    assert ranking and ranking[0].technician_id == order.technician_id


def test_any_nearby_times_come_only_from_technicians_whose_area_covers_the_address(demo_session):
    """Free near the address is not enough (booking refuses a technician whose own area does not
    cover it): every time offered has such a technician free, in order, whatever the row order."""
    from salon_app.core.models import Service

    haircut = demo_session.exec(select(Service).where(Service.slug == "haircut")).one()
    day = (utcnow() + timedelta(days=3)).date()
    point = locate_address(ANY_NEARBY_ADDRESS)
    at = (point.lat, point.lng)
    free_near = {
        tech.id: set(availability.free_slots(demo_session, tech.id, haircut.id, day, 1, at=at))
        for tech in demo_session.exec(select(Technician).order_by(Technician.id)).all()
    }
    covering = {t for t in free_near if serves_address(demo_session, t, at)}
    # the pick this replaces ("someone free near the point") could land outside every area
    assert any(slots for t, slots in free_near.items() if t not in covering)
    offered = any_nearby_times(demo_session, haircut.id, day, at)
    assert offered and offered == sorted(offered)
    assert set(offered) <= set().union(*(free_near[t] for t in covering))
    assert offered == any_nearby_times(demo_session, haircut.id, day, at)


def test_progress_runs_in_order_and_completion_pays_the_split(demo_session, paid):
    tech = accept(demo_session, paid)
    with pytest.raises(DomainError):
        job_board.advance(demo_session, tech, paid.code, "started")
    detail = job_board.job_detail(demo_session, tech, paid.code)
    assert detail.customer_name and "****" in detail.customer_phone and detail.contact_open
    for step in ("departed", "arrived", "started", "completed"):
        journeys.step(demo_session, tech, paid, step, lat=22.54, lng=114.05)
    assert demo_session.get(Order, paid.id).status == "completed"
    from salon_app.core.services.ledger import income

    statement = income.statement(demo_session, tech)
    line = next(x for x in statement.lines if x.order_code == paid.code)
    assert line.commission_fen == paid.total_fen * statement.commission_rate_bp // 10_000
    assert line.share_fen + line.commission_fen == paid.total_fen
    assert statement.today_fen >= line.share_fen


def test_address_and_needs_stay_hidden_until_accepted(demo_session, paid):
    tech = technician_actor(demo_session, paid.technician_id)
    detail = job_board.job_detail(demo_session, tech, paid.code)
    assert "****" in detail.customer_phone and not detail.contact_open


def test_the_job_page_version_moves_with_the_customers_messages_and_only_for_its_job(
    demo_session, paid
):
    from salon_app.core.services.orders import messages

    customer = _login(demo_session, CUSTOMER_PHONE)
    tech = accept(demo_session, paid)
    before = job_board.job_version(demo_session, tech, paid.code)
    messages.post(demo_session, customer, paid.code, "到了请按门铃")
    assert job_board.job_version(demo_session, tech, paid.code) != before
    with pytest.raises(DomainError):  # someone else's job
        job_board.job_version(demo_session, customer, paid.code)


def test_customer_and_technician_message_each_other(demo_session, paid):
    from salon_app.core.services.orders import messages

    customer = _login(demo_session, CUSTOMER_PHONE)
    with pytest.raises(DomainError):  # not accepted yet: the technician is not in the thread
        messages.post(
            demo_session, technician_actor(demo_session, paid.technician_id), paid.code, "你好"
        )
    tech = accept(demo_session, paid)
    messages.post(demo_session, customer, paid.code, "请带吹风机")
    messages.post(demo_session, tech, paid.code, "好的")
    assert [(m.body, m.mine) for m in messages.thread(demo_session, customer, paid.code)] == [
        ("请带吹风机", True),
        ("好的", False),
    ]
    stranger = journeys.sign_up(demo_session, "17600000009", "hello2026", "路人")
    with pytest.raises(DomainError) as err:
        messages.thread(demo_session, stranger, paid.code)
    assert err.value.key == "order.not_found"
    with pytest.raises(DomainError):
        messages.post(demo_session, customer, paid.code, "  ")


def test_finishing_twice_at_once_completes_once_and_pays_the_technician_once(
    demo_session, demo_engine, paid
):
    tech = accept(demo_session, paid)
    journeys.progress(demo_session, tech, paid, through="started")
    finish_at = journeys.visit_times(paid)["completed"]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def tap() -> None:
        with Session(demo_engine) as session:
            barrier.wait()
            try:
                job_board.advance(session, tech, paid.code, "completed", at=finish_at)
                outcomes.append("ok")
            except DomainError as err:
                outcomes.append(err.key)

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes) == ["ok", "order.illegal_transition"]
    demo_session.rollback()
    kinds = demo_session.exec(select(LedgerEntry.kind).where(LedgerEntry.order_id == paid.id)).all()
    split = ["commission", "settlement", "technician_share"]
    done = demo_session.get(Order, paid.id, populate_existing=True)
    shop = demo_session.get(Technician, done.technician_id).merchant_id
    fee = ["platform_fee"] * 2 if shop else []  # a shop's order pays the platform its commission
    assert sorted(k for k in kinds if k != "payment") == sorted(split + fee)
