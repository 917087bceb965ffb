"""The alert queue as operators see it: a filtered, sorted, paged table, one alert with its
notes, the shops that have alerts (for the filter) and a cheap version for the live page.

Who sees it: operators who handle alerts, and finance (who refunds from it); nobody else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import Alert, AlertNote, Merchant, Order, Refund, Technician, User
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services import ledger
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.alerts.rules import RULES, URGENT_RULES

STATUSES = ("open", "acknowledged", "resolved")
SORTABLE = ("raised_at", "since", "rule", "status", "shop")


@dataclass(frozen=True)
class AlertFilter:
    rule: str = ""  # "" = every rule
    status: str = ""
    merchant_id: int | None = None


@dataclass(frozen=True)
class AlertRow:
    id: int
    rule: str
    details: dict
    status: str
    since: datetime
    raised_at: datetime
    order_code: str
    order_starts_at: datetime | None
    shop_name: str
    technician_name: str
    acknowledged_by: str
    acknowledged_at: datetime | None
    resolved_by: str
    resolved_at: datetime | None
    resolution: str


@dataclass(frozen=True)
class NoteView:
    kind: str  # note | call_requested | reassigned | refunded | acknowledged | resolved
    text: str
    author: str
    at: datetime


@dataclass(frozen=True)
class AlertDetail:
    alert: AlertRow
    notes: list[NoteView]
    order_id: int | None
    refund_count: int  # the order's refunds so far (a refund's sequence is this + 1)
    refundable_fen: int


def require_viewer(session: Session, actor: Actor | None) -> Actor:
    """Operators who handle alerts, or finance (refunds); anyone else is refused."""
    try:
        return require_admin(session, actor, Permission.handle_alerts)
    except PermissionDenied:
        return require_admin(session, actor, Permission.issue_refunds)


def _statement():  # noqa: ANN202 - a select of several entities
    acker, resolver = aliased(User), aliased(User)
    statement = (
        select(
            Alert,
            Order.code,
            Order.starts_at,
            Merchant.name,
            Technician.display_name,
            acker.display_name,
            resolver.display_name,
        )
        .join(Order, Order.id == Alert.order_id, isouter=True)
        .join(Merchant, Merchant.id == Alert.merchant_id, isouter=True)
        .join(Technician, Technician.id == Alert.technician_id, isouter=True)
        .join(acker, acker.id == Alert.acknowledged_by, isouter=True)
        .join(resolver, resolver.id == Alert.resolved_by, isouter=True)
    )
    return statement


def _row(r) -> AlertRow:  # noqa: ANN001 - a result row of _statement
    a, code, starts, shop, tech, acker, resolver = r
    return AlertRow(
        a.id,
        a.rule,
        a.details or {},
        a.status,
        a.since,
        a.raised_at,
        code or "",
        starts,
        shop or "",
        tech or "",
        acker or "",
        a.acknowledged_at,
        resolver or "",
        a.resolved_at,
        a.resolution,
    )


def alert_queue(
    session: Session, actor: Actor | None, query: TableQuery, wanted: AlertFilter
) -> Page[AlertRow]:
    """One page of alerts: filtered by rule, status and shop, searched by order code or shop
    name, sorted by the chosen column (newest raised first by default), with unresolved alerts
    of the urgent rules (SOS) always on top."""
    require_viewer(session, actor)
    if wanted.rule and wanted.rule not in RULES:
        raise DomainError("alert.unknown_rule")
    if wanted.status and wanted.status not in STATUSES:
        raise DomainError("alert.unknown_status")
    urgent = and_(col(Alert.rule).in_(URGENT_RULES), Alert.status != "resolved")
    statement = _statement().order_by(case((urgent, 0), else_=1))
    if wanted.rule:
        statement = statement.where(Alert.rule == wanted.rule)
    if wanted.status:
        statement = statement.where(Alert.status == wanted.status)
    if wanted.merchant_id is not None:
        statement = statement.where(Alert.merchant_id == wanted.merchant_id)
    return paginate(
        session,
        statement,
        query,
        sort_columns={
            "raised_at": Alert.raised_at,
            "since": Alert.since,
            "rule": Alert.rule,
            "status": Alert.status,
            "shop": Merchant.name,
        },
        tie_breaker=Alert.id,
        search_columns=(Order.code, Merchant.name),
        row=_row,
    )


def table_query(search: object, sort: object, descending: object, page: object) -> TableQuery:
    """What the page asked for, made safe (newest raised first unless told otherwise)."""
    return TableQuery.of(
        SORTABLE,
        search=search,
        sort=sort,
        descending=descending,
        page=page,
        default_sort="raised_at",
        default_descending=True,
    )


def alert_detail(session: Session, actor: Actor | None, alert_id: int) -> AlertDetail:
    """One alert with its notes, oldest first, and what its order could still be refunded."""
    require_viewer(session, actor)
    found = (
        session.exec(_statement().where(Alert.id == alert_id)).first()
        if isinstance(alert_id, int)
        else None
    )
    if found is None:
        raise DomainError("alert.not_found")
    alert = found[0]
    notes = session.exec(
        select(AlertNote, User.display_name)
        .join(User, User.id == AlertNote.author_id)
        .where(AlertNote.alert_id == alert.id)
        .order_by(AlertNote.at, AlertNote.id)
    ).all()
    refunds, refundable = 0, 0
    if alert.order_id is not None:
        refunds = session.exec(
            select(func.count(Refund.id)).where(Refund.order_id == alert.order_id)
        ).one()
        refundable = ledger.order_balance(session, alert.order_id).refundable_fen
    return AlertDetail(
        _row(found),
        [NoteView(n.kind, n.text, name, n.at) for n, name in notes],
        alert.order_id,
        int(refunds),
        refundable,
    )


def alert_shops(session: Session, actor: Actor | None) -> list[tuple[int, str]]:
    """The shops that have alerts, by name (the shop filter's choices)."""
    require_viewer(session, actor)
    return list(
        session.exec(
            select(Merchant.id, Merchant.name)
            .where(Merchant.id.in_(select(Alert.merchant_id).distinct()))
            .order_by(Merchant.name, Merchant.id)
        ).all()
    )


def queue_version(session: Session, actor: Actor | None) -> str:
    """Changes whenever the queue would: a new alert or any change to one."""
    require_viewer(session, actor)
    count, last_id, last_change = session.exec(
        select(func.count(Alert.id), func.max(Alert.id), func.max(Alert.updated_at))
    ).one()
    last_note = session.exec(select(func.max(AlertNote.id))).one()  # every action writes one
    return f"{count}:{last_id}:{last_change}:{last_note}"


@dataclass(frozen=True)
class AlertSummary:
    by_status: dict[str, int]  # every status, 0 when none
    by_rule: list[tuple[str, int, int]]  # (rule, open, acknowledged) for rules with either


def alert_summary(session: Session, actor: Actor | None) -> AlertSummary:
    """How many alerts are in each status, and the unresolved ones per rule (the chart)."""
    require_viewer(session, actor)
    rows = session.exec(
        select(Alert.rule, Alert.status, func.count(Alert.id))
        .group_by(Alert.rule, Alert.status)
        .order_by(Alert.rule, Alert.status)
    ).all()
    by_status = dict.fromkeys(STATUSES, 0)
    per_rule: dict[str, dict[str, int]] = {}
    for rule, status, count in rows:
        by_status[status] = by_status.get(status, 0) + count
        per_rule.setdefault(rule, {})[status] = count
    by_rule = [
        (rule, per_rule[rule].get("open", 0), per_rule[rule].get("acknowledged", 0))
        for rule in RULES
        if per_rule.get(rule, {}).get("open") or per_rule.get(rule, {}).get("acknowledged")
    ]
    return AlertSummary(by_status, by_rule)
