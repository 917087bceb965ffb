"""When a technician can be booked, and the rules every booking obeys.

slots.py      free start times, one start time checked, live status (the door for callers)
engine.py     the availability rules, pure: working time, jobs, a request, the clock
data.py       what the engine needs, loaded for one technician or many in a few queries
rules.py      blocks, buffers, travel time between jobs, service areas (slots with travel time)
locks.py      serialising changes to one technician's calendar
"""

from __future__ import annotations

from salon_app.core.services.availability.data import (
    Profile,
    business_hours,
    ids_in,
    load_calendars,
    load_profiles,
    profile_of,
    read_rows,
    utc_span,
    zone,
)
from salon_app.core.services.availability.engine import (
    Limits,
    Minutes,
    Request,
    booking_limits,
    local_to_utc,
    refusal,
    shop_windows,
)
from salon_app.core.services.availability.locks import lock_shop, lock_technician_calendar
from salon_app.core.services.availability.rules import block_for, serves_address
from salon_app.core.services.availability.slots import (
    check_slot,
    first_free_start,
    free_slots,
    free_starts,
    live_status,
    live_statuses,
    next_free_slots,
)

__all__ = [
    "Limits",
    "Minutes",
    "Profile",
    "Request",
    "block_for",
    "booking_limits",
    "business_hours",
    "check_slot",
    "first_free_start",
    "free_slots",
    "free_starts",
    "ids_in",
    "live_status",
    "live_statuses",
    "load_calendars",
    "load_profiles",
    "local_to_utc",
    "lock_shop",
    "lock_technician_calendar",
    "next_free_slots",
    "profile_of",
    "read_rows",
    "refusal",
    "serves_address",
    "shop_windows",
    "utc_span",
    "zone",
]
