"""Signing up for a training event, the waitlist and its promotions; the technician's list.

Rules:
- A technician signs up for an upcoming, published event open to them (event_rules). While
  seats are left they are seated: TrainingEvent.seats_taken is raised by one conditional
  UPDATE ... WHERE seats_taken < capacity, so concurrent sign-ups never exceed the capacity on
  SQLite or PostgreSQL (the row lock / the single writer orders them). Past capacity they wait,
  in the order they signed up. Signing up twice is learning.already_signed_up (the unique
  sign-up row settles a double click); after cancelling, signing up again joins at the end.
- Cancelling (until the start, learning.event_cancel_after_start after it) frees the seat and, in
  the same transaction, seats the first waiting one, who is notified. Promotions also happen
  when the organiser raises the capacity (events.update_event).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, or_, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Course, EventSignup, Technician, TrainingEvent
from salon_app.core.services.access import Actor, require_technician
from salon_app.core.services.learning.event_rules import (
    checkin_window,
    event_for,
    event_time,
    organiser_name,
    technician,
)
from salon_app.core.services.notifications import notify

LIST_MAX = 50
ACTIVE = ("seated", "waiting", "attended")


@dataclass(frozen=True)
class TechEvent:
    """An event as the technician's /tech/events shows it, with their own place in it."""

    id: int
    title: str
    description: str
    organiser: str
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    seats_left: int
    event_status: str  # published, cancelled
    course_title: str
    my_status: str  # "", seated, waiting, cancelled, attended
    waiting_position: int  # 1 = next to be seated; 0 when not waiting
    can_sign_up: bool
    can_cancel: bool
    can_check_in: bool


@dataclass(frozen=True)
class SignupResult:
    status: str  # seated or waiting
    waiting_position: int
    title: str


def _signup(session: Session, event_id: int, technician_id: int) -> EventSignup | None:
    return session.exec(
        select(EventSignup)
        .where(EventSignup.event_id == event_id, EventSignup.technician_id == technician_id)
        .execution_options(populate_existing=True)
    ).first()


def waiting_position(session: Session, row: EventSignup) -> int:
    """1 for the first waiting (next to be seated), 0 for anyone not waiting."""
    if row.status != "waiting":
        return 0
    ahead = session.exec(
        select(func.count())
        .select_from(EventSignup)
        .where(
            EventSignup.event_id == row.event_id,
            EventSignup.status == "waiting",
            or_(
                col(EventSignup.created_at) < row.created_at,
                (col(EventSignup.created_at) == row.created_at) & (col(EventSignup.id) < row.id),
            ),
        )
    ).one()
    return int(ahead) + 1


def _take_seat(session: Session, event_id: int) -> bool:
    """One seat, if one is left (not committed): the one place capacity is enforced."""
    return (
        session.execute(
            update(TrainingEvent)
            .where(
                col(TrainingEvent.id) == event_id,
                col(TrainingEvent.seats_taken) < col(TrainingEvent.capacity),
                col(TrainingEvent.status) == "published",
            )
            .values(seats_taken=TrainingEvent.seats_taken + 1)
        ).rowcount
        == 1
    )


def _free_seat(session: Session, event_id: int) -> None:
    session.execute(
        update(TrainingEvent)
        .where(col(TrainingEvent.id) == event_id, col(TrainingEvent.seats_taken) > 0)
        .values(seats_taken=TrainingEvent.seats_taken - 1)
    )


def promote_waiting(session: Session, event: TrainingEvent, now: datetime) -> list[int]:
    """Seat the waiting, first come first, while seats are left; each is notified. Returns the
    promoted technicians' ids. Not committed: the caller's change (a cancellation, a larger
    capacity) and the promotions land together."""
    promoted: list[int] = []
    while True:
        first = session.exec(
            select(EventSignup)
            .where(EventSignup.event_id == event.id, EventSignup.status == "waiting")
            .order_by(col(EventSignup.created_at), col(EventSignup.id))
            .limit(1)
            .execution_options(populate_existing=True)
        ).first()
        if first is None or not _take_seat(session, event.id):
            return promoted
        moved = session.execute(
            update(EventSignup)
            .where(col(EventSignup.id) == first.id, col(EventSignup.status) == "waiting")
            .values(status="seated", promoted_at=now)
        ).rowcount
        if moved != 1:  # they cancelled at this moment: give the seat to the next one
            _free_seat(session, event.id)
            continue
        tech = session.get(Technician, first.technician_id)
        if tech is not None:
            notify(session, tech.user_id, "notify.event_promoted", title=event.title,
                   when=event_time(event))  # fmt: skip
        promoted.append(first.technician_id)


