"""Safety on home visits: the SOS button of the technician and the customer during a visit
(sos.py: the visit window, one alert per order and person within a few minutes, the position
kept encrypted, the emergency numbers) and the customer's share-my-visit link (share.py: an
unguessable, revocable token that shows the technician, the service and the live step, never an
address or a phone, until the visit ended a while ago).
"""

from __future__ import annotations

from salon_app.core.services.safety.share import (
    SharedVisit,
    ShareLink,
    create_share,
    my_share,
    revoke_share,
    shared_visit,
    shared_visit_version,
)
from salon_app.core.services.safety.sos import EMERGENCY_NUMBER, SosResult, in_visit, sos, sos_open

__all__ = [
    "EMERGENCY_NUMBER",
    "ShareLink",
    "SharedVisit",
    "SosResult",
    "create_share",
    "in_visit",
    "my_share",
    "revoke_share",
    "shared_visit",
    "shared_visit_version",
    "sos",
    "sos_open",
]
