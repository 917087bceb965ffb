"""Re-dispatch: a refusal or a timeout moves the order down its stored ranking, in rank order,
to the next free candidate not yet asked; past its end, to those ranked afresh; then manual."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.models import DispatchOffer, Order, Technician
from salon_app.core.services import dispatch
from salon_app.core.services.access import Actor
from salon_app.core.services.dispatch.ranking import rank_candidates
from salon_app.core.services.orders.flow import transition
from tests.support.journeys import mark_paid, open_offer, reject
from tests.support.orders import pending_order


def _ranking(session: Session, order: Order) -> list[int]:
    """The technicians of the order's stored ranking (rank 1 on), in rank order."""
    return list(
        session.exec(
            select(DispatchOffer.technician_id)
            .where(DispatchOffer.order_id == order.id, DispatchOffer.rank >= 1)
            .order_by(DispatchOffer.rank)
        ).all()
    )


def _statuses(session: Session, order: Order) -> dict[int, str]:
    rows = session.exec(select(DispatchOffer).where(DispatchOffer.order_id == order.id)).all()
    return {r.technician_id: r.status for r in rows}


def _deactivate(session: Session, tech_ids: set[int]) -> None:
    for tech in session.exec(select(Technician).where(Technician.id.in_(tech_ids))):
        tech.status = "inactive"
        session.add(tech)
    session.commit()


@pytest.fixture
def ranked(demo_session: Session, customer: Actor) -> tuple[Order, list[int]]:
    """A paid in-shop order whose named technician declined: it is with its stored rank 1."""
    order = mark_paid(demo_session, pending_order(demo_session, customer))
    reject(demo_session, order)
    ranking = _ranking(demo_session, order)
    assert len(ranking) >= 4, "the demo shop has hairdressers enough"
    assert order.technician_id == ranking[0]
    return order, ranking


def test_each_refusal_moves_the_order_one_down_the_stored_ranking_then_to_manual(
    demo_session, ranked
):
    order, ranking = ranked
    everyone = set(demo_session.exec(select(Technician.id)).all())
    _deactivate(demo_session, everyone - set(ranking))  # nobody new to rank afterwards
    for position, tech_id in enumerate(ranking):
        assert (order.technician_id, order.dispatch_state) == (tech_id, "offering")
        offer = open_offer(demo_session, order)
        assert (offer.technician_id, offer.rank) == (tech_id, position + 1)
        reject(demo_session, order)
    assert order.dispatch_state == "manual"
    statuses = _statuses(demo_session, order)
    assert [statuses[t] for t in ranking] == ["rejected"] * len(ranking)


def test_a_stored_candidate_no_longer_free_or_active_is_skipped_and_stays_unasked(
    demo_session, customer, ranked
):
    order, ranking = ranked
    pending_order(demo_session, customer, technician_id=ranking[1], starts_at=order.starts_at)
    _deactivate(demo_session, {ranking[2]})
    reject(demo_session, order)
    assert order.technician_id == ranking[3]
    statuses = _statuses(demo_session, order)
    assert (statuses[ranking[1]], statuses[ranking[2]]) == ("candidate", "candidate")


def test_a_timeout_moves_the_order_to_the_next_stored_candidate(demo_session, ranked):
    order, ranking = ranked
    offer = open_offer(demo_session, order)
    offer.expires_at = utcnow() - timedelta(seconds=1)
    demo_session.commit()
    assert dispatch.expire_offers(demo_session) == 1
    demo_session.refresh(order)
    assert order.technician_id == ranking[1]
    assert _statuses(demo_session, order)[ranking[0]] == "expired"


def test_past_the_stored_ranking_a_fresh_one_is_stored_after_it(demo_session, customer):
    order = mark_paid(demo_session, pending_order(demo_session, customer))
    job = dispatch.job_of(demo_session, order)
    latecomer = rank_candidates(demo_session, job, exclude={order.technician_id})[-1]
    blocker = pending_order(
        demo_session, customer, technician_id=latecomer.technician_id, starts_at=order.starts_at
    )
    reject(demo_session, order)  # ranked while the latecomer is busy
    ranking = _ranking(demo_session, order)
    assert latecomer.technician_id not in ranking
    transition(demo_session, blocker, "expired", None)  # the latecomer's time is free again
    demo_session.commit()
    _deactivate(demo_session, set(ranking[1:]))
    reject(demo_session, order)
    assert order.technician_id == latecomer.technician_id
    offer = open_offer(demo_session, order)
    assert offer.rank == len(ranking) + 1  # after the stored ones
