"""Who should get an order: the `limit` best technicians under the rules of scoring.py
(eligibility, distance, rating, skill, load; best score first, ties on the lower id).

How it stays fast whatever the number of technicians: index.py keeps everyone's places in a
grid per service; search.py walks it nearest first with an upper bound on each score, and
reads, checks and measures exactly only those who can still make the top `limit`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, exists
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import CourseRequirement, Service, ServiceCategory
from salon_app.core.services.dispatch.grid import TechInfo
from salon_app.core.services.dispatch.index import index_for
from salon_app.core.services.dispatch.scoring import Candidate, Job, has_skill, static_part
from salon_app.core.services.dispatch.search import Search
from salon_app.core.settings import get_settings

# The service's name (skills match it), the certificate type its category requires, whether
# the category requires courses, and whether a skill tag naming the service requires one.
_SERVICE = (
    select(
        Service.name,
        ServiceCategory.required_certificate,
        exists().where(col(CourseRequirement.category_id) == ServiceCategory.id),
        exists().where(
            col(CourseRequirement.skill) != "",
            col(CourseRequirement.skill).contains(Service.name),
        ),
    )
    .join(ServiceCategory, col(ServiceCategory.id) == Service.category_id)
    .where(col(Service.id) == bindparam("id"))
)


def rank_candidates(
    session: Session,
    job: Job,
    limit: int = 10,
    exclude: set[int] | frozenset[int] = frozenset(),
    now: datetime | None = None,
) -> list[Candidate]:
    """The `limit` best technicians free for `job`, best first, with their score components
    (and "distance_km"); exactly the ranking of every technician under scoring.py's rules."""
    now = now or utcnow()
    radius = get_settings().dispatch_radius_km
    if session.autoflush:
        session.flush()  # what follows reads through the connection: see pending changes
    service = session.connection().execute(_SERVICE, {"id": job.service_id}).first()
    if service is None:
        raise DomainError("booking.service_not_offered")
    name, required, courses, skill_courses = service
    if limit <= 0:
        return []

    def part(info: TechInfo) -> float:
        return static_part(info.rating, has_skill(info.skills, name))

    index = index_for(session)
    grid = index.grid(job.service_id, name, job.at_home, part)
    search = Search(session, job, name, required, grid, index.loads, index.techs, radius, now)
    search.courses, search.skill_courses = bool(courses), bool(skill_courses)
    return search.run(limit, frozenset(exclude))
