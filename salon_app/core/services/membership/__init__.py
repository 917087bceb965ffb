"""Membership: member levels and growth, the points ledger, daily check-in and gifts.

Owns: the points ledger (points.py: batches usable from a date until an expiry, spending the
soonest-expiring first, give-backs and take-backs with debt); levels and growth (levels.py);
check-in (checkin.py); expiry and reminders (expiry.py); gifts (gifts.py).
"""

from salon_app.core.services.membership.growth import add_growth, membership_of
from salon_app.core.services.membership.points import (
    PointsBalance,
    balance,
    credit,
    debit,
    lock_points,
    reverse,
)

__all__ = [
    "PointsBalance",
    "add_growth",
    "balance",
    "credit",
    "debit",
    "lock_points",
    "membership_of",
    "reverse",
]
