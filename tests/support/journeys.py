"""Drive orders through their life the way the app does, for tests of later steps."""

from __future__ import annotations

from sqlmodel import Session, select

from salon_app.core.models import DispatchOffer, Order, Technician, User
from salon_app.core.services import dispatch, job_board
from salon_app.core.services.actor import Actor
from salon_app.core.services.order_flow import transition


def mark_paid(session: Session, order: Order) -> Order:
    """As a verified payment notification does: paid, then offered to the technician."""
    transition(session, order, "paid", None, provider="test")
    dispatch.start(session, order)
    session.commit()
    return order


def accept(session: Session, order: Order) -> Actor:
    """The order's technician accepts its offer; returns the technician as an actor."""
    tech = session.get(Technician, order.technician_id)
    user = session.get(User, tech.user_id)
    actor = Actor(user.id, "technician", user.display_name, tech.merchant_id, tech.id)
    offer = session.exec(
        select(DispatchOffer).where(
            DispatchOffer.order_id == order.id, DispatchOffer.status == "offered"
        )
    ).one()
    dispatch.accept(session, actor, offer.id)
    return actor


def complete(session: Session, order: Order) -> Order:
    """Paid, accepted, then the technician's four progress steps."""
    if order.status == "pending_payment":
        mark_paid(session, order)
    actor = accept(session, order)
    for step in ("departed", "arrived", "started", "completed"):
        job_board.advance(session, actor, order.code, step)
    session.refresh(order)
    return order
