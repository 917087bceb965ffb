"""Money in and out through the gateways: starting a payment, its notifications and reconciling
(checkout.py), applying what a gateway says exactly once (events.py, refund_events.py, with the
log of every notification in gateway_log.py), and refunds, full or partial, each made once and
never above what was paid (refunds.py: the refund amount rule).
"""

from __future__ import annotations

from salon_app.core.services.payments import refunds
from salon_app.core.services.payments.checkout import (
    PaymentStart,
    apply_notification,
    check_with_gateway,
    reconcile_expired_holds,
    start_payment,
)

__all__ = [
    "PaymentStart",
    "apply_notification",
    "check_with_gateway",
    "reconcile_expired_holds",
    "refunds",
    "start_payment",
]
