"""The rules every booking obeys, in one place: blocks, buffers, travel time, service areas.

An order blocks its technician from its start until its end plus a buffer (turnover in a shop,
at least the minimum travel buffer at home). Between two at-home jobs the gap must also cover
the straight-line travel time at the configured speed. An at-home job must lie inside one
of the technician's service areas (geodesic distance to the centre within its radius).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from geopy.distance import geodesic
from sqlmodel import Session, select

from salon_app.core.models import ServiceArea
from salon_app.core.settings import Settings, get_settings


def buffer_after(at_home: bool, settings: Settings | None = None) -> timedelta:
    s = settings or get_settings()
    return timedelta(minutes=s.travel_min_buffer_min if at_home else s.shop_buffer_min)


def block_for(
    starts_at: datetime, ends_at: datetime, at_home: bool, settings: Settings | None = None
) -> tuple[datetime, datetime]:
    """The interval [start, end) an order holds; the database keeps these disjoint."""
    return starts_at, ends_at + buffer_after(at_home, settings)


def travel_minutes(
    origin: tuple[float, float] | None,
    destination: tuple[float, float] | None,
    settings: Settings | None = None,
) -> int:
    """Minutes to get from one job to the next; 0 when either place is unknown (in shop)."""
    if origin is None or destination is None:
        return 0
    s = settings or get_settings()
    km = geodesic(origin, destination).km
    return math.ceil(km / s.travel_speed_kmh * 60)


def serves_address(session: Session, technician_id: int, at: tuple[float, float]) -> bool:
    """The place lies inside one of the technician's service areas."""
    areas = session.exec(select(ServiceArea).where(ServiceArea.technician_id == technician_id))
    return any(geodesic((a.center_lat, a.center_lng), at).km <= a.radius_km for a in areas)
