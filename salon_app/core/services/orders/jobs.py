"""The technician's job board: offers to answer, their orders, and service progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import DispatchOffer, Order, OrderEvent, OrderItem, Service, User
from salon_app.core.models import OrderStatus as S
from salon_app.core.services import ledger
from salon_app.core.services.access import Actor, require_technician
from salon_app.core.services.ledger import record_completion
from salon_app.core.services.notifications import notify
from salon_app.core.services.orders.arrival import arrival_details, arrival_state
from salon_app.core.services.orders.customer_view import version_of
from salon_app.core.services.orders.flow import transition
from salon_app.core.services.orders.positions import valid_position
from salon_app.core.services.orders.privacy import contact_window, district_of, masked_phone
from salon_app.core.services.orders.visit_clock import check_step

STEPS = ("departed", "arrived", "started", "completed")
TECH_TABS: dict[str, tuple[str, ...]] = {
    "pending_service": (S.pending_service, S.in_service),
    "completed": (S.completed, S.reviewed),
    "cancelled": (S.cancelled, S.refunded),
}


@dataclass(frozen=True)
class JobCard:
    order_code: str
    offer_id: int | None
    status: str
    service_names: list[str]
    starts_at: datetime
    ends_at: datetime
    at_home: bool
    district: str  # the coarse place; the full address only through contact.job_contact
    total_fen: int
    offer_expires_at: datetime | None
    service_step: str
    dispatch_state: str


@dataclass(frozen=True)
class JobDetail(JobCard):
    customer_name: str
    customer_phone: str  # always masked (138****8001): calls go through the relay number
    contact_open: bool  # inside the contact window: contact.job_contact reveals the rest
    events: list[tuple[str, datetime, bool]]  # kind, when, whether a position was recorded


def _names(session: Session, order_ids: list[int]) -> dict[int, list[str]]:
    rows = session.exec(
        select(OrderItem.order_id, Service.name)
        .join(Service, Service.id == OrderItem.service_id)
        .where(col(OrderItem.order_id).in_(order_ids))
    ).all()
    out: dict[int, list[str]] = {}
    for order_id, name in rows:
        out.setdefault(order_id, []).append(name)
    return out


def _job(order: Order, names: list[str], offer: DispatchOffer | None) -> JobCard:
    district = district_of(order.address)
    return JobCard(
        order_code=order.code,
        offer_id=offer.id if offer else None,
        status=order.status,
        service_names=names,
        starts_at=order.starts_at,
        ends_at=order.ends_at,
        at_home=order.at_home,
        district=district,
        total_fen=order.total_fen,
        offer_expires_at=offer.expires_at if offer else None,
        service_step=order.service_step,
        dispatch_state=order.dispatch_state,
    )


def inbox(session: Session, actor: Actor | None) -> list[JobCard]:
    """Offers waiting for this technician's answer, soonest deadline first."""
    tech_id = require_technician(actor)
    rows = session.exec(
        select(DispatchOffer, Order)
        .join(Order, Order.id == DispatchOffer.order_id)
        .where(
            DispatchOffer.technician_id == tech_id,
            DispatchOffer.status == "offered",
            DispatchOffer.expires_at > utcnow(),
            Order.technician_id == tech_id,
            Order.status == S.pending_service,  # a cancelled order is no job to answer
        )
        .order_by(DispatchOffer.expires_at)
    ).all()
    names = _names(session, [o.id for _, o in rows])
    return [_job(o, names.get(o.id, []), offer) for offer, o in rows]


def withdraw_offers(
    session: Session, order_id: int, now: datetime, accepted_too: bool = False
) -> list[int]:
    """Offers of the order still waiting for an answer (and with `accepted_too`, an accepted
    one) leave the board (not committed): nobody can accept the order any more and it vanishes
    from their inbox and jobs. Returns the technicians whose offer was withdrawn."""
    statuses = ("offered", "accepted") if accepted_too else ("offered",)
    withdrawn = session.execute(
        update(DispatchOffer)
        .where(DispatchOffer.order_id == order_id, col(DispatchOffer.status).in_(statuses))
        .values(status="withdrawn", answered_at=now)
        .returning(DispatchOffer.technician_id)
    )
    return list(withdrawn.scalars())


