"""The technician search's first step: who offers the service and passes the filters.

SQL applies every filter it can (service, standing, the certificate the service's category
requires, gender, age, experience, rating, price)
and, for a search near a place, a latitude/longitude box around it on the service areas'
indexed center_lat (or on the home cell of a technician without areas). Birth dates and
homes are encrypted (models/coarse.py): SQL filters on the plain birth year and home cell,
and only the rows kept are decrypted (the boundary year of an age filter, the homes of
technicians without areas, the ages on the cards shown). Python then keeps those
whose nearest area centre is within the radius by geodesic distance, and applies the skill
substring (skills are stored as JSON, so SQL cannot match them portably) to the tags that
count (a tag requiring a course counts once its certificate is held: certificates).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Row, String, Text, type_coerce
from sqlmodel import Session, and_, col, or_, select

from salon_app.core.models import Merchant, ServiceArea, Technician, TechnicianService
from salon_app.core.models.coarse import COARSE_MARGIN
from salon_app.core.models.types import EncryptedDate, EncryptedFloat
from salon_app.core.services.availability import Profile, profile_of, read_rows
from salon_app.core.services.certificates import (
    category_requires_course,
    qualified_for,
    required_certificate,
    uncounted_tags,
)
from salon_app.core.services.geo import BoundingBox, Place, within


@dataclass(frozen=True)
class TechnicianFilter:
    """What the customer asks for; every field but service_id is optional."""

    service_id: int
    gender: str | None = None  # female | male
    age_min: int | None = None
    age_max: int | None = None
    years_min: int | None = None
    skill: str | None = None  # substring of one of the technician's skills
    rating_min: float | None = None  # compared in hundredths, like rating_sum
    price_min_fen: int | None = None
    price_max_fen: int | None = None
    near: Place | None = None  # the customer's place (lat, lng)
    radius_km: float = 10.0
    available_on: date | None = None  # local day with at least one free slot for the service
    sort: str = "rating"  # distance | rating | price ("distance" needs `near`)
    # Only technicians one of whose service areas covers `near` (who would take the booking).
    serving_near: bool = False


_CARD_COLUMNS = 15  # the columns of _query, before any the near search adds
_DATE, _FLOAT = EncryptedDate(), EncryptedFloat()


class Candidate:
    """A technician who passed the filters: what sorting, the availability check and the
    card need, unpacked once from the row (by position: the columns of _query, in order)."""

    __slots__ = (
        "_born",
        "birth_year",
        "display_name",
        "distance_km",
        "gender",
        "id",
        "merchant_name",
        "photo_url",
        "price_fen",
        "profile",
        "rating",
        "rating_count",
        "skills",
        "years_experience",
    )

    def __init__(self, row: Row[Any], distance: float | None = None) -> None:
        (self.id, self.display_name, self.gender, self._born, self.years_experience,
         skills, self.photo_url, rating_sum, self.rating_count, self.price_fen,
         self.merchant_name, shop_tz, shop_lat, shop_lng,
         self.birth_year) = row[:_CARD_COLUMNS]  # fmt: skip
        self.skills = skills_of(skills)
        self.rating = rating_sum / self.rating_count / 100 if self.rating_count else None
        self.profile: Profile = profile_of(shop_tz, shop_lat, shop_lng)
        self.distance_km = distance

    @property
    def birth_date(self) -> date | None:
        """Decrypted when asked (the cards shown, an age filter's boundary year), once."""
        if isinstance(self._born, str):
            self._born = _DATE.reveal(self._born)
        return self._born


def age_on(birth: date | None, today: date) -> int | None:
    """Age in whole years on `today` (None when the birth date is not known)."""
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _born_by(today: date, years: int) -> date:
    """The latest birth date of someone at least `years` old today (29 Feb -> 28 Feb)."""
    year = today.year - years
    day = 28 if (today.month, today.day) == (2, 29) else today.day
    return date(year, today.month, day)


def _query(f: TechnicianFilter, today: date, required: str, courses: bool = False) -> Any:
    """Technicians offering the service, active, with every filter SQL can apply
    (`required`: the certificate type the service's category requires, "" none; `courses`:
    the category requires courses)."""
    query = (
        select(  # Candidate unpacks these by position
            Technician.id,
            Technician.display_name,
            Technician.gender,
            type_coerce(Technician.birth_date, Text),  # a token: Candidate.birth_date opens it
            Technician.years_experience,
            type_coerce(Technician.skills, String),  # decoded by skills_of
            Technician.photo_url,
            Technician.rating_sum,
            Technician.rating_count,
            TechnicianService.price_fen,
            Merchant.name,
            Merchant.timezone,
            Merchant.lat,
            Merchant.lng,
            Technician.birth_year,
        )
        .join(TechnicianService, col(TechnicianService.technician_id) == Technician.id)
        .outerjoin(Merchant, col(Merchant.id) == Technician.merchant_id)
        .where(
            TechnicianService.service_id == f.service_id,
            Technician.status == "active",
            qualified_for(Technician.id, required, today, f.service_id if courses else None),
            or_(col(Technician.merchant_id).is_(None), col(Merchant.is_active).is_(True)),
        )
    )
    if f.gender:
        query = query.where(Technician.gender == f.gender)
    if f.age_min is not None:  # the exact date is checked in Python (_ages_fit)
        query = query.where(col(Technician.birth_year) <= _born_by(today, f.age_min).year)
    if f.age_max is not None:
        query = query.where(col(Technician.birth_year) >= _born_by(today, f.age_max + 1).year)
    if f.years_min is not None:
        query = query.where(col(Technician.years_experience) >= f.years_min)
    if f.rating_min is not None:
        hundredths = round(f.rating_min * 100)
        query = query.where(
            col(Technician.rating_count) > 0,
            col(Technician.rating_sum) >= hundredths * col(Technician.rating_count),
        )
    if f.price_min_fen is not None:
        query = query.where(col(TechnicianService.price_fen) >= f.price_min_fen)
    if f.price_max_fen is not None:
        query = query.where(col(TechnicianService.price_fen) <= f.price_max_fen)
    return query


def find_candidates(session: Session, f: TechnicianFilter, today: date) -> list[Candidate]:
    """Candidates passing every filter but availability, with their distance when near."""
    required = required_certificate(session, f.service_id)
    if required is None:
        return []  # no such service
    base = _query(f, today, required, category_requires_course(session, f.service_id))
    skill = f.skill.casefold() if f.skill else None
    found: dict[int, Candidate] = {}
    if f.near is None:
        for row in read_rows(session, base):
            candidate = Candidate(row)
            if _ages_fit(candidate, f, today):
                found[candidate.id] = candidate
        return _counting_skills(session, found, skill, today)
    box = BoundingBox.around(f.near, f.radius_km)
    # One row per service area in the box, or one for a technician without areas whose
    # home is in the box.
    query = (
        base.add_columns(
            ServiceArea.id,
            ServiceArea.center_lat,
            ServiceArea.center_lng,
            ServiceArea.radius_km,
            type_coerce(Technician.home_lat, Text),  # tokens: opened for homes only
            type_coerce(Technician.home_lng, Text),
        )
        .outerjoin(ServiceArea, col(ServiceArea.technician_id) == Technician.id)
        .where(
            or_(
                box.holds(ServiceArea),
                and_(
                    col(ServiceArea.id).is_(None),
                    box.widened(COARSE_MARGIN).holds(Technician, "home_cell_lat", "home_cell_lng"),
                ),
            )
        )
    )
    for row in read_rows(session, query):
        area_id, area_lat, area_lng, area_km, home_lat, home_lng = row[_CARD_COLUMNS:]
        if area_id is None and f.serving_near:
            continue  # no service area: serves nowhere at home
        if area_id is None:
            place = (_FLOAT.reveal(home_lat), _FLOAT.reveal(home_lng))
        else:
            place = (area_lat, area_lng)
        km = within(f.near, place, min(f.radius_km, area_km) if f.serving_near else f.radius_km)
        if km is None:
            continue
        known = found.get(row[0])
        if known is not None:  # another of their areas: keep the nearest
            known.distance_km = min(km, known.distance_km if known.distance_km is not None else km)
            continue
        candidate = Candidate(row, km)
        if _ages_fit(candidate, f, today):
            found[candidate.id] = candidate
    return _counting_skills(session, found, skill, today)


def _ages_fit(c: Candidate, f: TechnicianFilter, today: date) -> bool:
    """The exact age filter, for the candidates SQL kept by birth year: only those born in a
    boundary year are decrypted."""
    if f.age_min is not None:
        latest = _born_by(today, f.age_min)
        if c.birth_year == latest.year and c.birth_date > latest:
            return False
    if f.age_max is not None:
        earliest = _born_by(today, f.age_max + 1)
        if c.birth_year == earliest.year and c.birth_date <= earliest:
            return False
    return True


def _counting_skills(
    session: Session, found: dict[int, Candidate], skill: str | None, today: date
) -> list[Candidate]:
    """Only the tags that count stay on the cards; the skill filter matches those."""
    lacking = uncounted_tags(session, {c.id: c.skills for c in found.values()}, today)
    for tech_id, tags in lacking.items():
        found[tech_id].skills = tuple(s for s in found[tech_id].skills if s not in tags)
    return [c for c in found.values() if skill is None or _has_skill(c.skills, skill)]


def _has_skill(skills: Sequence[str], needle: str) -> bool:
    return any(needle in s.casefold() for s in skills)


def skills_of(stored: str | list[str] | None) -> tuple[str, ...]:
    """Technician.skills as read undecoded (JSON text; PostgreSQL's driver decodes it)."""
    if isinstance(stored, str):
        return _decoded(stored)
    return tuple(stored or ())


@lru_cache(maxsize=4096)
def _decoded(text: str) -> tuple[str, ...]:
    """Many technicians list the same skills: decode each distinct list once."""
    return tuple(json.loads(text) or ())
