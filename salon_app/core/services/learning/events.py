"""Training events published by the platform or a shop: publish, edit, cancel.

Who: operators with Permission.manage_learning publish platform events (open to every
technician); shop staff with Capability.manage_learning publish their shop's (open to its own
technicians). Operators see every event and may cancel a shop's (taken down); each desk edits
only its own; another shop's event looks like a missing one.

A valid event: a title (1-40 characters), a description up to 500, a place (1-120), a start in
the future (within a year) and an end after it, at most 24 hours later (one session per event:
a course over several days is published as several events, each with its own seats and
check-in), a capacity of 1-500, and optionally a linked published course that the desk may use
(the platform's courses; a shop also its own), which attendance completes.
Editing: only before the start and while published; the capacity never goes below the seats
taken; a larger capacity seats the first waiting at once; a new time or place is told to
everyone signed up, and a new time sends the 24-hour reminder again. Cancelling notifies
everyone seated or waiting. Every change is audited in its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, or_, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import Course, EventSignup, Role, Technician, TrainingEvent
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.learning.event_rules import checkin_code, code_hash, event_time
from salon_app.core.services.learning.event_signups import promote_waiting
from salon_app.core.services.merchants import Capability, require_shop
from salon_app.core.services.notifications import notify

TITLE_MAX, DESCRIPTION_MAX, PLACE_MAX = 40, 500, 120
CAPACITY_MIN, CAPACITY_MAX = 1, 500
LONGEST = timedelta(hours=24)
FURTHEST = timedelta(days=365)


@dataclass(frozen=True)
class EventDesk:
    """Who is organising: the platform (shop_id None) or one shop."""

    shop_id: int | None


@dataclass(frozen=True)
class EventDraft:
    title: str
    description: str
    place: str
    starts_at: datetime | None
    ends_at: datetime | None
    capacity: int | None
    course_id: int | None = None


def event_desk(session: Session, actor: Actor | None) -> EventDesk:
    """The platform's desk for operators with manage_learning, a shop's for its staff with the
    shop's manage_learning; anyone else is refused."""
    if actor is not None and actor.role == Role.admin:
        require_admin(session, actor, Permission.manage_learning)
        return EventDesk(None)
    return EventDesk(require_shop(session, actor, Capability.manage_learning).merchant_id)


def own_event(
    session: Session, desk: EventDesk, event_id: int, *, cancelling: bool = False
) -> TrainingEvent:
    """The desk's own event (the platform may also cancel a shop's), else 'not found'."""
    event = session.get(TrainingEvent, event_id, populate_existing=True)
    if event is None:
        raise PermissionDenied("learning.event_not_found")
    if event.merchant_id != desk.shop_id and not (cancelling and desk.shop_id is None):
        raise PermissionDenied("learning.event_not_found")
    return event


def course_choices(session: Session, actor: Actor | None) -> list[tuple[int, str]]:
    """Published courses an event of this desk may link: the platform's, and a shop's own."""
    desk = event_desk(session, actor)
    rows = session.exec(
        select(Course.id, Course.title)
        .where(
            Course.status == "published",
            or_(col(Course.merchant_id).is_(None), col(Course.merchant_id) == desk.shop_id)
            if desk.shop_id is not None
            else col(Course.merchant_id).is_(None),
        )
        .order_by(col(Course.title), col(Course.id))
    ).all()
    return [(int(i), title) for i, title in rows]


