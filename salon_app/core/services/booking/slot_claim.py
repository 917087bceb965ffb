"""The database is the last word on a technician's time: a booking that clashes with another
(the PostgreSQL exclusion constraint, a conflict that slipped past the availability check) fails
as booking.slot_taken, and any refusal undoes the whole change."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from salon_app.core.errors import DomainError


@contextmanager
def slot_claim(session: Session) -> Iterator[None]:
    """Wrap a booking change up to and including its commit."""
    try:
        yield
    except IntegrityError as exc:  # the exclusion constraint: someone else got there first
        session.rollback()
        raise DomainError("booking.slot_taken") from exc
    except DomainError:
        session.rollback()
        raise
