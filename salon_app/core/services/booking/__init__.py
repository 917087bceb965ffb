"""A customer books and changes their mind: a new order holding a slot with a chosen technician or
any nearby one (new_order.py); cancel and reschedule, with the free-change window and the
cancellation fee (changes.py).
"""

from __future__ import annotations

from salon_app.core.services.booking import changes
from salon_app.core.services.booking.new_order import (
    SERVICES_PER_VISIT_MAX,
    SPECIAL_NEEDS_MAX,
    BookingRequest,
    any_nearby_times,
    book,
    book_any_nearby,
    locate_address,
    visit_slots,
)

__all__ = [
    "SERVICES_PER_VISIT_MAX",
    "SPECIAL_NEEDS_MAX",
    "BookingRequest",
    "any_nearby_times",
    "book",
    "book_any_nearby",
    "changes",
    "locate_address",
    "visit_slots",
]
