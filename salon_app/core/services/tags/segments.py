"""Segments: saved rules over tags and figures, shown with their size before they are saved.

Rules: only operators holding manage_segments preview, save, delete or list segments and see
their members (phones masked). A rule that matches no customer, or every customer, is refused
when saved (a campaign aimed at it would be a mistake); the preview says so beforehand. Names
are 1-30 characters and unique. Saving and deleting are audited. `segment_members` is the
door for campaigns: the ids of the customers a saved segment holds now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, false, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import CustomerFigures, Segment, User
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.auth import mask
from salon_app.core.services.live_map import districts
from salon_app.core.services.tags.manual import tags_of
from salon_app.core.services.tags.rules import (
    Condition,
    customers,
    matches,
    members_query,
    parse_rule,
)

NAME_MAX = 30
SEGMENT_SORTS = ("name", "size_at_save", "created_at")
MEMBER_SORTS = ("name", "spend", "orders", "recency")


@dataclass(frozen=True)
class SegmentPreview:
    size: int
    customers: int
    problem: str  # "" or the message key saving would refuse with


@dataclass(frozen=True)
class SegmentRow:
    id: int
    name: str
    rule: list[dict]
    size_at_save: int
    size_now: int
    created_at: datetime


@dataclass(frozen=True)
class MemberRow:
    user_id: int
    name: str
    phone: str  # masked
    district: str
    orders: int
    spend_fen: int
    recency_days: int | None
    tags: list[str]


def _count(session: Session, statement: object) -> int:
    return session.execute(select(func.count()).select_from(statement.subquery())).scalar_one()


def _conditions(session: Session, rule: object) -> list[Condition]:
    return parse_rule(session, rule, districts())


def _problem(size: int, total: int) -> str:
    if size == 0:
        return "segment.matches_nothing"
    if size >= total:
        return "segment.matches_everyone"
    return ""


def preview_segment(session: Session, actor: Actor | None, rule: object) -> SegmentPreview:
    """How many customers the rule holds now, of how many, and why saving would refuse it."""
    require_admin(session, actor, Permission.manage_segments)
    return _preview(session, _conditions(session, rule))


def _preview(session: Session, conditions: list[Condition]) -> SegmentPreview:
    held = case((matches(conditions), 1))
    size, total = session.execute(customers(func.count(held), func.count())).one()
    return SegmentPreview(size, total, _problem(size, total))


def save_segment(session: Session, actor: Actor | None, name: object, rule: object) -> int:
    """Save a named rule that matches some but not all customers; its id."""
    actor = require_admin(session, actor, Permission.manage_segments)
    text = name.strip() if isinstance(name, str) else ""
    if not text:
        raise DomainError("segment.name_required")
    if len(text) > NAME_MAX:
        raise DomainError("segment.name_too_long", max=NAME_MAX)
    conditions = _conditions(session, rule)
    preview = _preview(session, conditions)
    if preview.problem:
        raise DomainError(preview.problem, customers=preview.customers)
    if session.exec(select(Segment.id).where(Segment.name == text)).first() is not None:
        raise DomainError("segment.name_taken", name=text)
    now = utcnow()
    segment = Segment(
        name=text,
        rule=[c.__dict__ for c in conditions],
        size_at_save=preview.size,
        created_by=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    session.add(segment)
    try:
        session.flush()
    except IntegrityError as exc:  # the same name saved at the same moment
        session.rollback()
        raise DomainError("segment.name_taken", name=text) from exc
    audit.record(
        session, actor, "segment.save", "segment", segment.id, name=text, size=preview.size
    )
    session.commit()
    return segment.id


def delete_segment(session: Session, actor: Actor | None, segment_id: int) -> None:
    """Delete a saved segment (audited)."""
    actor = require_admin(session, actor, Permission.manage_segments)
    segment = session.get(Segment, segment_id)
    if segment is None:
        raise DomainError("segment.not_found")
    audit.record(session, actor, "segment.delete", "segment", segment.id, name=segment.name)
    session.delete(segment)
    session.commit()


def segments_table(session: Session, actor: Actor | None, query: TableQuery) -> Page[SegmentRow]:
    """Saved segments, searched by name, with their size at saving and now."""
    require_admin(session, actor, Permission.manage_segments)
    page = paginate(
        session,
        select(Segment.id, Segment.name, Segment.rule, Segment.size_at_save, Segment.created_at),
        query,
        sort_columns={
            "name": col(Segment.name),
            "size_at_save": col(Segment.size_at_save),
            "created_at": col(Segment.created_at),
        },
        tie_breaker=col(Segment.id),
        search_columns=[col(Segment.name)],
    )
    sizes = _sizes_now(session, [r[2] for r in page.rows])
    rows = [
        SegmentRow(r[0], r[1], r[2], r[3], size, r[4])
        for r, size in zip(page.rows, sizes, strict=True)
    ]
    return Page(rows, page.total, page.page, page.page_size)


def _sizes_now(session: Session, rules: list[list[dict]]) -> list[int]:
    """How many customers each rule holds now, all counted in one pass over the customers."""
    held = []
    for rule in rules:
        try:
            held.append(matches(_conditions(session, rule)))
        except DomainError:  # a manual tag no one holds any more: the segment is empty
            held.append(false())
    if not held:
        return []
    counts = session.execute(customers(*(func.count(case((m, 1))) for m in held))).one()
    return [int(n) for n in counts]


def segment_size(session: Session, rule: object) -> int:
    """How many customers a rule holds now (no permission: for the demo seed and jobs)."""
    return _count(session, members_query(_conditions(session, rule)))


def segment_members(session: Session, segment_id: int) -> list[int]:
    """The ids of the customers the saved segment holds now, ascending (for campaigns: the
    caller has checked its own permission). An unknown segment: segment.not_found."""
    segment = session.get(Segment, segment_id)
    if segment is None:
        raise DomainError("segment.not_found")
    try:
        conditions = _conditions(session, segment.rule)
    except DomainError:
        return []
    statement = members_query(conditions).order_by(col(User.id))
    return list(session.exec(statement).all())


def members_table(
    session: Session, actor: Actor | None, segment_id: int, query: TableQuery
) -> Page[MemberRow]:
    """One page of a saved segment's members: name, masked phone, figures and tags."""
    require_admin(session, actor, Permission.manage_segments)
    segment = session.get(Segment, segment_id)
    if segment is None:
        raise DomainError("segment.not_found")
    try:
        ids = members_query(_conditions(session, segment.rule)).subquery()
    except DomainError:
        return Page([], 0, 1, query.page_size)
    page = paginate(
        session,
        select(User, CustomerFigures)
        .join(ids, ids.c.id == col(User.id))
        .outerjoin(CustomerFigures, col(CustomerFigures.user_id) == col(User.id)),
        query,
        sort_columns={
            "name": col(User.display_name),
            "spend": col(CustomerFigures.spend_fen),
            "orders": col(CustomerFigures.orders),
            "recency": col(CustomerFigures.recency_days),
        },
        tie_breaker=col(User.id),
        search_columns=[col(User.display_name)],
    )
    tags = tags_of(session, [user.id for user, _ in page.rows])
    rows = [
        MemberRow(
            user.id,
            user.display_name,
            mask(user.phone),
            figures.district if figures else "",
            figures.orders if figures else 0,
            figures.spend_fen if figures else 0,
            figures.recency_days if figures else None,
            tags.get(user.id, []),
        )
        for user, figures in page.rows
    ]
    return Page(rows, page.total, page.page, page.page_size)
