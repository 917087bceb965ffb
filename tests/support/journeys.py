"""Drive orders through their life the way the app does, for tests of later steps."""

from __future__ import annotations

from sqlmodel import Session

from salon_app.core.models import Order, Technician
from salon_app.core.services.order_flow import transition


def mark_paid(session: Session, order: Order) -> Order:
    """As the payment notification would (the payments tests cover the real path)."""
    transition(session, order, "paid", None, provider="test")
    session.commit()
    return order


def complete(session: Session, order: Order) -> Order:
    """Paid, then the technician's four progress steps."""
    if order.status == "pending_payment":
        mark_paid(session, order)
    tech_user = session.get(Technician, order.technician_id).user_id
    for step in ("departed", "arrived", "started", "completed"):
        transition(session, order, step, tech_user)
    session.commit()
    return order
