"""Incentives (激励): bonus rules a shop sets, and the monthly awards they make.

Owns the rules (rules.py: who may set them, what a valid rule is) and the award (award.py: what
a finished month earns each technician, paid through the ledger exactly once per rule,
technician and month). The daily job (salon_app/core/jobs) calls `award_incentives` for the
last finished month; the technician sees awards on the income statement (income.py).
"""

from salon_app.core.services.incentives.award import (
    AwardView,
    award_incentives,
    last_finished_month,
    list_awards,
)
from salon_app.core.services.incentives.rules import (
    KINDS,
    RuleDraft,
    RuleView,
    create_rule,
    disable_rule,
    list_rules,
)

__all__ = [
    "KINDS",
    "AwardView",
    "RuleDraft",
    "RuleView",
    "award_incentives",
    "create_rule",
    "disable_rule",
    "last_finished_month",
    "list_awards",
    "list_rules",
]
