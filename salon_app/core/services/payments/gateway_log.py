"""The log of gateway notifications and the outcome we answer each gateway with."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.integrations.payments import PaymentEvent
from salon_app.core.models.money import PaymentNotification

log = logging.getLogger("salon_app.payments")

APPLIED, DUPLICATE, FLAGGED, IGNORED, REJECTED = (
    "applied",
    "duplicate",
    "flagged",
    "ignored",
    "rejected",
)


@dataclass(frozen=True)
class NotificationOutcome:
    outcome: str  # applied | duplicate | flagged | ignored | rejected
    reason: str = ""
    order_id: int | None = None

    @property
    def accepted(self) -> bool:
        """Answer the gateway "received", so it stops resending (everything but a rejection)."""
        return self.outcome != REJECTED


def note(
    session: Session,
    provider: str,
    outcome: str,
    event: PaymentEvent | None = None,
    reason: str = "",
    order_id: int | None = None,
) -> NotificationOutcome:
    """Add the log row to the current transaction (it commits with the change it reports)."""
    session.add(
        PaymentNotification(
            provider=provider,
            received_at=utcnow(),
            event_id=event.event_id if event else "",
            kind=event.kind if event else "",
            out_trade_no=event.out_trade_no if event else None,
            out_refund_no=event.out_refund_no if event else None,
            order_id=order_id,
            outcome=outcome,
            reason=reason[:200],
        )
    )
    return NotificationOutcome(outcome, reason, order_id)


def reject(
    session: Session,
    provider: str,
    reason: str,
    event: PaymentEvent | None = None,
    order_id: int | None = None,
) -> NotificationOutcome:
    """Undo anything half-done, then log the refusal and why (its own small transaction)."""
    session.rollback()
    log.warning(
        "rejected %s notification: %s (trade %s, refund %s)",
        provider,
        reason,
        event.out_trade_no if event else "-",
        event.out_refund_no if event else "-",
    )
    outcome = note(session, provider, REJECTED, event, reason, order_id)
    session.commit()
    return outcome


def settle(
    session: Session,
    provider: str,
    outcome: str,
    event: PaymentEvent | None = None,
    reason: str = "",
    order_id: int | None = None,
) -> NotificationOutcome:
    """Log and commit together with whatever the transaction changed."""
    result = note(session, provider, outcome, event, reason, order_id)
    session.commit()
    return result
