"""Reading the audit log: the operators' searchable table of AuditEntry and its export.

Rules: needs view_audit. Filters (all optional, combined): the actor by phone (a whole valid
mobile number, found through its look-up hash) or by a part of their display name; the action
by prefix ("user." finds every user action); the target type exactly and its id; local days
first..last (Asia/Shanghai unless configured), at most MAX_DAYS long and running forwards.
Newest first unless sorted otherwise. Writing entries is services/audit.py's `record`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.sql import Select
from sqlmodel import Session, col

from salon_app.core import crypto
from salon_app.core.errors import DomainError
from salon_app.core.models import AuditEntry, User
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.auth import normalize_mobile
from salon_app.core.settings import get_settings

AUDIT_SORTS = ("at", "action", "actor")
MAX_DAYS = 366
TEXT_MAX = 60
EXPORT_MAX_ROWS = 50_000  # one sheet; a wider export is a narrower filter away


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""  # a whole phone number, or a part of the actor's display name
    action: str = ""  # prefix of the action, e.g. "user." or "user.disabled"
    target_type: str = ""  # user, order, complaint, ...
    target_id: int | None = None
    first_day: date | None = None  # local days, both or neither
    last_day: date | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    actor_user_id: int | None
    actor_name: str  # "" for the system
    action: str
    target_type: str
    target_id: int | None
    details: dict


def _looks_like_phone(text: str) -> bool:
    return bool(text) and text.lstrip("+").replace(" ", "").replace("-", "").isdigit()


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(f: AuditFilters) -> Select[Any]:
    """The entries matching `f`, each with its actor's name (refuses bad filters)."""
    statement = select(AuditEntry, User.display_name).join(
        User, col(User.id) == AuditEntry.actor_user_id, isouter=True
    )
    who = f.actor.strip()
    if len(who) > TEXT_MAX or len(f.action) > TEXT_MAX or len(f.target_type) > TEXT_MAX:
        raise DomainError("audit.filter_too_long", max=TEXT_MAX)
    if _looks_like_phone(who):
        digest = crypto.lookup_hash(normalize_mobile(who))
        actor_id = select(User.id).where(col(User.phone_hash) == digest).scalar_subquery()
        statement = statement.where(col(AuditEntry.actor_user_id) == actor_id)
    elif who:
        statement = statement.where(col(User.display_name).ilike(f"%{_escaped(who)}%", escape="\\"))
    if f.action.strip():
        prefix = _escaped(f.action.strip())
        statement = statement.where(col(AuditEntry.action).like(f"{prefix}%", escape="\\"))
    if f.target_type.strip():
        statement = statement.where(col(AuditEntry.target_type) == f.target_type.strip())
    if f.target_id is not None:
        statement = statement.where(col(AuditEntry.target_id) == f.target_id)
    if (f.first_day is None) != (f.last_day is None):
        raise DomainError("audit.range_incomplete")
    if f.first_day is not None and f.last_day is not None:
        if f.last_day < f.first_day:
            raise DomainError("stats.range_reversed")
        if (f.last_day - f.first_day).days + 1 > MAX_DAYS:
            raise DomainError("stats.range_too_long", max=MAX_DAYS)
        zone = ZoneInfo(get_settings().timezone)
        start = datetime.combine(f.first_day, time(), zone)
        end = datetime.combine(f.last_day + timedelta(days=1), time(), zone)
        statement = statement.where(col(AuditEntry.at) >= start, col(AuditEntry.at) < end)
    return statement


def _row(r: Any) -> AuditRow:
    e: AuditEntry = r[0]
    return AuditRow(
        e.id, e.at, e.actor_user_id, r[1] or "", e.action, e.target_type, e.target_id,
        dict(e.details or {}),
    )  # fmt: skip


def audit_query(sort: object = "", descending: object = True, page: object = 1) -> TableQuery:
    """The table request made safe; newest first by default."""
    return TableQuery.of(
        AUDIT_SORTS, sort=sort, descending=descending, page=page,
        default_sort="at", default_descending=True,
    )  # fmt: skip


SORT_COLUMNS = {
    "at": col(AuditEntry.at),
    "action": col(AuditEntry.action),
    "actor": col(User.display_name),
}


def search_audit(
    session: Session, actor: Actor | None, filters: AuditFilters, query: TableQuery
) -> Page[AuditRow]:
    """One page of audit entries matching every filter (see the module docstring)."""
    require_admin(session, actor, Permission.view_audit)
    return paginate(
        session,
        _filtered(filters),
        query,
        sort_columns=SORT_COLUMNS,
        tie_breaker=col(AuditEntry.id),
        row=_row,
    )


def audit_rows_for_export(
    session: Session, actor: Actor | None, filters: AuditFilters, query: TableQuery
) -> list[AuditRow]:
    """Every entry matching the filters in the table's order (at most EXPORT_MAX_ROWS, else
    audit.export_too_big), for the xlsx export."""
    require_admin(session, actor, Permission.view_audit)
    statement = _filtered(filters)
    column = SORT_COLUMNS.get(query.sort, SORT_COLUMNS["at"])
    order = [column.desc(), col(AuditEntry.id).desc()]
    if not query.descending:
        order = [column.asc(), col(AuditEntry.id).asc()]
    rows = session.execute(statement.order_by(*order).limit(EXPORT_MAX_ROWS + 1)).all()
    if len(rows) > EXPORT_MAX_ROWS:
        raise DomainError("audit.export_too_big", max=EXPORT_MAX_ROWS)
    return [_row(r) for r in rows]
