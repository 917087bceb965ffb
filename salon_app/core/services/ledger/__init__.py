"""Money as rows: every movement of an order's money is a ledger row and every balance a sum of
rows (entries.py); a technician's income and the platform's commission, from those rows
(income.py); the platform's commission rate on a completed order (rates.py).
"""

from __future__ import annotations

from salon_app.core.services.ledger import income, rates
from salon_app.core.services.ledger.entries import (
    account_balance,
    lock_order_money,
    order_balance,
    record_incentive,
    record_payment,
    record_refund_failed,
    record_refund_paid,
    record_refund_requested,
)
from salon_app.core.services.ledger.income import (
    COMMISSION,
    MARKETING,
    PLATFORM_COMMISSION,
    PLATFORM_FEE,
    SETTLEMENT,
    SHARE,
    STEP,
    follow_refunds,
    record_completion,
)

__all__ = [
    "COMMISSION",
    "MARKETING",
    "PLATFORM_COMMISSION",
    "PLATFORM_FEE",
    "SETTLEMENT",
    "SHARE",
    "STEP",
    "account_balance",
    "follow_refunds",
    "income",
    "lock_order_money",
    "order_balance",
    "rates",
    "record_completion",
    "record_incentive",
    "record_payment",
    "record_refund_failed",
    "record_refund_paid",
    "record_refund_requested",
]
