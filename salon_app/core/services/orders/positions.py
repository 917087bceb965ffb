"""Where the technician was at a progress step (出发/到达/开始/完成), and what the customer sees.

The position comes from the technician's browser (Geolocation API), so it is untrusted input.
A position is a courtesy, never a condition: a missing or invalid one (not two finite numbers,
latitude outside -90..90 or longitude outside -180..180) is dropped and the step is recorded
without it. Nobody but the technician sees the exact coordinates: their shop's live map shows
them snapped to a ~1 km grid (live_map.privacy), and the customer of the order sees only the
rounded distance to the service address (at-home orders with a located address).
"""

from __future__ import annotations

import math

from salon_app.core.models import Order, OrderEvent
from salon_app.core.services.geo import geodesic_km

PROGRESS_KINDS = frozenset({"departed", "arrived", "started", "completed"})
DECIMALS = 6  # ~0.1 m: more digits would only be noise from the device


def _coordinate(value: object, limit: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and -limit <= number <= limit else None


def valid_position(lat: object, lng: object) -> tuple[float, float] | None:
    """(lat, lng) rounded to 6 places when both are real coordinates, else None."""
    a, b = _coordinate(lat, 90.0), _coordinate(lng, 180.0)
    if a is None or b is None:
        return None
    return round(a, DECIMALS), round(b, DECIMALS)


def distance_to_service_m(order: Order, event: OrderEvent) -> int | None:
    """Metres from the technician's position at a progress step to the service address,
    rounded (to 50 m under 1 km, to 100 m above) so it never pinpoints the technician."""
    if event.kind not in PROGRESS_KINDS or event.lat is None or event.lng is None:
        return None
    if not order.at_home or order.lat is None or order.lng is None:
        return None
    metres = geodesic_km((event.lat, event.lng), (order.lat, order.lng)) * 1000
    step = 50 if metres < 1000 else 100
    return int(round(metres / step) * step)
