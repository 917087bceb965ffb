"""Technician learning: courses with sections, lessons and a quiz, progress, course
certificates and their public check, assignments and challenges, offline training events.

Which certificates qualify a technician for a category or a skill tag is decided in
services/certificates (the one qualification rule discovery, dispatch and booking apply).

Training events (event_*.py, events.py): publishing by the platform or a shop, sign-ups with a
waitlist and its promotions, the 24-hour reminders, check-in with the code shown at the event
and what attendance earns (the linked course's certificate, or a training record).
"""

from salon_app.core.services.learning.course_certificates import issue_certificate, new_serial
from salon_app.core.services.learning.event_checkin import (
    Attendance,
    check_in,
    check_in_by_organiser,
)
from salon_app.core.services.learning.event_reminders import remind_upcoming_events
from salon_app.core.services.learning.event_rules import (
    CHECKIN_MAX_ATTEMPTS,
    CHECKIN_OPENS_BEFORE,
    PLATFORM_ORGANISER,
    checkin_code,
    code_hash,
)
from salon_app.core.services.learning.event_signups import (
    SignupResult,
    TechEvent,
    cancel_signup,
    events_for_technician,
    sign_up,
)
from salon_app.core.services.learning.event_tables import (
    EVENT_SORTS,
    SIGNUP_SORTS,
    EventDetail,
    EventRow,
    SignupRow,
    event_detail,
    event_table,
    signup_table,
)
from salon_app.core.services.learning.events import (
    EventDraft,
    cancel_event,
    course_choices,
    event_desk,
    publish_event,
    update_event,
)

__all__ = [
    # training events
    "CHECKIN_MAX_ATTEMPTS",
    "CHECKIN_OPENS_BEFORE",
    "EVENT_SORTS",
    "PLATFORM_ORGANISER",
    "SIGNUP_SORTS",
    "Attendance",
    "EventDetail",
    "EventDraft",
    "EventRow",
    "SignupResult",
    "SignupRow",
    "TechEvent",
    "cancel_event",
    "cancel_signup",
    "check_in",
    "check_in_by_organiser",
    "checkin_code",
    "code_hash",
    "course_choices",
    "event_desk",
    "event_detail",
    "event_table",
    "events_for_technician",
    "issue_certificate",
    "new_serial",
    "publish_event",
    "remind_upcoming_events",
    "sign_up",
    "signup_table",
    "update_event",
]
