"""Membership: member levels and growth, the points ledger, daily check-in and gifts.

Owns: the points ledger (points.py: batches usable from a date until an expiry, spending the
soonest-expiring first, give-backs and take-backs with debt); levels and growth (levels.py:
upgrade at once, downgrade only on the review date; growth.py; level_admin.py: operators edit
levels); points and growth earned by a payment (earning.py); expiry and reminders (expiry.py);
check-in (checkin.py); gifts (gifts.py); what the customer's pages show (member_centre.py).
"""

from salon_app.core.services.membership.checkin import VALID_DAYS as CHECKIN_VALID_DAYS
from salon_app.core.services.membership.checkin import (
    CheckInMonth,
    CheckInResult,
    CheckInRule,
    check_in,
    checkin_rule,
)
from salon_app.core.services.membership.earning import FREEZE_DAYS, earn_key, on_payment
from salon_app.core.services.membership.expiry import (
    ExpiryRun,
    expire_points,
    points_upkeep,
    remind_expiring,
)
from salon_app.core.services.membership.gifts import (
    GiftInput,
    GiftView,
    all_gifts,
    gifts_on_offer,
    redeem_gift,
    save_gift,
)
from salon_app.core.services.membership.growth import add_growth, membership_of
from salon_app.core.services.membership.level_admin import (
    LevelInput,
    LevelRow,
    level_rows,
    save_level,
)
from salon_app.core.services.membership.levels import (
    LevelView,
    level_of_rank,
    level_table,
    recent_growth,
    review_levels,
)
from salon_app.core.services.membership.member_centre import (
    BatchView,
    LedgerRow,
    MemberCard,
    MemberCentre,
    PointsPage,
    member_card,
    member_centre,
    points_and_gifts,
    points_ledger,
)
from salon_app.core.services.membership.points import (
    PointsBalance,
    balance,
    credit,
    debit,
    lock_points,
    reverse,
    valid_request_key,
)

__all__ = [
    "CHECKIN_VALID_DAYS",
    "FREEZE_DAYS",
    "BatchView",
    "CheckInMonth",
    "CheckInResult",
    "CheckInRule",
    "ExpiryRun",
    "GiftInput",
    "GiftView",
    "LedgerRow",
    "LevelInput",
    "LevelRow",
    "LevelView",
    "MemberCard",
    "MemberCentre",
    "PointsBalance",
    "PointsPage",
    "add_growth",
    "all_gifts",
    "balance",
    "check_in",
    "checkin_rule",
    "credit",
    "debit",
    "earn_key",
    "expire_points",
    "gifts_on_offer",
    "level_of_rank",
    "level_rows",
    "level_table",
    "lock_points",
    "member_card",
    "member_centre",
    "membership_of",
    "on_payment",
    "points_and_gifts",
    "points_ledger",
    "points_upkeep",
    "recent_growth",
    "redeem_gift",
    "remind_expiring",
    "reverse",
    "review_levels",
    "save_gift",
    "save_level",
    "valid_request_key",
]
