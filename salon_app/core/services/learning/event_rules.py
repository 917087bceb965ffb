"""Training events' shared rules: who an event is open to, who organises it, the check-in code.

Open to: a platform event (merchant_id None) to every active technician; a shop's event to the
active technicians of that shop only (another shop's technician is refused as if it did not
exist). The organiser's name (on training records and cards) is the shop's name, or the
platform's for its own events.

The check-in code: six digits derived from the server's lookup key, the event id and the moment
it was published (an HMAC), so the organiser's page can show it again at any time while the
table keeps only its keyed hash (TrainingEvent.checkin_code_hash); a code entered for one event
hashes differently for every other event.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from salon_app.core.crypto import get_keys, lookup_hash
from salon_app.core.errors import DomainError
from salon_app.core.models import Merchant, Technician, TrainingEvent
from salon_app.core.settings import get_settings

PLATFORM_ORGANISER = "悦约到家"  # the platform's name on training records (app.name)
CODE_DIGITS = 6
CHECKIN_OPENS_BEFORE = timedelta(minutes=30)  # check-in opens this long before the start ...
CHECKIN_MAX_ATTEMPTS = 5  # ... until the end; codes a sign-up may enter, right or wrong
REMIND_BEFORE = timedelta(hours=24)


def checkin_code(event: TrainingEvent) -> str:
    """The code shown at the event (and to its organiser); never stored."""
    message = f"event-checkin:{event.id}:{int(event.created_at.timestamp())}"
    digest = hmac.new(get_keys().lookup_key, message.encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 10**CODE_DIGITS:0{CODE_DIGITS}d}"


def code_hash(event_id: int, code: str) -> str:
    return lookup_hash(f"event-checkin:{event_id}:{code}")


def code_matches(event: TrainingEvent, entered: str) -> bool:
    return hmac.compare_digest(code_hash(event.id, entered), event.checkin_code_hash)


def organiser_name(session: Session, event: TrainingEvent) -> str:
    if event.merchant_id is None:
        return PLATFORM_ORGANISER
    shop = session.get(Merchant, event.merchant_id)
    return shop.name if shop else ""


def is_open_to(event: TrainingEvent, tech: Technician) -> bool:
    return tech.status == "active" and event.merchant_id in (None, tech.merchant_id)


def event_for(session: Session, tech: Technician, event_id: int) -> TrainingEvent:
    """The event if it is open to the technician; anything else is 'not found'."""
    event = session.get(TrainingEvent, event_id, populate_existing=True)
    if event is None or not is_open_to(event, tech):
        raise DomainError("learning.event_not_found")
    return event


def technician(session: Session, technician_id: int) -> Technician:
    tech = session.get(Technician, technician_id)
    if tech is None:
        raise DomainError("technician.not_found")
    return tech


def event_time(event: TrainingEvent) -> str:
    """The start as messages give it, in local time: "05月20日 14:30"."""
    zone = ZoneInfo(get_settings().timezone)
    return event.starts_at.astimezone(zone).strftime("%m月%d日 %H:%M")


def checkin_window(event: TrainingEvent) -> tuple[datetime, datetime]:
    """[opens, closes): from 30 minutes before the start until the end."""
    return event.starts_at - CHECKIN_OPENS_BEFORE, event.ends_at
