"""A rota edit over booked orders lists them and carries out the manager's choice per order:
keep, re-dispatch within the shop, or cancel with a full refund made exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from salon_app.core.errors import DomainError
from salon_app.core.models import (
    DispatchOffer,
    Notification,
    Order,
    Refund,
    Shift,
    Technician,
    TimeOff,
)
from salon_app.core.services import availability, ledger, rota
from salon_app.core.services.availability.data import zone
from salon_app.core.services.rota import AddTimeOff, PatternShift, SavePattern, SetDay
from tests.support.orders import pending_order
from tests.unit import test_refunds, test_rota

# Fixtures shared with those modules (assigned, not imported: test arguments use the names).
gateways, paid = test_refunds.gateways, test_refunds.paid
manager, other_manager = test_rota.manager, test_rota.other_manager

TZ = zone("Asia/Shanghai")


def day_of(order: Order):
    return order.starts_at.astimezone(TZ).date()


def day_off(order: Order) -> SetDay:
    return SetDay(order.technician_id, day_of(order), ())


def shifts(session: Session, order: Order) -> list[tuple]:
    return list(
        session.exec(
            select(Shift.start_minute, Shift.end_minute, Shift.kind, Shift.order_id)
            .where(Shift.technician_id == order.technician_id, Shift.day == day_of(order))
            .order_by(Shift.start_minute, Shift.id)
        ).all()
    )


def fresh(session: Session, order: Order) -> Order:
    return session.get(Order, order.id, populate_existing=True)


def refunds_of(session: Session, order: Order) -> list[Refund]:
    return list(session.exec(select(Refund).where(Refund.order_id == order.id)).all())


def notices(session: Session, user_id: int) -> list[str]:
    return list(
        session.exec(
            select(Notification.key)
            .where(Notification.user_id == user_id)
            .order_by(Notification.id)
        ).all()
    )


def test_a_day_off_over_a_paid_order_lists_it_and_refuses_without_a_decision(
    demo_session, manager, paid
):
    preview = rota.preview_change(demo_session, manager, day_off(paid))
    (conflict,) = preview.conflicts
    local = paid.starts_at.astimezone(TZ)
    assert (conflict.order_id, conflict.code, conflict.day) == (paid.id, paid.code, local.date())
    assert conflict.start == local.strftime("%H:%M") and conflict.service_name == "剪发"
    assert conflict.refund_fen == paid.total_fen
    assert conflict.choices == ("keep", "redispatch", "cancel")
    assert shifts(demo_session, paid) == []  # a preview writes nothing
    with pytest.raises(DomainError) as err:
        rota.apply_change(demo_session, manager, day_off(paid))
    assert (err.value.key, err.value.params["orders"]) == ("rota.undecided", paid.code)
    with pytest.raises(DomainError) as err:
        rota.apply_change(demo_session, manager, day_off(paid), {paid.id: "ignore"})
    assert err.value.key == "rota.decision_invalid"
    assert shifts(demo_session, paid) == []
    assert fresh(demo_session, paid).status == "pending_service"


def test_a_pattern_that_leaves_the_order_uncovered_lists_it_too(demo_session, manager, paid):
    tomorrow = day_of(paid) - timedelta(days=1)
    change = SavePattern(
        paid.technician_id, 1, tomorrow, None, (PatternShift(1, 0, "06:00", "07:00"),)
    )
    if day_of(paid).weekday() == 0:  # keep the order's day a day off whatever the weekday
        change = SavePattern(
            paid.technician_id, 1, tomorrow, None, (PatternShift(1, 1, "06:00", "07:00"),)
        )
    assert [c.code for c in rota.preview_change(demo_session, manager, change).conflicts] == [
        paid.code
    ]


def test_keep_keeps_working_time_around_the_order_only(demo_session, manager, paid):
    result = rota.apply_change(demo_session, manager, day_off(paid), {paid.id: "keep"})
    assert [(o.code, o.decision, o.technician_id) for o in result.outcomes] == [
        (paid.code, "keep", paid.technician_id)
    ]
    local_start = paid.starts_at.astimezone(TZ)
    start = local_start.hour * 60 + local_start.minute
    assert shifts(demo_session, paid) == [
        (0, 0, "override", None),
        (start, start + paid.duration_min, "keep", paid.id),
    ]
    order = fresh(demo_session, paid)
    assert (order.status, order.technician_id) == ("pending_service", paid.technician_id)
    availability.check_slot(  # the order still fits its technician's working time
        demo_session,
        paid.technician_id,
        paid.starts_at,
        paid.duration_min,
        False,
        None,
        ignore_order_id=paid.id,
    )
    assert availability.free_starts(demo_session, paid.technician_id, 30, day_of(paid), 1) == []
    # a second edit of the same day sees no conflict: the kept time is still there
    assert rota.preview_change(demo_session, manager, day_off(paid)).conflicts == []


def test_keep_under_time_off_cuts_the_time_off_around_the_order(demo_session, manager, paid):
    day = day_of(paid)
    change = AddTimeOff(paid.technician_id, day, day, "培训")
    rota.apply_change(demo_session, manager, change, {paid.id: "keep"})
    offs = demo_session.exec(
        select(TimeOff.starts_at, TimeOff.ends_at)
        .where(TimeOff.technician_id == paid.technician_id)
        .order_by(TimeOff.starts_at)
    ).all()
    midnight = paid.starts_at.astimezone(TZ).replace(hour=0, minute=0)
    assert [(a.astimezone(TZ), b.astimezone(TZ)) for a, b in offs] == [
        (midnight, paid.starts_at.astimezone(TZ)),
        (paid.ends_at.astimezone(TZ), midnight + timedelta(days=1)),
    ]
    assert rota.preview_change(demo_session, manager, day_off(paid)).conflicts != []


def test_redispatch_moves_the_order_to_another_technician_of_the_shop(demo_session, manager, paid):
    before = paid.technician_id
    old_user = demo_session.get(Technician, before).user_id
    result = rota.apply_change(demo_session, manager, day_off(paid), {paid.id: "redispatch"})
    order = fresh(demo_session, paid)
    (outcome,) = result.outcomes
    assert order.technician_id == outcome.technician_id != before
    assert demo_session.get(Technician, order.technician_id).merchant_id == manager.merchant_id
    assert (order.status, order.dispatch_state) == ("pending_service", "offering")
    offer = demo_session.exec(
        select(DispatchOffer).where(
            DispatchOffer.order_id == order.id, DispatchOffer.status == "offered"
        )
    ).one()
    assert (offer.technician_id, offer.reason) == (order.technician_id, "rota")
    assert "rota.notify.order_reassigned" in notices(demo_session, old_user)
    assert shifts(demo_session, paid) == []  # paid.technician_id is the new one now


def test_redispatch_to_a_named_technician_of_another_shop_is_refused(demo_session, manager, paid):
    stranger = demo_session.exec(
        select(Technician.id).where(Technician.merchant_id != manager.merchant_id)
    ).first()
    with pytest.raises(DomainError) as err:
        rota.apply_change(
            demo_session, manager, day_off(paid), {paid.id: "redispatch"}, {paid.id: stranger}
        )
    assert err.value.key == "rota.technician_not_in_shop"
    assert fresh(demo_session, paid).technician_id == paid.technician_id


def test_redispatch_with_nobody_free_changes_nothing(demo_session, manager, paid):
    for other in demo_session.exec(
        select(Technician).where(
            Technician.merchant_id == manager.merchant_id, Technician.id != paid.technician_id
        )
    ):
        other.status = "inactive"
        demo_session.add(other)
    demo_session.commit()
    with pytest.raises(DomainError) as err:
        rota.apply_change(demo_session, manager, day_off(paid), {paid.id: "redispatch"})
    assert (err.value.key, err.value.params) == ("rota.nobody_free", {"code": paid.code})
    assert shifts(demo_session, paid) == []
    assert fresh(demo_session, paid).technician_id == paid.technician_id


def test_cancel_refunds_in_full_exactly_once_even_if_applied_twice(
    demo_session, manager, paid, customer
):
    tech_user = demo_session.get(Technician, paid.technician_id).user_id
    decisions = {paid.id: "cancel"}
    result = rota.apply_change(demo_session, manager, day_off(paid), decisions)
    assert [(o.decision, o.technician_id, o.refund_fen) for o in result.outcomes] == [
        ("cancel", None, paid.total_fen)
    ]
    again = rota.apply_change(demo_session, manager, day_off(paid), decisions)
    assert again.outcomes == []  # no longer holds a slot: no conflict, nothing refunded
    (refund,) = refunds_of(demo_session, paid)
    assert (refund.amount_fen, refund.requested_by) == (paid.total_fen, manager.user_id)
    assert refund.status == "processing"  # sent to the gateway after the commit
    assert ledger.order_balance(demo_session, paid.id).refundable_fen == 0
    order = fresh(demo_session, paid)
    assert (order.status, order.holds_slot) == ("cancelled", False)
    assert "rota.notify.order_cancelled" in notices(demo_session, customer.user_id)
    assert "rota.notify.order_cancelled_technician" in notices(demo_session, tech_user)
    assert shifts(demo_session, paid) == [(0, 0, "override", None)]


def test_cancelling_an_unpaid_hold_refunds_nothing(demo_session, manager, customer):
    hold = pending_order(demo_session, customer)
    result = rota.apply_change(demo_session, manager, day_off(hold), {hold.id: "cancel"})
    assert [(o.decision, o.refund_fen) for o in result.outcomes] == [("cancel", 0)]
    assert fresh(demo_session, hold).status == "cancelled"
    assert refunds_of(demo_session, hold) == []


def test_decisions_on_several_orders_land_together(demo_session, manager, customer, paid):
    second = pending_order(
        demo_session, customer, paid.technician_id, paid.ends_at + timedelta(minutes=30)
    )
    assert day_of(second) == day_of(paid)
    decisions = {paid.id: "cancel", second.id: "keep"}
    rota.apply_change(demo_session, manager, day_off(paid), decisions)
    assert fresh(demo_session, paid).status == "cancelled"
    assert fresh(demo_session, second).status == "pending_payment"
    assert [k for *_, k in shifts(demo_session, second) if k] == [second.id]
    refunds = demo_session.exec(select(func.count()).select_from(Refund)).one()
    assert refunds == 1


def test_a_shop_b_manager_cannot_decide_on_shop_a_orders(demo_session, other_manager, paid):
    with pytest.raises(DomainError) as err:
        rota.apply_change(demo_session, other_manager, day_off(paid), {paid.id: "cancel"})
    assert err.value.key == "rota.technician_not_in_shop"
    assert fresh(demo_session, paid).status == "pending_service"
    assert refunds_of(demo_session, paid) == []
