"""The abnormal-order rules: each looks at the database at `now` and names what it finds.

A Finding's (rule, subject) is its identity: the alert it raises exists once (raising.py), so
a rule may find the same thing on every run. Thresholds come from settings.alerts (SALON_ALERT_*):

- not_accepted: paid `accept_minutes` ago or more and still not accepted by a technician.
- not_departed: accepted, not departed, and the start is `depart_minutes` away or less.
- not_arrived: accepted, not arrived, `arrive_late_minutes` or more after the start.
- unverified_arrival: 到达 recorded neither near the place nor confirmed by the customer
  (orders/arrival.py), within `payment_lookback_hours`; gone once the customer confirms.
- sos: someone on a visit pressed SOS (services/safety raises it at once; the scan finds any
  signal of the last `payment_lookback_hours` again). Open SOS alerts head the queue.
- overrun: started more than `overrun_factor` × the service's length ago and not finished.
- tech_rejections: one technician turned down `tech_rejections` orders or more within
  `tech_rejection_hours` (once per technician per local day).
- payment_mismatch: a gateway notification refused because its amount or transaction did not
  match the payment (payments' notification log), within `payment_lookback_hours`.
- payment_unnotified: a payment found paid by asking the gateway (never by its notification)
  `payment_notify_minutes` ago or more, within `payment_lookback_hours`.
- complaint_overdue: a complaint past its deadline with the clock running (mediation).
- shop_spike: one shop's complaints + refunds in the last 24 h are at least `spike_count` and at
  least `spike_factor` × its usual daily rate over the `spike_baseline_days` before (once per
  shop per local day).
- backup_failed / drill_failed: a backup (per location) or a restore drill failed within the
  last BACKUP_LOOKBACK (services/backups records them; it also runs the scan at once).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from salon_app.core.models import (
    Backup,
    Complaint,
    Order,
    OrderEvent,
    Payment,
    Refund,
    RestoreDrill,
    SosSignal,
    Technician,
)
from salon_app.core.models import OrderStatus as S
from salon_app.core.models.money import PaymentNotification
from salon_app.core.services.mediation import overdue_complaints
from salon_app.core.settings import AlertThresholds, get_settings

BACKUP_LOOKBACK = timedelta(days=7)
LIMIT = 500  # findings per rule and run: the queue is for people, not a backlog dump
MISMATCH_REASONS = ("amount_mismatch", "txn_mismatch", "txn_already_recorded", "refund_mismatch")
SYNTHETIC_EVENTS = ("query", "answer")  # our own look-ups at the gateway, not notifications


@dataclass(frozen=True)
class Finding:
    rule: str
    subject: str  # what it is about, unique per rule: "order:12", "shop:3:2026-12-06" ...
    since: datetime  # when the situation began (or the threshold was crossed)
    order_id: int | None = None
    merchant_id: int | None = None
    technician_id: int | None = None
    complaint_id: int | None = None
    details: dict = field(default_factory=dict)


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def _of_order(rule: str, order: Order, since: datetime, **details: int | str) -> Finding:
    return Finding(
        rule,
        f"order:{order.id}",
        since,
        order.id,
        order.merchant_id,
        order.technician_id,
        details=details,
    )


def not_accepted(session: Session, now: datetime, limits: AlertThresholds) -> list[Finding]:
    late = now - timedelta(minutes=limits.accept_minutes)
    rows = session.exec(
        select(Order)
        .where(
            Order.status == S.pending_service,
            Order.dispatch_state != "accepted",
            Order.paid_at <= late,
        )
        .order_by(Order.paid_at, Order.id)
        .limit(LIMIT)
    ).all()
    return [
        _of_order("not_accepted", o, o.paid_at, minutes=_minutes(now - o.paid_at)) for o in rows
    ]


def not_departed(session: Session, now: datetime, limits: AlertThresholds) -> list[Finding]:
    ahead = timedelta(minutes=limits.depart_minutes)
    rows = session.exec(
        select(Order)
        .where(
            Order.status == S.pending_service,
            Order.dispatch_state == "accepted",
            Order.service_step == "",
            Order.starts_at <= now + ahead,
        )
        .order_by(Order.starts_at, Order.id)
        .limit(LIMIT)
    ).all()
    return [
        _of_order("not_departed", o, o.starts_at - ahead, minutes=_minutes(o.starts_at - now))
        for o in rows
    ]


def not_arrived(session: Session, now: datetime, limits: AlertThresholds) -> list[Finding]:
    late = timedelta(minutes=limits.arrive_late_minutes)
    rows = session.exec(
        select(Order)
        .where(
            col(Order.status).in_((S.pending_service, S.in_service)),
            Order.dispatch_state == "accepted",
            col(Order.service_step).in_(("", "departed")),
            Order.starts_at <= now - late,
        )
        .order_by(Order.starts_at, Order.id)
        .limit(LIMIT)
    ).all()
    return [
        _of_order("not_arrived", o, o.starts_at, minutes=_minutes(now - o.starts_at)) for o in rows
    ]


def unverified_arrival(session: Session, now: datetime, limits: AlertThresholds) -> list[Finding]:
    confirmation = aliased(OrderEvent)
    confirmed = exists().where(
        confirmation.order_id == Order.id, confirmation.kind == "arrival_confirmed"
    )
    rows = session.exec(
        select(Order, OrderEvent)
        .join(OrderEvent, and_(OrderEvent.order_id == Order.id, OrderEvent.kind == "arrived"))
        .where(OrderEvent.at > now - timedelta(hours=limits.payment_lookback_hours), ~confirmed)
        .order_by(OrderEvent.at, OrderEvent.id)
        .limit(LIMIT)
    ).all()
    return [
        _of_order("unverified_arrival", o, e.at, **_distance(e.details))
        for o, e in rows
        if (e.details or {}).get("verified") is False
    ]


def _distance(details: dict | None) -> dict[str, int]:
    metres = (details or {}).get("distance_m")
    return {"metres": metres} if isinstance(metres, int) else {}


URGENT_RULES = ("sos",)  # open alerts of these rules come first in the queue


def sos_finding(signal: SosSignal, order: Order) -> Finding:
    """The alert of one SOS signal: about the order, its shop and technician."""
    return Finding(
        "sos",
        f"sos:{signal.id}",
        signal.at,
        order.id,
        order.merchant_id,
        order.technician_id,
        details={"who": signal.role, "located": "1" if signal.position else ""},
    )


def sos(session: Session, now: datetime, limits: AlertThresholds) -> list[Finding]:
    rows = session.exec(
        select(SosSignal, Order)
        .join(Order, Order.id == SosSignal.order_id)
        .where(SosSignal.at > now - timedelta(hours=limits.payment_lookback_hours))
        .order_by(SosSignal.at, SosSignal.id)
        .limit(LIMIT)
    ).all()
    return [sos_finding(signal, order) for signal, order in rows]


def overrun(session: Session, now: datetime, limits: AlertThresholds) -> list[Finding]:
    rows = session.exec(
        select(Order, func.max(OrderEvent.at))
        .join(OrderEvent, and_(OrderEvent.order_id == Order.id, OrderEvent.kind == "started"))
        .where(Order.status == S.in_service, Order.service_step == "started")
        .group_by(Order.id)
        .order_by(Order.starts_at, Order.id)
        .limit(LIMIT)
    ).all()
    found = []
    for order, at in rows:
        at = at if at.tzinfo else at.replace(tzinfo=now.tzinfo)  # an aggregate: maybe naive
        allowed = timedelta(minutes=order.duration_min * limits.overrun_factor)
        if now - at > allowed:
            found.append(
                _of_order(
                    "overrun",
                    order,
                    at + allowed,
                    minutes=_minutes(now - at),
                    service_minutes=order.duration_min,
                )
            )
    return found


def local_day(now: datetime) -> str:
    return now.astimezone(ZoneInfo(get_settings().timezone)).date().isoformat()


def tech_rejections(session: Session, now: datetime, limits: AlertThresholds) -> list[Finding]:
    window = now - timedelta(hours=limits.tech_rejection_hours)
    rows = session.exec(
        select(
            Technician.id,
            Technician.merchant_id,
            func.count(OrderEvent.id),
            func.min(OrderEvent.at),
            func.max(OrderEvent.order_id),
        )
        .join(Technician, Technician.user_id == OrderEvent.actor_user_id)
        .where(OrderEvent.kind == "rejected", OrderEvent.at > window)
        .group_by(Technician.id, Technician.merchant_id)
        .having(func.count(OrderEvent.id) >= limits.tech_rejections)
        .order_by(Technician.id)
        .limit(LIMIT)
    ).all()
    day = local_day(now)
    return [
        Finding(
            "tech_rejections",
            f"technician:{tech_id}:{day}",
            first if first.tzinfo else first.replace(tzinfo=now.tzinfo),
            last_order,
            merchant_id,
            tech_id,
            details={"count": count, "hours": limits.tech_rejection_hours},
        )
        for tech_id, merchant_id, count, first, last_order in rows
    ]


def payment_mismatch(session: Session, now: datetime, limits: AlertThresholds) -> list[Finding]:
    since = now - timedelta(hours=limits.payment_lookback_hours)
    rows = session.exec(
        select(PaymentNotification, Order.merchant_id)
        .join(Order, Order.id == PaymentNotification.order_id, isouter=True)
        .where(
            PaymentNotification.outcome == "rejected",
            col(PaymentNotification.reason).in_(MISMATCH_REASONS),
            PaymentNotification.received_at > since,
            PaymentNotification.received_at <= now,
        )
        .order_by(PaymentNotification.received_at, PaymentNotification.id)
        .limit(LIMIT)
    ).all()
    return [
        Finding(
            "payment_mismatch",
            f"order:{n.order_id}" if n.order_id else f"trade:{n.out_trade_no or n.id}"[:80],
            n.received_at,
            n.order_id,
            merchant_id,
            details={"reason": n.reason, "provider": n.provider},
        )
        for n, merchant_id in rows
    ]


def payment_unnotified(session: Session, now: datetime, limits: AlertThresholds) -> list[Finding]:
    notified = exists().where(
        PaymentNotification.out_trade_no == Payment.out_trade_no,
        PaymentNotification.kind == "payment_succeeded",
        col(PaymentNotification.event_id).not_in(SYNTHETIC_EVENTS),
    )
    queried = exists().where(
        PaymentNotification.out_trade_no == Payment.out_trade_no,
        col(PaymentNotification.event_id).in_(SYNTHETIC_EVENTS),
    )
    rows = session.exec(
        select(Payment, Order)
        .join(Order, Order.id == Payment.order_id)
        .where(
            Payment.status == "succeeded",
            Payment.paid_at <= now - timedelta(minutes=limits.payment_notify_minutes),
            Payment.paid_at > now - timedelta(hours=limits.payment_lookback_hours),
            and_(queried, ~notified),
        )
        .order_by(Payment.paid_at, Payment.id)
        .limit(LIMIT)
    ).all()
    return [
        Finding(
            "payment_unnotified",
            f"order:{o.id}",
            p.paid_at,
            o.id,
            o.merchant_id,
            o.technician_id,
            details={"provider": p.provider, "minutes": _minutes(now - p.paid_at)},
        )
        for p, o in rows
    ]


def complaint_overdue(session: Session, now: datetime, limits: AlertThresholds) -> list[Finding]:
    return [
        Finding(
            "complaint_overdue",
            f"complaint:{c.complaint_id}",
            c.due_at,
            c.order_id,
            c.merchant_id,
            c.technician_id,
            c.complaint_id,
            details={"hours": limits.complaint_answer_hours},
        )
        for c in overdue_complaints(session, now, LIMIT)
    ]


def _per_shop(session: Session, model: type, start: datetime, end: datetime) -> Counter[int]:
    rows = session.exec(
        select(Order.merchant_id, func.count(model.id))
        .join(Order, Order.id == model.order_id)
        .where(model.created_at > start, model.created_at <= end, Order.merchant_id.is_not(None))
        .group_by(Order.merchant_id)
        .order_by(Order.merchant_id)
    ).all()
    return Counter({merchant_id: count for merchant_id, count in rows})


def is_spike(count: int, usual_count: float, limits: AlertThresholds) -> bool:
    """`count` complaints + refunds in 24 h against `usual_count` in the baseline days before."""
    rate = usual_count / limits.spike_baseline_days
    return count >= limits.spike_count and count >= limits.spike_factor * rate


def shop_spike(session: Session, now: datetime, limits: AlertThresholds) -> list[Finding]:
    day_ago = now - timedelta(hours=24)
    base_start = day_ago - timedelta(days=limits.spike_baseline_days)
    recent = _per_shop(session, Complaint, day_ago, now) + _per_shop(session, Refund, day_ago, now)
    usual = _per_shop(session, Complaint, base_start, day_ago) + _per_shop(
        session, Refund, base_start, day_ago
    )
    day = local_day(now)
    found = []
    for merchant_id in sorted(recent):
        count = recent[merchant_id]
        rate = usual[merchant_id] / limits.spike_baseline_days
        if is_spike(count, usual[merchant_id], limits):
            found.append(
                Finding(
                    "shop_spike",
                    f"shop:{merchant_id}:{day}",
                    day_ago,
                    merchant_id=merchant_id,
                    details={"count": count, "usual": f"{rate:.1f}"},
                )
            )
    return found


def backup_failed(session: Session, now: datetime, _limits: AlertThresholds) -> list[Finding]:
    rows = session.exec(
        select(Backup)
        .where(Backup.status == "failed", Backup.started_at >= now - BACKUP_LOOKBACK)
        .order_by(Backup.started_at, Backup.id)
        .limit(LIMIT)
    ).all()
    return [
        Finding("backup_failed", f"backup:{b.id}", b.started_at,
                details={"location": b.location, "error": b.error[:200]})
        for b in rows
    ]  # fmt: skip


def drill_failed(session: Session, now: datetime, _limits: AlertThresholds) -> list[Finding]:
    rows = session.exec(
        select(RestoreDrill)
        .where(RestoreDrill.status == "failed", RestoreDrill.started_at >= now - BACKUP_LOOKBACK)
        .order_by(RestoreDrill.started_at, RestoreDrill.id)
        .limit(LIMIT)
    ).all()
    return [
        Finding("drill_failed", f"drill:{d.id}", d.started_at,
                details={"tables": ", ".join(d.mismatches)[:200] or "-", "error": d.error[:200]})
        for d in rows
    ]  # fmt: skip


Rule = Callable[[Session, datetime, AlertThresholds], list[Finding]]
RULES: dict[str, Rule] = {
    "sos": sos,
    "not_accepted": not_accepted,
    "not_departed": not_departed,
    "not_arrived": not_arrived,
    "unverified_arrival": unverified_arrival,
    "overrun": overrun,
    "tech_rejections": tech_rejections,
    "payment_mismatch": payment_mismatch,
    "payment_unnotified": payment_unnotified,
    "complaint_overdue": complaint_overdue,
    "shop_spike": shop_spike,
    "backup_failed": backup_failed,
    "drill_failed": drill_failed,
}
