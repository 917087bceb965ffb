"""Training a technician has completed (培训经历): kept by the technician, shown to customers.

Records are the technician's own statement, like a CV line: course, organiser (school,
association or the shop that ran it), completion date, optional hours and note. Only the
technician adds or removes them; rows of other technicians are refused as not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, func, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import CompletedTraining, Merchant, Technician
from salon_app.core.services.access import Actor, require_technician

COURSE_MAX = 60
ORGANISER_MAX = 60
NOTE_MAX = 200
HOURS_MIN, HOURS_MAX = 1, 2000
TRAINING_MAX = 30
EARLIEST_COMPLETION = date(1950, 1, 1)


@dataclass(frozen=True)
class TrainingItem:
    id: int
    course_name: str
    organiser: str
    completed_on: date
    hours: int | None
    note: str
    by_shop: bool  # run by a shop on the platform (organiser is that shop's name)


@dataclass(frozen=True)
class NewTraining:
    course_name: str
    organiser: str
    completed_on: date | None
    hours: int | None = None
    note: str = ""
    by_my_shop: bool = False  # the technician's own shop ran it; organiser becomes its name


def _item(row: CompletedTraining) -> TrainingItem:
    return TrainingItem(
        row.id,
        row.course_name,
        row.organiser,
        row.completed_on,
        row.hours,
        row.note,
        row.merchant_id is not None,
    )


def list_training(session: Session, technician_id: int) -> list[TrainingItem]:
    """Newest first: what a customer reads on the profile."""
    rows = session.exec(
        select(CompletedTraining)
        .where(CompletedTraining.technician_id == technician_id)
        .order_by(col(CompletedTraining.completed_on).desc(), col(CompletedTraining.id).desc())
    ).all()
    return [_item(r) for r in rows]


def my_training(session: Session, actor: Actor | None) -> list[TrainingItem]:
    """The actor's own records, for their profile page."""
    return list_training(session, require_technician(actor))


def _checked(session: Session, tech: Technician, new: NewTraining) -> CompletedTraining:
    course = (new.course_name or "").strip()
    organiser = (new.organiser or "").strip()
    note = (new.note or "").strip()
    if not course:
        raise DomainError("tech_profile.training_name_required")
    shop = session.get(Merchant, tech.merchant_id) if tech.merchant_id else None
    if new.by_my_shop:
        if shop is None:
            raise DomainError("tech_profile.training_no_shop")
        organiser = shop.name[:ORGANISER_MAX]
    if not organiser:
        raise DomainError("tech_profile.training_organiser_required")
    if len(course) > COURSE_MAX or len(organiser) > ORGANISER_MAX:
        raise DomainError("tech_profile.training_too_long", max=COURSE_MAX)
    if len(note) > NOTE_MAX:
        raise DomainError("tech_profile.training_note_too_long", max=NOTE_MAX)
    today = local_today()
    if new.completed_on is None:
        raise DomainError("tech_profile.training_date_required")
    if not EARLIEST_COMPLETION <= new.completed_on <= today:
        raise DomainError("tech_profile.training_date_invalid")
    hours = new.hours
    if hours is not None and (
        isinstance(hours, bool) or not isinstance(hours, int) or not HOURS_MIN <= hours <= HOURS_MAX
    ):
        raise DomainError("tech_profile.training_hours_invalid", low=HOURS_MIN, high=HOURS_MAX)
    return CompletedTraining(
        technician_id=tech.id,
        course_name=course,
        organiser=organiser,
        merchant_id=shop.id if new.by_my_shop and shop else None,
        completed_on=new.completed_on,
        hours=hours,
        note=note,
        created_at=utcnow(),
    )


def add_training(session: Session, actor: Actor | None, new: NewTraining) -> TrainingItem:
    """Course (required, up to 60 chars), organiser (required, up to 60; or the technician's own
    shop), completion date (required, not in the future, not before 1950), hours 1-2000 if
    given, a note up to 200 chars; at most 30 records. Bad input changes nothing."""
    tech = session.get(Technician, require_technician(actor))
    if tech is None:
        raise DomainError("technician.not_found")
    row = _checked(session, tech, new)
    count = session.exec(
        select(func.count())
        .select_from(CompletedTraining)
        .where(CompletedTraining.technician_id == tech.id)
    ).one()
    if count >= TRAINING_MAX:
        raise DomainError("tech_profile.too_many_training", max=TRAINING_MAX)
    session.add(row)
    session.commit()
    return _item(row)


def remove_training(session: Session, actor: Actor | None, training_id: int) -> None:
    """Delete one of the actor's own training records; anyone else's is 'not found'."""
    tech_id = require_technician(actor)
    row = session.get(CompletedTraining, training_id)
    if row is None or row.technician_id != tech_id:
        raise DomainError("tech_profile.training_not_found")
    session.delete(row)
    session.commit()
