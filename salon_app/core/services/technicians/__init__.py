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

__all__ = [
    "onboarding",
    "own_profile",
    "public_profile",
    "schedule",
    "showcase",
    "training",
]