def _checked(session: Session, actor: Actor | None, d: EventDraft, now: datetime) -> EventDraft:
    title, place = (d.title or "").strip(), (d.place or "").strip()
    description = (d.description or "").strip()
    if not title:
        raise DomainError("validation.required", field="field.event_title")
    if len(title) > TITLE_MAX:
        raise DomainError("validation.too_long", field="field.event_title", max=TITLE_MAX)
    if len(description) > DESCRIPTION_MAX:
        raise DomainError(
            "validation.too_long", field="field.event_description", max=DESCRIPTION_MAX
        )
    if not place:
        raise DomainError("validation.required", field="field.event_place")
    if len(place) > PLACE_MAX:
        raise DomainError("validation.too_long", field="field.event_place", max=PLACE_MAX)
    if d.starts_at is None:
        raise DomainError("validation.required", field="field.event_starts")
    if d.ends_at is None:
        raise DomainError("validation.required", field="field.event_ends")
    if d.starts_at <= now:
        raise DomainError("learning.event_in_past")
    if d.starts_at > now + FURTHEST:
        raise DomainError("learning.event_too_far")
    if d.ends_at <= d.starts_at:
        raise DomainError("learning.event_ends_before_start")
    if d.ends_at - d.starts_at > LONGEST:
        raise DomainError("learning.event_too_long", hours=int(LONGEST.total_seconds() // 3600))
    capacity = d.capacity
    if (
        isinstance(capacity, bool)
        or not isinstance(capacity, int)
        or not CAPACITY_MIN <= capacity <= CAPACITY_MAX
    ):
        raise DomainError("learning.event_capacity_range", low=CAPACITY_MIN, high=CAPACITY_MAX)
    if d.course_id is not None and d.course_id not in dict(course_choices(session, actor)):
        raise DomainError("learning.event_course_invalid")
    return EventDraft(title, description, place, d.starts_at, d.ends_at, capacity, d.course_id)


def publish_event(session: Session, actor: Actor | None, draft: EventDraft) -> TrainingEvent:
    """The desk publishes an event (rules in the module docstring); its check-in code is
    derived and only its hash is kept."""
    desk = event_desk(session, actor)
    now = utcnow()
    d = _checked(session, actor, draft, now)
    event = TrainingEvent(
        title=d.title, description=d.description, merchant_id=desk.shop_id, place=d.place,
        starts_at=d.starts_at, ends_at=d.ends_at, capacity=d.capacity, course_id=d.course_id,
        created_by=actor.user_id, created_at=now.replace(microsecond=0),
    )  # fmt: skip
    session.add(event)
    session.flush()
    event.checkin_code_hash = code_hash(event.id, checkin_code(event))
    audit.record(session, actor, "event.publish", "training_event", event.id, title=d.title,
                 capacity=d.capacity, shop_id=desk.shop_id)  # fmt: skip
    session.commit()
    return event


def _signed_up_users(session: Session, event_id: int) -> list[int]:
    return list(
        session.exec(
            select(Technician.user_id)
            .join(EventSignup, col(EventSignup.technician_id) == Technician.id)
            .where(
                EventSignup.event_id == event_id,
                col(EventSignup.status).in_(("seated", "waiting")),
            )
            .order_by(col(EventSignup.id))
        ).all()
    )


def update_event(
    session: Session, actor: Actor | None, event_id: int, draft: EventDraft
) -> TrainingEvent:
    """The desk edits its own event before it starts (module rules)."""
    desk = event_desk(session, actor)
    event = own_event(session, desk, event_id)
    now = utcnow()
    if event.status != "published" or event.starts_at <= now:
        raise DomainError("learning.event_closed", title=event.title)
    d = _checked(session, actor, draft, now)
    # the capacity moves only above the seats taken, in one conditional update
    resized = session.execute(
        update(TrainingEvent)
        .where(col(TrainingEvent.id) == event.id, col(TrainingEvent.seats_taken) <= d.capacity)
        .values(capacity=d.capacity)
    ).rowcount
    if resized != 1:
        session.rollback()
        raise DomainError("learning.event_capacity_below_taken", taken=event.seats_taken)
    moved = d.starts_at != event.starts_at or d.ends_at != event.ends_at or d.place != event.place
    retimed = d.starts_at != event.starts_at
    event = session.get(TrainingEvent, event.id, populate_existing=True)
    event.title, event.description, event.place = d.title, d.description, d.place
    event.starts_at, event.ends_at, event.course_id = d.starts_at, d.ends_at, d.course_id
    session.add(event)
    session.flush()
    if retimed:  # the 24-hour reminder is due again for the new time
        session.execute(
            update(EventSignup)
            .where(col(EventSignup.event_id) == event.id)
            .values(reminded_at=None)
        )
    if moved:
        for user_id in _signed_up_users(session, event.id):
            notify(session, user_id, "notify.event_changed", title=event.title,
                   when=event_time(event), place=event.place)  # fmt: skip
    promote_waiting(session, event, now)
    audit.record(session, actor, "event.update", "training_event", event.id, title=event.title,
                 capacity=event.capacity)  # fmt: skip
    session.commit()
    return event


def cancel_event(session: Session, actor: Actor | None, event_id: int) -> TrainingEvent:
    """The desk cancels its event (the platform any event) before it ends; everyone seated or
    waiting is notified. Sign-ups keep their status so the organiser still sees who came."""
    desk = event_desk(session, actor)
    event = own_event(session, desk, event_id, cancelling=True)
    if event.status != "published":
        raise DomainError("learning.event_cancelled", title=event.title)
    if event.ends_at <= utcnow():
        raise DomainError("learning.event_closed", title=event.title)
    done = session.execute(
        update(TrainingEvent)
        .where(col(TrainingEvent.id) == event.id, col(TrainingEvent.status) == "published")
        .values(status="cancelled")
    ).rowcount
    if done != 1:
        session.rollback()
        raise DomainError("learning.event_cancelled", title=event.title)
    for user_id in _signed_up_users(session, event.id):
        notify(session, user_id, "notify.event_cancelled", title=event.title,
               when=event_time(event))  # fmt: skip
    audit.record(session, actor, "event.cancel", "training_event", event.id, title=event.title)
    session.commit()
    return session.get(TrainingEvent, event.id, populate_existing=True)