def my_jobs(session: Session, actor: Actor | None, tab: str) -> list[JobCard]:
    """The technician's accepted orders by tab (待服务 / 已完成 / 已取消)."""
    tech_id = require_technician(actor)
    statuses = TECH_TABS.get(tab)
    if statuses is None:
        raise DomainError("order.unknown_tab")
    query = select(Order).where(Order.technician_id == tech_id, col(Order.status).in_(statuses))
    if tab == "pending_service":
        query = query.where(Order.dispatch_state == "accepted").order_by(Order.starts_at)
    else:
        query = query.order_by(Order.starts_at.desc())
    orders = session.exec(query.limit(100)).all()
    names = _names(session, [o.id for o in orders])
    return [_job(o, names.get(o.id, []), None) for o in orders]


def _assigned(session: Session, actor: Actor | None, code: str) -> Order:
    tech_id = require_technician(actor)
    order = session.exec(select(Order).where(Order.code == code)).first()
    if order is None or order.technician_id != tech_id:
        raise DomainError("order.not_found")
    return order


def job_detail(session: Session, actor: Actor | None, code: str) -> JobDetail:
    """The job with the customer's name, masked phone and district only; whether the contact
    window is open (privacy.contact_window), in which contact.job_contact reveals the rest."""
    order = _assigned(session, actor, code)
    customer = session.get(User, order.customer_id)
    events = session.exec(
        select(OrderEvent).where(OrderEvent.order_id == order.id).order_by(OrderEvent.id)
    ).all()
    base = _job(order, _names(session, [order.id]).get(order.id, []), None)
    return JobDetail(
        **base.__dict__,
        customer_name=customer.display_name,
        customer_phone=masked_phone(customer.phone),
        contact_open=contact_window(session, order, utcnow()).open,
        events=[(e.kind, e.at, e.lat is not None) for e in events],
    )


def advance(
    session: Session,
    actor: Actor | None,
    code: str,
    step: str,
    lat: object = None,
    lng: object = None,
    *,
    at: datetime | None = None,
) -> Order:
    """出发 → 到达 → 开始服务 → 完成服务, in that order, by the accepted technician only, and
    no earlier than the clock allows (visit_clock.py); 到达 is verified by position or by the
    customer, else recorded unverified (arrival.py). `at` is when the step happens (now unless
    a caller replays a visit: demo data and tests; no page passes it).

    The technician's position (from their browser) is recorded with the step when it is a real
    coordinate pair; anything else is dropped and the step is recorded without one."""
    order_id = _assigned(session, actor, code).id
    # Two taps at once: the second waits here and then sees the first one's step, so the
    # order completes (and its income is recorded) once.
    ledger.lock_order_money(session, order_id)
    order = session.get(Order, order_id, populate_existing=True)
    if step not in STEPS or order.dispatch_state != "accepted":
        raise DomainError("order.illegal_transition", status=order.status, event=step)
    now = at or utcnow()
    check_step(session, order, step, now)
    position = valid_position(lat, lng)
    lat, lng = position or (None, None)
    details = arrival_details(session, order, position) if step == "arrived" else {}
    transition(session, order, step, actor.user_id, lat=lat, lng=lng, at=now, **details)
    notify(session, order.customer_id, f"notify.step_{step}", order.id, code=order.code)
    if step == "completed":
        record_completion(session, order)  # the money is booked when the app records it
    session.commit()
    return order


def board_version(session: Session, actor: Actor | None) -> str:
    """Changes whenever the technician's board would: a new offer, an answer, a step."""
    tech_id = require_technician(actor)
    offers = session.exec(
        select(func.count(DispatchOffer.id), func.max(DispatchOffer.id)).where(
            DispatchOffer.technician_id == tech_id, DispatchOffer.status == "offered"
        )
    ).one()
    events = session.exec(
        select(func.max(OrderEvent.id))
        .join(Order, Order.id == OrderEvent.order_id)
        .where(Order.technician_id == tech_id)
    ).one()
    return f"{offers[0]}:{offers[1]}:{events}"


def job_version(session: Session, actor: Actor | None, code: str) -> str:
    """Changes whenever the technician's job page would: a step, a status, a new message."""
    return version_of(session, _assigned(session, actor, code))


def job_order_id(session: Session, actor: Actor | None, code: str) -> int:
    """The id of the technician's job with this code (what its live page listens to)."""
    return _assigned(session, actor, code).id


def job_arrival(session: Session, actor: Actor | None, code: str) -> str:
    """How the technician's arrival stands (arrival.arrival_state): "", "position",
    "customer" or "unverified"."""
    return arrival_state(session, _assigned(session, actor, code))
