"""The rules of dispatch_ranking applied to every technician, slowly: what the fast search
must return exactly. Used by the ranking tests and by the dispatch bench's agreement check."""

from __future__ import annotations

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
from salon_app.core.services.dispatch.scoring import Candidate, Job, score_of
from salon_app.core.settings import get_settings

# Written out here, not imported from the module under test.
LOAD_DAYS = 7  # load = slot-holding orders starting in the next 7 days


class BruteForce:
    """The reference ranking: every technician offering the service, geodesic (geopy) to each
    of their places, loads of everyone, then availability.check_slot in score order.
    Technicians, areas, offers and shops are read when it is made: make a new one after
    changing them."""

    def __init__(self, session: Session) -> None:
        self.techs = {
            t.id: (t.status, t.rating_sum, t.rating_count, tuple(t.skills or ()), t.merchant_id)
            for t in session.exec(select(Technician)).all()
        }
        self.shops = {m.id: (m.lat, m.lng) for m in session.exec(select(Merchant)).all()}
        self.areas: dict[int, list[tuple[float, float, float]]] = {}
        for a in session.exec(select(ServiceArea)).all():
            self.areas.setdefault(a.technician_id, []).append(
                (a.center_lat, a.center_lng, a.radius_km)
            )
        self.offers: dict[int, set[int]] = {}
        for tech_id, service_id in session.exec(
            select(TechnicianService.technician_id, TechnicianService.service_id)
        ).all():
            self.offers.setdefault(service_id, set()).add(tech_id)

    def _km(self, tech_id: int, merchant_id: int | None, job: Job, radius: float) -> float | None:
        if job.at_home:
            kms = [
                km
                for lat, lng, reach in self.areas.get(tech_id, ())
                if (km := geodesic((lat, lng), job.at).km) <= reach
            ]
            return min(kms) if kms else None
        if merchant_id is None:
            return None
        km = geodesic(self.shops[merchant_id], job.at).km
        return km if km <= radius else None

    def rank(
        self,
        session: Session,
        job: Job,
        limit: int,
        now: datetime,
        exclude: frozenset = frozenset(),
    ) -> list[Candidate]:
        radius = get_settings().dispatch_radius_km
        name = session.get(Service, job.service_id).name
        near: dict[int, float] = {}
        for tech_id in self.offers.get(job.service_id, ()):
            status, _, _, _, merchant_id = self.techs[tech_id]
            if status == "active" and tech_id not in exclude:
                km = self._km(tech_id, merchant_id, job, radius)
                if km is not None:
                    near[tech_id] = km
        loads = dict(
            session.exec(
                select(Order.technician_id, func.count(Order.id))
                .where(col(Order.holds_slot).is_(True))
                .where(Order.starts_at >= now, Order.starts_at < now + timedelta(days=LOAD_DAYS))
                .group_by(Order.technician_id)
            ).all()
        )
        scored = []
        for tech_id, km in near.items():
            _, total, n, skills, _ = self.techs[tech_id]
            rating = total / n / 100 if n else None
            skill = any(name in listed for listed in skills)
            c = score_of(km, radius, rating, skill, loads.get(tech_id, 0))
            scored.append(
                Candidate(tech_id, c.score, {**c.components, "distance_km": round(km, 2)})
            )
        scored.sort(key=lambda c: (-c.score, c.technician_id))
        picked = []
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


def brute_force(
    session: Session,
    job: Job,
    limit: int = 10,
    exclude: frozenset[int] = frozenset(),
    now: datetime | None = None,
) -> list[Candidate]:
    """BruteForce.rank on the database as it is now."""
    return BruteForce(session).rank(session, job, limit, now or utcnow(), frozenset(exclude))
