"""SOS during a home visit: the rule of when it is offered, and what pressing it does.

- Who: the order's customer, or its technician once they accepted it; anyone else's order
  looks like a missing one (order.not_found).
- When (`in_visit`): from 出发 until `sos_after_minutes` after 完成 (settings.visits); before
  or long after, safety.sos_not_in_visit.
- What: the position (when the browser gave a valid one) is stored encrypted with the signal,
  an `sos` alert is raised in the platform's alert queue (on top while unresolved) with the
  order, its shop and technician, the shop's owner and managers are notified, and the answer
  carries the emergency number (110) and the platform's safety line.
- Once: one signal and one alert per order and person within `sos_repeat_minutes` (a counter
  in rate_limits, exact under concurrent clicks, plus the last signal across a window's edge);
  a repeat press still answers with the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Alert, MerchantStaff, Order, OrderEvent, SosSignal, Technician
from salon_app.core.models import OrderStatus as S
from salon_app.core.services import rate_limits
from salon_app.core.services.access import Actor
from salon_app.core.services.alerts import raise_alert, sos_finding
from salon_app.core.services.notifications import notify
from salon_app.core.services.orders import positions
from salon_app.core.settings import VisitRules, get_settings

EMERGENCY_NUMBER = "110"
SHOP_ROLES = ("owner", "manager")  # who in the shop hears of an SOS


@dataclass(frozen=True)
class SosResult:
    emergency_number: str
    safety_line: str
    alerted: bool  # False: a repeat within the window, the first alert stands
    located: bool  # the position came with it


def _party(session: Session, actor: Actor | None, code: str) -> tuple[Order, str]:
    """The order with this code and who `actor` is on it (customer or technician)."""
    order = session.exec(select(Order).where(Order.code == code)).first() if actor else None
    if order is not None:
        if actor.role == "customer" and order.customer_id == actor.user_id:
            return order, "customer"
        tech = session.get(Technician, order.technician_id) if order.technician_id else None
        accepted = order.dispatch_state == "accepted"
        if actor.role == "technician" and tech and tech.user_id == actor.user_id and accepted:
            return order, "technician"
    raise DomainError("order.not_found")


def _departed(session: Session, order: Order) -> bool:
    return order.service_step != "" or (
        session.exec(
            select(OrderEvent.id).where(
                OrderEvent.order_id == order.id, OrderEvent.kind == "departed"
            )
        ).first()
        is not None
    )


def in_visit(order: Order, now: datetime, rules: VisitRules | None = None) -> bool:
    """From 出发 until `sos_after_minutes` after 完成."""
    rules = rules or get_settings().visits
    if order.status == S.in_service:
        return True
    if order.status in (S.completed, S.reviewed) and order.completed_at is not None:
        return now <= order.completed_at + timedelta(minutes=rules.sos_after_minutes)
    return False


def sos_open(
    session: Session, actor: Actor | None, code: str, *, at: datetime | None = None
) -> bool:
    """Whether the SOS button belongs on this party's page of the order now."""
    order, _ = _party(session, actor, code)
    return in_visit(order, at or utcnow()) and _departed(session, order)


def _recent(session: Session, order_id: int, user_id: int, since: datetime) -> bool:
    return (
        session.exec(
            select(SosSignal.id).where(
                SosSignal.order_id == order_id,
                SosSignal.user_id == user_id,
                SosSignal.at > since,
            )
        ).first()
        is not None
    )


def _tell_shop(session: Session, order: Order) -> None:
    if order.merchant_id is None:
        return
    staff = session.exec(
        select(MerchantStaff.user_id)
        .where(
            MerchantStaff.merchant_id == order.merchant_id, col(MerchantStaff.role).in_(SHOP_ROLES)
        )
        .order_by(MerchantStaff.user_id)
    ).all()
    for user_id in staff:
        notify(session, user_id, "notify.sos", order.id, code=order.code)


def sos(
    session: Session,
    actor: Actor | None,
    code: str,
    lat: object = None,
    lng: object = None,
    *,
    at: datetime | None = None,
) -> SosResult:
    """Press SOS on a visit (module rule): alert the platform and the shop once, answer with
    the emergency numbers."""
    order, role = _party(session, actor, code)
    now = at or utcnow()
    rules = get_settings().visits
    if not (in_visit(order, now, rules) and _departed(session, order)):
        raise DomainError("safety.sos_not_in_visit")
    position = positions.valid_position(lat, lng)
    window = timedelta(minutes=rules.sos_repeat_minutes)
    limit = rate_limits.Limit("safety.sos", 1, window)
    first = rate_limits.take(session, limit, f"{order.id}:{actor.user_id}", now).allowed
    alerted = first and not _recent(session, order.id, actor.user_id, now - window)
    if alerted:
        signal = SosSignal(
            order_id=order.id,
            user_id=actor.user_id,
            role=role,
            at=now,
            position=f"{position[0]},{position[1]}" if position else None,
        )
        session.add(signal)
        session.flush()
        finding = sos_finding(signal, order)
        raise_alert(session, finding, now)
        signal.alert_id = session.exec(
            select(Alert.id).where(Alert.rule == finding.rule, Alert.subject == finding.subject)
        ).one()
        _tell_shop(session, order)
    session.commit()
    return SosResult(EMERGENCY_NUMBER, rules.safety_line, alerted, position is not None)