def sign_up(session: Session, actor: Actor | None, event_id: int) -> SignupResult:
    """Technicians: a seat while one is left, else the waitlist (module rules)."""
    tech = technician(session, require_technician(actor))
    event = event_for(session, tech, event_id)
    now = utcnow()
    if event.status != "published":
        raise DomainError("learning.event_cancelled", title=event.title)
    if event.starts_at <= now:
        raise DomainError("learning.event_started", title=event.title)
    existing = _signup(session, event.id, tech.id)
    if existing is not None and existing.status != "cancelled":
        raise DomainError("learning.already_signed_up", title=event.title)
    status = "seated" if _take_seat(session, event.id) else "waiting"
    if existing is None:
        row = EventSignup(event_id=event.id, technician_id=tech.id, status=status, created_at=now)
        session.add(row)
        try:
            session.flush()
        except IntegrityError:  # the same technician's other click won
            session.rollback()
            raise DomainError("learning.already_signed_up", title=event.title) from None
        row_id = row.id
    else:
        again = session.execute(
            update(EventSignup)
            .where(col(EventSignup.id) == existing.id, col(EventSignup.status) == "cancelled")
            .values(status=status, created_at=now, promoted_at=None, reminded_at=None,
                    checkin_attempts=0)
        ).rowcount  # fmt: skip
        if again != 1:
            session.rollback()
            raise DomainError("learning.already_signed_up", title=event.title)
        row_id = existing.id
    session.commit()
    row = session.get(EventSignup, row_id, populate_existing=True)
    return SignupResult(status, waiting_position(session, row), event.title)


def cancel_signup(session: Session, actor: Actor | None, event_id: int) -> str:
    """Technicians: give up a seat or a waitlist place until the event starts; a freed seat
    goes to the first waiting at once. Returns the event's title."""
    tech = technician(session, require_technician(actor))
    event = event_for(session, tech, event_id)
    row = _signup(session, event.id, tech.id)
    if row is None or row.status not in ("seated", "waiting"):
        raise DomainError("learning.event_not_signed_up")
    now = utcnow()
    if event.starts_at <= now:
        raise DomainError("learning.event_cancel_after_start")
    was = row.status
    left = session.execute(
        update(EventSignup)
        .where(col(EventSignup.id) == row.id, col(EventSignup.status) == was)
        .values(status="cancelled")
    ).rowcount
    if left != 1:
        session.rollback()
        raise DomainError("learning.event_not_signed_up")
    if was == "seated" and event.status == "published":
        _free_seat(session, event.id)
        promote_waiting(session, event, now)
    session.commit()
    return event.title


def events_for_technician(session: Session, actor: Actor | None) -> list[TechEvent]:
    """Upcoming and running events open to the technician, soonest first: published ones, and
    cancelled ones they had signed up for (so they see it was cancelled)."""
    tech = technician(session, require_technician(actor))
    now = utcnow()
    mine = {
        s.event_id: s
        for s in session.exec(select(EventSignup).where(EventSignup.technician_id == tech.id)).all()
    }
    rows = session.exec(
        select(TrainingEvent, Course.title)
        .outerjoin(Course, col(Course.id) == TrainingEvent.course_id)
        .where(
            col(TrainingEvent.ends_at) > now,
            or_(col(TrainingEvent.merchant_id).is_(None),
                col(TrainingEvent.merchant_id) == tech.merchant_id),
            or_(col(TrainingEvent.status) == "published",
                col(TrainingEvent.id).in_(list(mine) or [0])),
        )
        .order_by(col(TrainingEvent.starts_at), col(TrainingEvent.id))
        .limit(LIST_MAX)
    ).all()  # fmt: skip
    if tech.status != "active":
        return []
    return [_tech_event(session, e, course or "", mine.get(e.id), now) for e, course in rows]


def _tech_event(
    session: Session, e: TrainingEvent, course: str, row: EventSignup | None, now: datetime
) -> TechEvent:
    status = row.status if row else ""
    live = e.status == "published"
    opens, closes = checkin_window(e)
    return TechEvent(
        e.id, e.title, e.description, organiser_name(session, e), e.place, e.starts_at,
        e.ends_at, e.capacity, max(0, e.capacity - e.seats_taken), e.status, course, status,
        waiting_position(session, row) if row else 0,
        can_sign_up=live and now < e.starts_at and status in ("", "cancelled"),
        can_cancel=live and now < e.starts_at and status in ("seated", "waiting"),
        can_check_in=live and status == "seated" and opens <= now < closes,
    )  # fmt: skip
