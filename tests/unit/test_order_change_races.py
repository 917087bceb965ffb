"""Cancelling and rescheduling at the same moment as a payment, a second click, the
technician's 出发 or another booking: each race ends one consistent way, never with a paid
order cancelled and not refunded. Run on SQLite and (SALON_TEST_DATABASE=postgres) PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import DispatchOffer, Order, Payment, Refund, Service
from salon_app.core.services import dispatch, ledger, payments
from salon_app.core.services.booking import BookingRequest, book
from salon_app.core.services.booking import changes as order_changes
from salon_app.core.services.booking.changes import CancelTerms
from salon_app.core.services.orders import jobs as job_board
from salon_app.core.services.payments import refunds
from salon_app.core.settings import get_settings
from tests.support import journeys
from tests.support.journeys import accept, open_offer, technician_actor
from tests.support.orders import next_free_start, pending_order
from tests.support.races import race
from tests.unit.test_payments import notify_
from tests.unit.test_refunds import PAID_PROVIDER, all_refunds, gateways, paid  # noqa: F401


def _order(session: Session, order: Order) -> Order:
    return session.get(Order, order.id, populate_existing=True)


def _live_refunds(session: Session, order: Order) -> list[Refund]:
    return [r for r in all_refunds(session, order) if r.status != "failed"]


@pytest.mark.parametrize("attempt", range(3))
def test_cancel_racing_the_payment_notification_never_keeps_the_money(
    demo_engine,
    demo_session,
    gateways,  # noqa: F811
    customer,
    attempt,
):
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, PAID_PROVIDER)
    paid_event = gateways[PAID_PROVIDER].pay(start.out_trade_no)
    cancelled, delivered = race(
        demo_engine,
        lambda s: order_changes.cancel(s, customer, order.code, "不去了"),
        lambda s: notify_(s, paid_event).outcome,
    )
    assert isinstance(cancelled, CancelTerms)
    (refund,) = _live_refunds(demo_session, order)  # one refund, whoever came first
    assert refund.amount_fen == order.total_fen
    if delivered == "applied":  # paid first: the cancellation refunds it
        assert cancelled.refund_fen == order.total_fen and refund.requested_by is None
    else:  # cancelled first: the late money is flagged and refunded in full
        assert (delivered, cancelled.refund_fen) == ("flagged", 0)
    assert _order(demo_session, order).status in ("cancelled", "refunded")
    payment = demo_session.exec(select(Payment).where(Payment.order_id == order.id)).one()
    assert payment.status == "succeeded"
    assert ledger.order_balance(demo_session, order.id).refundable_fen == 0


def test_two_cancels_at_once_inside_the_fee_window_refund_once(
    demo_engine,
    demo_session,
    customer,
    paid,  # noqa: F811
    monkeypatch,
):
    monkeypatch.setattr(order_changes, "utcnow", lambda: paid.starts_at - timedelta(hours=1))
    results = race(
        demo_engine,
        lambda s: order_changes.cancel(s, customer, paid.code),
        lambda s: order_changes.cancel(s, customer, paid.code),
    )
    fee = paid.total_fen * get_settings().cancel_fee_bp // 10_000
    assert sorted(map(type, results), key=str) == [CancelTerms, str]
    assert "order.already_cancelled" in results
    (refund,) = all_refunds(demo_session, paid)
    assert refund.amount_fen == paid.total_fen - fee  # 80% back, not 100%
    assert ledger.order_balance(demo_session, paid.id).refundable_fen == fee
    with pytest.raises(DomainError) as err:  # and a third click, later, changes nothing
        order_changes.cancel(demo_session, customer, paid.code)
    assert err.value.key == "order.already_cancelled"
    assert len(all_refunds(demo_session, paid)) == 1


def test_cancel_racing_the_technicians_departure_ends_one_way(
    demo_engine,
    demo_session,
    customer,
    paid,  # noqa: F811
):
    tech = accept(demo_session, paid)
    cancel, depart = race(
        demo_engine,
        lambda s: order_changes.cancel(s, customer, paid.code),
        lambda s: journeys.step(s, tech, paid, "departed").status,
    )
    order = _order(demo_session, paid)
    if isinstance(cancel, CancelTerms):  # cancelled first: the technician stays home
        assert depart == "order.illegal_transition"
        assert order.status == "cancelled" and order.service_step == ""
        assert [r.amount_fen for r in all_refunds(demo_session, paid)] == [paid.total_fen]
    else:  # on the way first: no cancellation, no refund
        assert (cancel, depart) == ("order.cannot_cancel", "in_service")
        assert order.status == "in_service" and all_refunds(demo_session, paid) == []


@pytest.mark.parametrize("attempt", range(3))
def test_cancel_racing_the_technicians_accept_ends_one_way(
    demo_engine,
    demo_session,
    customer,
    paid,  # noqa: F811
    attempt,
):
    """Both take the order's lock before the offer's row: no deadlock, one order of events."""
    tech = technician_actor(demo_session, paid.technician_id)
    offer = open_offer(demo_session, paid)
    cancel, answer = race(
        demo_engine,
        lambda s: order_changes.cancel(s, customer, paid.code),
        lambda s: dispatch.accept(s, tech, offer.id).dispatch_state,
    )
    assert isinstance(cancel, CancelTerms)
    assert answer in ("accepted", "dispatch.offer_taken")  # after the cancel: withdrawn
    offer = demo_session.get(DispatchOffer, offer.id, populate_existing=True)
    assert offer.status == ("accepted" if answer == "accepted" else "withdrawn")
    assert _order(demo_session, paid).status == "cancelled"
    assert job_board.inbox(demo_session, tech) == []


def test_cancel_after_departure_is_refused_and_changes_nothing(demo_session, customer, paid):  # noqa: F811
    tech = accept(demo_session, paid)
    journeys.step(demo_session, tech, paid, "departed")
    with pytest.raises(DomainError) as err:
        order_changes.cancel(demo_session, customer, paid.code)
    assert err.value.key == "order.cannot_cancel"
    assert _order(demo_session, paid).status == "in_service"
    assert all_refunds(demo_session, paid) == []


def test_reschedule_racing_a_booking_into_the_same_slot_lets_one_win(
    demo_engine, demo_session, customer
):
    order = pending_order(demo_session, customer)
    haircut = demo_session.exec(select(Service).where(Service.slug == "haircut")).one()
    day = order.starts_at.date() + timedelta(days=1)
    target = next_free_start(demo_session, order.technician_id, haircut.id, day)
    other = journeys.sign_up(demo_session, "17600000301", "hello2026", "抢时间的人")
    moved, booked = race(
        demo_engine,
        lambda s: order_changes.reschedule(s, customer, order.code, target).starts_at,
        lambda s: book(s, other, BookingRequest(haircut.id, order.technician_id, target)).code,
    )
    assert [moved, booked].count("booking.slot_taken") == 1
    winner = order.code if moved == target else booked
    holding = demo_session.exec(
        select(Order).where(
            Order.technician_id == order.technician_id,
            Order.holds_slot,
            Order.block_start < target + timedelta(minutes=haircut.duration_min),
            Order.block_end > target,
        )
    ).all()
    assert [o.code for o in holding] == [winner]


@pytest.mark.parametrize("dies_in", ["create_refund", "submit_refund"])
def test_a_worker_dying_in_a_cancel_never_leaves_it_without_its_refund(
    demo_engine,
    demo_session,
    gateways,  # noqa: F811
    customer,
    paid,  # noqa: F811
    monkeypatch,
    dies_in,
):
    """Killed while the refund is written: nothing happened. Killed after the commit, before
    the gateway was called: the refund row is there, and the retry job sends it."""

    def die(*_args: object, **_kwargs: object) -> None:
        raise SystemExit("worker killed")

    monkeypatch.setattr(refunds, dies_in, die)
    with pytest.raises(SystemExit):
        order_changes.cancel(demo_session, customer, paid.code)
    demo_session.rollback()  # its transaction died with it
    monkeypatch.undo()
    with Session(demo_engine) as fresh:  # what the next worker finds
        status = _order(fresh, paid).status
        made = [(r.status, r.amount_fen) for r in all_refunds(fresh, paid)]
        assert (status, made) in (
            ("pending_service", []),
            ("cancelled", [("requested", paid.total_fen)]),
        )
        assert status == ("pending_service" if dies_in == "create_refund" else "cancelled")
        later = utcnow() + timedelta(minutes=11)
        assert refunds.retry_refunds(fresh, now=later) == len(made)
    assert len(gateways[PAID_PROVIDER].refunds) == len(made)


def test_an_unreachable_gateway_leaves_the_refund_pending_not_lost(
    demo_session,
    gateways,  # noqa: F811
    customer,
    paid,  # noqa: F811
):
    gateways[PAID_PROVIDER].down = True
    terms = order_changes.cancel(demo_session, customer, paid.code, "改天再约")
    assert terms.refund_fen == paid.total_fen
    (refund,) = all_refunds(demo_session, paid)
    assert refund.status == "requested" and refund.reason == "改天再约"
    assert _order(demo_session, paid).status == "cancelled"
    assert ledger.order_balance(demo_session, paid.id).refunding_fen == paid.total_fen
