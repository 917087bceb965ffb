"""Who should get an order: rank technicians by distance, rating, skill and load.

Rules (the same for the fast path and for the brute-force check in bench/):
- eligible: active, offers the service, free at the order's time (the availability engine),
  and for at-home orders the address lies inside one of their service areas; for in-shop
  orders they work in a shop within the dispatch radius;
- score = 0.40 distance + 0.25 rating + 0.15 skill + 0.20 load, each in [0, 1], where
  distance = 1 - km / radius, rating = stars / 5 (4.0 when unrated), skill = 1 when a listed
  skill names the service else 0.5, load = 1 / (1 + holding orders in the next 7 days);
- ties break on technician id. A spatial prefilter (a lat/lng box around the order) keeps the
  cost independent of the total number of technicians; geodesic distance only for survivors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from geopy.distance import geodesic
from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Merchant,
    Order,
    Service,
    ServiceArea,
    Technician,
    TechnicianService,
)
from salon_app.core.services import availability
from salon_app.core.settings import get_settings

WEIGHTS = {"distance": 0.40, "rating": 0.25, "skill": 0.15, "load": 0.20}
KM_PER_DEGREE_LAT = 111.32


@dataclass(frozen=True)
class Candidate:
    technician_id: int
    score: float
    components: dict[str, float]


@dataclass(frozen=True)
class Job:
    """What is being placed: service, time and place."""

    service_id: int
    starts_at: datetime
    duration_min: int
    at: tuple[float, float]
    at_home: bool
    order_id: int | None = None  # when moving an existing order, its own hold is ignored


def box(at: tuple[float, float], radius_km: float) -> tuple[float, float, float, float]:
    """A lat/lng box that contains every point within radius_km of `at`."""
    dlat = radius_km / KM_PER_DEGREE_LAT
    dlng = radius_km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(at[0])), 0.01))
    return at[0] - dlat, at[0] + dlat, at[1] - dlng, at[1] + dlng


def score_of(km: float, radius: float, rating: float | None, skill: bool, load: int) -> Candidate:
    parts = {
        "distance": max(0.0, 1 - km / radius),
        "rating": (rating if rating is not None else 4.0) / 5,
        "skill": 1.0 if skill else 0.5,
        "load": 1 / (1 + load),
    }
    total = sum(WEIGHTS[k] * v for k, v in parts.items())
    return Candidate(0, round(total, 6), {**{k: round(v, 4) for k, v in parts.items()}})


def _rows(session: Session, job: Job, radius: float, exclude: set[int]) -> list[tuple]:
    lat0, lat1, lng0, lng1 = box(job.at, radius + (30 if job.at_home else 0))
    offers = select(TechnicianService.technician_id).where(
        TechnicianService.service_id == job.service_id
    )
    if job.at_home:  # a service-area centre near enough that its circle may cover the address
        query = (
            select(
                Technician, ServiceArea.center_lat, ServiceArea.center_lng, ServiceArea.radius_km
            )
            .join(ServiceArea, ServiceArea.technician_id == Technician.id)
            .where(ServiceArea.center_lat.between(lat0, lat1))
            .where(ServiceArea.center_lng.between(lng0, lng1))
        )
    else:  # in-shop: technicians of shops inside the radius
        query = (
            select(
                Technician,
                Merchant.lat,
                Merchant.lng,
                func.cast(radius, ServiceArea.radius_km.type),
            )
            .join(Merchant, Merchant.id == Technician.merchant_id)
            .where(Merchant.lat.between(lat0, lat1), Merchant.lng.between(lng0, lng1))
        )
    query = query.where(Technician.status == "active", col(Technician.id).in_(offers))
    if exclude:
        query = query.where(col(Technician.id).not_in(exclude))
    return list(session.exec(query).all())


def _loads(session: Session, ids: list[int], now: datetime) -> dict[int, int]:
    if not ids:
        return {}
    rows = session.exec(
        select(Order.technician_id, func.count(Order.id))
        .where(col(Order.technician_id).in_(ids), Order.holds_slot)
        .where(Order.starts_at >= now, Order.starts_at < now + timedelta(days=7))
        .group_by(Order.technician_id)
    ).all()
    return dict(rows)


def rank_candidates(
    session: Session,
    job: Job,
    limit: int = 10,
    exclude: set[int] | frozenset[int] = frozenset(),
    now: datetime | None = None,
) -> list[Candidate]:
    """The `limit` best technicians free for `job`, best first, with their score components."""
    now = now or utcnow()
    radius = get_settings().dispatch_radius_km
    service = session.get(Service, job.service_id)
    if service is None:
        raise DomainError("booking.service_not_offered")
    eligible: dict[int, tuple[Technician, float]] = {}
    for tech, lat, lng, reach in _rows(session, job, radius, set(exclude)):
        km = geodesic((lat, lng), job.at).km
        if km > (reach if job.at_home else radius):  # outside their area / too far a shop
            continue
        if tech.id not in eligible or km < eligible[tech.id][1]:
            eligible[tech.id] = (tech, km)
    loads = _loads(session, list(eligible), now)
    scored = []
    for tech, km in eligible.values():
        rating = tech.rating_sum / tech.rating_count / 100 if tech.rating_count else None
        skill = any(service.name in s for s in tech.skills or [])
        c = score_of(min(km, radius), radius, rating, skill, loads.get(tech.id, 0))
        scored.append(Candidate(tech.id, c.score, {**c.components, "distance_km": round(km, 2)}))
    scored.sort(key=lambda c: (-c.score, c.technician_id))
    picked: list[Candidate] = []
    for cand in scored:
        try:
            availability.check_slot(
                session,
                cand.technician_id,
                job.starts_at,
                job.duration_min,
                job.at_home,
                job.at if job.at_home else None,
                now=now,
                ignore_order_id=job.order_id,
            )
        except DomainError:
            continue
        picked.append(cand)
        if len(picked) == limit:
            break
    return picked
