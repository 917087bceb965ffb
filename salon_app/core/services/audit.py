"""The audit log: admin and security-relevant actions, written with the change they record."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.models import AuditEntry
from salon_app.core.services.access import Actor


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    target_type: str = "",
    target_id: int | None = None,
    **details: Any,
) -> AuditEntry:
    """Add an entry (not committed: it lands in the same transaction as the action)."""
    entry = AuditEntry(
        actor_user_id=actor.user_id if actor else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        details=details,
        at=utcnow(),
    )
    session.add(entry)
    return entry
