"""A technician's own side and their public face: the public profile (public_profile.py), editing
their own profile (own_profile.py, with prices in prices.py), weekly hours and service area
(schedule.py), certificates and case studies (showcase.py), training (training.py), and
applying to a shop (onboarding.py). Nothing below imports this package; pages use the modules.
"""

from __future__ import annotations

from salon_app.core.services.technicians import (
    onboarding,
    own_profile,
    public_profile,
    schedule,
    showcase,
    training,
)
from salon_app.core.services.technicians.schedule import RADIUS_MAX_KM, RADIUS_MIN_KM
from salon_app.core.services.technicians.showcase import CaseItem, list_case_studies

__all__ = [
    "RADIUS_MAX_KM",
    "RADIUS_MIN_KM",
    "CaseItem",
    "list_case_studies",
    "onboarding",
    "own_profile",
    "public_profile",
    "schedule",
    "showcase",
    "training",
]
