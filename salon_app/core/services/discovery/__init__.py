"""How customers find what to book: the home catalogue and 热门推荐 (catalogue.py), the technician
search and "who is free near me" (search.py) over the filtered candidates (candidates.py).
"""

from __future__ import annotations

from salon_app.core.services.discovery import catalogue
from salon_app.core.services.discovery.candidates import age_on
from salon_app.core.services.discovery.search import (
    RADIUS_CHOICES_KM,
    SORTS,
    TechnicianCard,
    TechnicianFilter,
    nearby_available,
    search_technicians,
)

__all__ = [
    "RADIUS_CHOICES_KM",
    "SORTS",
    "TechnicianCard",
    "TechnicianFilter",
    "age_on",
    "catalogue",
    "nearby_available",
    "search_technicians",
]
