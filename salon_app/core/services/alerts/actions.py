"""What operators do with an alert; every action is audited with the alert it was taken on.

Rules:
- acknowledge: open -> acknowledged, recording who and when. One conditional UPDATE decides
  between two operators acknowledging at once: one wins, the other is told who has it.
- resolve: open or acknowledged -> resolved, with a resolution text (required, at most 500
  characters); resolving twice is refused.
- note: a text (required, at most 500) at any time, also after the resolution.
- call: asks for a call to the order's customer or technician through the privacy number
  (issue 13 builds the relay; until then the request is recorded on the alert for the
  operator to place it); no number is shown here.
- reassign: the order to another technician through dispatch.assign (its rules, its audit;
  needs the dispatch permission too).
- refund: only finance (issue_refunds) through payments.refunds.request_refund (its rules:
  never above what is still refundable, the page's sequence makes a double click one refund).
Re-assigning, calling and refunding need an alert about an order that is not resolved.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from salon_app.core.amounts import yuan_text
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Alert, AlertNote, Order, Refund, User
from salon_app.core.services import audit, dispatch
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.payments import refunds

TEXT_MAX = 500
PARTIES = ("customer", "technician")


def _alert(session: Session, alert_id: object) -> Alert:
    alert = session.get(Alert, alert_id) if isinstance(alert_id, int) else None
    if alert is None:
        raise DomainError("alert.not_found")
    return alert


def _clean(text: object) -> str:
    return text.strip() if isinstance(text, str) else ""


def _resolution(text: object) -> str:
    text = _clean(text)
    if not text:
        raise DomainError("validation.required", field="field.alert_resolution")
    if len(text) > TEXT_MAX:
        raise DomainError("validation.too_long", field="field.alert_resolution", max=TEXT_MAX)
    return text


def _note_text(text: object) -> str:
    text = _clean(text)
    if not text:
        raise DomainError("validation.required", field="field.alert_note")
    if len(text) > TEXT_MAX:
        raise DomainError("validation.too_long", field="field.alert_note", max=TEXT_MAX)
    return text


def _note(
    session: Session, admin: Actor, alert: Alert, kind: str, text: str = "", **audited: object
) -> None:
    """The note and the audit entry of an action, and the alert's change mark (not committed)."""
    now = utcnow()
    session.add(AlertNote(alert_id=alert.id, kind=kind, text=text, author_id=admin.user_id, at=now))
    session.execute(update(Alert).where(col(Alert.id) == alert.id).values(updated_at=now))
    audit.record(session, admin, f"alert.{kind}", "alert", alert.id, rule=alert.rule, **audited)


def _open_order(session: Session, alert: Alert) -> Order:
    if alert.status == "resolved":
        raise DomainError("alert.already_resolved")
    order = session.get(Order, alert.order_id) if alert.order_id is not None else None
    if order is None:
        raise DomainError("alert.no_order")
    return order


def acknowledge(session: Session, actor: Actor | None, alert_id: int) -> None:
    """Take the alert (module rules): who and when are recorded; a second operator is told."""
    admin = require_admin(session, actor, Permission.handle_alerts)
    alert = _alert(session, alert_id)
    now = utcnow()
    session.rollback()  # the conditional UPDATE is the transaction's first statement
    won = session.execute(
        update(Alert)
        .where(col(Alert.id) == alert.id, col(Alert.status) == "open")
        .values(
            status="acknowledged",
            acknowledged_by=admin.user_id,
            acknowledged_at=now,
            updated_at=now,
        )
    )
    if won.rowcount != 1:
        session.rollback()
        alert = session.get(Alert, alert.id, populate_existing=True)
        if alert.status == "resolved":
            raise DomainError("alert.already_resolved")
        who = session.exec(select(User.display_name).where(User.id == alert.acknowledged_by))
        raise DomainError("alert.already_acknowledged", name=who.first() or "")
    _note(session, admin, alert, "acknowledged")
    session.commit()


def resolve(session: Session, actor: Actor | None, alert_id: int, resolution: str) -> None:
    """Close the alert with what was done (module rules)."""
    admin = require_admin(session, actor, Permission.handle_alerts)
    alert = _alert(session, alert_id)
    text = _resolution(resolution)
    if alert.status == "resolved":
        raise DomainError("alert.already_resolved")
    now = utcnow()
    session.rollback()
    won = session.execute(
        update(Alert)
        .where(col(Alert.id) == alert.id, col(Alert.status).in_(("open", "acknowledged")))
        .values(
            status="resolved",
            resolved_by=admin.user_id,
            resolved_at=now,
            resolution=text,
            updated_at=now,
        )
    )
    if won.rowcount != 1:
        session.rollback()
        raise DomainError("alert.already_resolved")
    _note(session, admin, alert, "resolved", text)
    session.commit()


def add_note(session: Session, actor: Actor | None, alert_id: int, text: str) -> None:
    """Write a note on the alert (module rules)."""
    admin = require_admin(session, actor, Permission.handle_alerts)
    alert = _alert(session, alert_id)
    _note(session, admin, alert, "note", _note_text(text))
    session.commit()


def request_call(session: Session, actor: Actor | None, alert_id: int, party: str) -> None:
    """Ask for a call to the order's customer or technician (module rules: the privacy-number
    relay places it; here the request is recorded and audited, no number is revealed)."""
    admin = require_admin(session, actor, Permission.handle_alerts)
    alert = _alert(session, alert_id)
    if party not in PARTIES:
        raise DomainError("alert.unknown_party")
    order = _open_order(session, alert)
    if party == "technician" and order.technician_id is None:
        raise DomainError("alert.no_technician")
    _note(session, admin, alert, "call_requested", party, order=order.code, party=party)
    session.commit()


def reassign(session: Session, actor: Actor | None, alert_id: int, technician_id: int) -> None:
    """Give the alert's order to another technician (dispatch.assign's rules and audit)."""
    admin = require_admin(session, actor, Permission.handle_alerts)
    alert = _alert(session, alert_id)
    order = _open_order(session, alert)
    previous = order.technician_id
    dispatch.assign(session, admin, order.code, technician_id)  # commits, or refuses
    alert = _alert(session, alert.id)
    _note(
        session,
        admin,
        alert,
        "reassigned",
        str(technician_id),
        order=order.code,
        previous=previous,
        technician=technician_id,
    )
    session.commit()


def _refund_exists(session: Session, key: str) -> bool:
    return session.exec(select(Refund.id).where(Refund.idempotency_key == key)).first() is not None


def refund(
    session: Session,
    actor: Actor | None,
    alert_id: int,
    amount_fen: int,
    reason: str,
    sequence: int | None = None,
) -> str:
    """Refund part or all of the alert's order: finance only (module rules). Returns the
    refund's key."""
    admin = require_admin(session, actor, Permission.issue_refunds)
    alert = _alert(session, alert_id)
    order = _open_order(session, alert)
    repeat = sequence is not None and _refund_exists(session, f"{order.code}-R{sequence}")
    made = refunds.request_refund(session, admin, order.id, amount_fen, reason, sequence=sequence)
    if repeat:  # a double click: the same refund, already noted
        return made.key
    alert = _alert(session, alert.id)
    _note(
        session,
        admin,
        alert,
        "refunded",
        yuan_text(made.amount_fen),
        order=order.code,
        refund=made.key,
        amount_fen=made.amount_fen,
    )
    session.commit()
    return made.key
