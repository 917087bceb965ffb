"""How good a technician is for an order: the dispatch score (the one rule; ranking applies it).

Rules (the same for the fast search in ranking/search and for the brute-force checks in tests/
and bench/):
- eligible: active, offers the service, free at the order's time (the availability engine),
  and for at-home orders the address lies inside one of their service areas (geodesic
  distance to the centre <= the area's radius); for in-shop orders they work in a shop within
  the dispatch radius;
- distance: to the nearest service-area centre whose circle holds the address (at home), or
  to their shop (in shop), the WGS-84 geodesic (geopy);
- score = 0.40 distance + 0.25 rating + 0.15 skill + 0.20 load, each in [0, 1], where
  distance = 1 - km / radius (0 beyond the radius), rating = stars / 5 (4.0 when unrated),
  skill = 1 when a listed skill names the service else 0.5, load = 1 / (1 + orders holding a
  slot that start in the next 7 days); the score is rounded to 6 decimals;
- best score first, ties on the lower technician id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

WEIGHTS = {"distance": 0.40, "rating": 0.25, "skill": 0.15, "load": 0.20}
UNRATED = 4.0  # stars assumed for a technician nobody has reviewed yet
LOAD_DAYS = 7


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


def has_skill(skills: tuple[str, ...] | list[str] | None, service_name: str) -> bool:
    """A listed skill names the service (剪发 in 日式剪发)."""
    return any(service_name in s for s in skills or ())


def score_of(km: float, radius: float, rating: float | None, skill: bool, load: int) -> Candidate:
    """The score and its components (technician_id left 0 for the caller to fill in)."""
    parts = {
        "distance": max(0.0, 1 - min(km, radius) / radius),
        "rating": (rating if rating is not None else UNRATED) / 5,
        "skill": 1.0 if skill else 0.5,
        "load": 1 / (1 + load),
    }
    total = sum(WEIGHTS[k] * v for k, v in parts.items())
    return Candidate(0, round(total, 6), {k: round(v, 4) for k, v in parts.items()})


def static_part(rating: float | None, skill: bool) -> float:
    """The rating and skill share of the score: what does not depend on the order."""
    stars = rating if rating is not None else UNRATED
    return WEIGHTS["rating"] * stars / 5 + WEIGHTS["skill"] * (1.0 if skill else 0.5)
