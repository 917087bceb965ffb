"""Drive orders through their life the way the app does, for tests of later steps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.integrations.sms import sandbox as sms_sandbox
from salon_app.core.models import DispatchOffer, Order, Technician, User
from salon_app.core.services import auth, dispatch
from salon_app.core.services.access import Actor
from salon_app.core.services.orders import jobs as job_board
from salon_app.core.services.orders.flow import transition
from salon_app.core.services.orders.jobs import STEPS


def sms_code(engine: Engine, phone: str) -> str:
    """The code in the newest SMS the sandbox recorded for `phone` (as its holder reads it)."""
    code = sms_sandbox.latest_code(engine, auth.normalize_mobile(phone))
    assert code is not None, f"no SMS code was sent to {phone}"
    return code


def signup_code(session: Session, phone: str) -> str:
    """Ask for a sign-up code for `phone` and read it from the SMS sandbox."""
    auth.send_code(session, phone, auth.Purpose.signup)
    return sms_code(session.get_bind(), phone)


def sign_up(
    session: Session,
    phone: str,
    password: str,
    display_name: str,
    role: str = "customer",
    source: str | None = None,
) -> Actor:
    """Sign up as the form does: the code sent to the phone, read from the SMS sandbox."""
    code = signup_code(session, phone)
    return auth.sign_up(session, phone, password, display_name, role, source, code=code)


def mark_paid(session: Session, order: Order) -> Order:
    """As a verified payment notification does: paid, then offered to the technician."""
    transition(session, order, "paid", None, provider="test")
    dispatch.start(session, order)
    session.commit()
    return order


def technician_actor(session: Session, technician_id: int) -> Actor:
    """The technician as logged in."""
    tech = session.get(Technician, technician_id)
    user = session.get(User, tech.user_id)
    return Actor(user.id, "technician", user.display_name, tech.merchant_id, tech.id)


def open_offer(session: Session, order: Order) -> DispatchOffer:
    """The order's one offer waiting for an answer."""
    return session.exec(
        select(DispatchOffer).where(
            DispatchOffer.order_id == order.id, DispatchOffer.status == "offered"
        )
    ).one()


def accept(session: Session, order: Order) -> Actor:
    """The order's technician accepts its offer; returns the technician as an actor."""
    actor = technician_actor(session, order.technician_id)
    dispatch.accept(session, actor, open_offer(session, order).id)
    return actor


def reject(session: Session, order: Order, reason: str = "临时有事") -> None:
    """The order's technician declines its offer (the order moves on)."""
    actor = technician_actor(session, order.technician_id)
    dispatch.reject(session, actor, open_offer(session, order).id, reason)
    session.refresh(order)


def visit_times(order: Order) -> dict[str, datetime]:
    """When each progress step of a punctual visit happens: 出发 30 minutes before the start
    (or now, if later), 到达 20 minutes after, 开始 a minute later, 完成 after the full service
    length; mostly ahead of the clock, so the steps are recorded with these times (`at`)."""
    departed = max(utcnow(), order.starts_at - timedelta(minutes=30))
    arrived = departed + timedelta(minutes=20)
    started = arrived + timedelta(minutes=1)
    completed = started + timedelta(minutes=order.duration_min)
    return {"departed": departed, "arrived": arrived, "started": started, "completed": completed}


def progress(session: Session, actor: Actor, order: Order, through: str = "completed") -> Order:
    """The technician's progress steps up to `through`, each at its punctual time, arriving at
    the order's place (a verified arrival)."""
    times = visit_times(order)
    for step in STEPS[: STEPS.index(through) + 1]:
        place = (order.lat, order.lng) if step == "arrived" else (None, None)
        job_board.advance(session, actor, order.code, step, *place, at=times[step])
    session.refresh(order)
    return order


def step(
    session: Session, actor: Actor, order: Order, kind: str, lat: object = None, lng: object = None
) -> Order:
    """One progress step at its punctual time (visit_times), with the position given."""
    return job_board.advance(
        session, actor, order.code, kind, lat, lng, at=visit_times(order)[kind]
    )


def bring_forward(session: Session, order: Order, minutes: int = 60) -> Order:
    """Move a booked order to start `minutes` from now, for browser tests of the progress steps:
    the app's clock cannot be moved from a test, and 出发 is refused earlier than two hours
    before the start. The slot moves as a whole (block included); on PostgreSQL a clash with
    another order of the technician is refused by the database, so later starts are tried."""
    for extra in range(0, 24 * 60, 30):
        starts = (utcnow() + timedelta(minutes=minutes + extra)).replace(second=0, microsecond=0)
        delta = starts - order.starts_at
        for name in ("starts_at", "ends_at", "block_start", "block_end"):
            setattr(order, name, getattr(order, name) + delta)
        session.add(order)
        try:
            session.commit()
            return order
        except IntegrityError:
            session.rollback()
            session.refresh(order)
    raise AssertionError("no free time in the next day to move the order to")


def complete(session: Session, order: Order) -> Order:
    """Paid, accepted, then the technician's four progress steps."""
    if order.status == "pending_payment":
        mark_paid(session, order)
    return progress(session, accept(session, order), order)


def accepted(engine: Engine, book: Callable[[Session, Actor], Order]) -> tuple[Order, str]:
    """(order, technician's phone): an order the demo customer books, pays, and its technician
    accepts."""
    with Session(engine, expire_on_commit=False) as s:
        customer = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
        order = mark_paid(s, book(s, customer))
        accept(s, order)
        tech = s.get(Technician, order.technician_id)
        return order, s.get(User, tech.user_id).phone.removeprefix("+86")
