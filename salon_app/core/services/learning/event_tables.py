"""The organisers' view of training events: the events table, one event (with its check-in
code for its own organiser) and its sign-ups table (seated, waiting in order, attended).

The platform's desk lists every event (shops' too, which it may cancel); a shop's desk only
its own. The code is shown only to the event's own desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from salon_app.core.models import Course, EventSignup, Merchant, Technician, TrainingEvent
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services.access import Actor
from salon_app.core.services.learning.event_rules import PLATFORM_ORGANISER, checkin_code
from salon_app.core.services.learning.events import event_desk, own_event

EVENT_SORTS = ("title", "starts", "capacity", "seats", "waiting", "attended", "status")
SIGNUP_SORTS = ("technician", "status", "signed_up", "checked_in")


@dataclass(frozen=True)
class EventRow:
    id: int
    title: str
    organiser: str
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    seats_taken: int
    waiting: int
    attended: int
    status: str
    course_title: str
    mine: bool  # the desk's own event: it may edit it and see its code


@dataclass(frozen=True)
class EventDetail:
    id: int
    title: str
    description: str
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    seats_taken: int
    waiting: int
    attended: int
    status: str
    course_id: int | None
    code: str  # the check-in code, for the desk's own events only


@dataclass(frozen=True)
class SignupRow:
    id: int
    technician: str
    shop: str
    status: str
    waiting_position: int
    signed_up_at: datetime
    promoted_at: datetime | None
    checked_in_at: datetime | None
    checkin_attempts: int


def _count(status: str):  # noqa: ANN202 - a correlated scalar subquery
    return (
        select(func.count(col(EventSignup.id)))
        .where(EventSignup.event_id == TrainingEvent.id, EventSignup.status == status)
        .correlate(TrainingEvent)
        .scalar_subquery()
    )


def event_table(session: Session, actor: Actor | None, query: TableQuery) -> Page[EventRow]:
    """The desk's events; search by title, place or shop; sort by any figure."""
    desk = event_desk(session, actor)
    waiting, attended = _count("waiting"), _count("attended")
    statement = (
        select(TrainingEvent, Merchant.name, Course.title, waiting, attended)
        .outerjoin(Merchant, col(Merchant.id) == TrainingEvent.merchant_id)
        .outerjoin(Course, col(Course.id) == TrainingEvent.course_id)
    )
    if desk.shop_id is not None:
        statement = statement.where(TrainingEvent.merchant_id == desk.shop_id)

    def row(r: tuple) -> EventRow:
        e: TrainingEvent = r[0]
        return EventRow(
            e.id, e.title, r[1] or PLATFORM_ORGANISER, e.place, e.starts_at, e.ends_at,
            e.capacity, e.seats_taken, int(r[3] or 0), int(r[4] or 0), e.status, r[2] or "",
            e.merchant_id == desk.shop_id,
        )  # fmt: skip

    return paginate(
        session,
        statement,
        query,
        sort_columns={
            "title": col(TrainingEvent.title),
            "starts": col(TrainingEvent.starts_at),
            "capacity": col(TrainingEvent.capacity),
            "seats": col(TrainingEvent.seats_taken),
            "waiting": waiting,
            "attended": attended,
            "status": col(TrainingEvent.status),
        },
        tie_breaker=col(TrainingEvent.id),
        search_columns=[col(TrainingEvent.title), col(TrainingEvent.place), col(Merchant.name)],
        row=row,
    )


def event_detail(session: Session, actor: Actor | None, event_id: int) -> EventDetail:
    """One event of the desk (the platform: any), with its code when it is the desk's own."""
    desk = event_desk(session, actor)
    event = own_event(session, desk, event_id, cancelling=True)
    counts = dict(
        session.exec(
            select(EventSignup.status, func.count(col(EventSignup.id)))
            .where(EventSignup.event_id == event.id)
            .group_by(EventSignup.status)
        ).all()
    )
    mine = event.merchant_id == desk.shop_id
    return EventDetail(
        event.id, event.title, event.description, event.place, event.starts_at, event.ends_at,
        event.capacity, event.seats_taken, int(counts.get("waiting", 0)),
        int(counts.get("attended", 0)), event.status, event.course_id,
        checkin_code(event) if mine else "",
    )  # fmt: skip


def signup_table(
    session: Session, actor: Actor | None, event_id: int, query: TableQuery
) -> Page[SignupRow]:
    """Who signed up for one of the desk's events; the waitlist numbered in its order."""
    desk = event_desk(session, actor)
    event = own_event(session, desk, event_id, cancelling=True)
    order = (
        select(EventSignup.id)
        .where(EventSignup.event_id == event.id, EventSignup.status == "waiting")
        .order_by(col(EventSignup.created_at), col(EventSignup.id))
    )
    places = {sid: n for n, sid in enumerate(session.exec(order).all(), start=1)}
    statement = (
        select(EventSignup, Technician.display_name, Merchant.name)
        .join(Technician, col(Technician.id) == EventSignup.technician_id)
        .outerjoin(Merchant, col(Merchant.id) == Technician.merchant_id)
        .where(EventSignup.event_id == event.id)
    )

    def row(r: tuple) -> SignupRow:
        s: EventSignup = r[0]
        return SignupRow(
            s.id, r[1], r[2] or "", s.status, places.get(s.id, 0), s.created_at, s.promoted_at,
            s.checked_in_at, s.checkin_attempts,
        )  # fmt: skip

    return paginate(
        session,
        statement,
        query,
        sort_columns={
            "technician": col(Technician.display_name),
            "status": col(EventSignup.status),
            "signed_up": col(EventSignup.created_at),
            "checked_in": col(EventSignup.checked_in_at),
        },
        tie_breaker=col(EventSignup.id),
        search_columns=[col(Technician.display_name), col(Merchant.name)],
        row=row,
    )
