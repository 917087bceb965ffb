"""A segment's rule: conditions over tags and figures, all of which a customer must meet.

A rule is a list of 1 to MAX_CONDITIONS conditions {"field", "op", "value"}; FIELDS says which
operators and values each field takes. It is checked before anything runs (an unknown field,
operator, tag, district or category, or a value of the wrong kind, is refused, naming it) and
becomes one SQL query over the customers, their figures and tags. Spend is typed in yuan and
compared in fen; a tag is any automatic tag (behaviour.AUTO_TAGS, category:<slug>,
district:<name>) or a manual tag someone holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, not_, or_
from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import CustomerFigures, Role, ServiceCategory, User, UserTag
from salon_app.core.services.live_map import DistrictShape
from salon_app.core.services.tags.behaviour import AUTO_TAGS

MAX_CONDITIONS = 8
NUMBER_MAX = 10_000_000


@dataclass(frozen=True)
class FieldSpec:
    kind: str  # tag | district | category | number | band
    ops: tuple[str, ...]


FIELDS: dict[str, FieldSpec] = {
    "tag": FieldSpec("tag", ("has", "lacks")),
    "district": FieldSpec("district", ("eq", "ne")),
    "favourite_category": FieldSpec("category", ("eq", "ne")),
    "spend_yuan": FieldSpec("number", ("gte", "lte")),
    "orders": FieldSpec("number", ("gte", "lte")),
    "recency_days": FieldSpec("number", ("gte", "lte")),
    "r_band": FieldSpec("band", ("eq", "gte", "lte")),
    "f_band": FieldSpec("band", ("eq", "gte", "lte")),
    "m_band": FieldSpec("band", ("eq", "gte", "lte")),
}
_COLUMNS = {
    "district": col(CustomerFigures.district),
    "favourite_category": col(CustomerFigures.favourite_category),
    "spend_yuan": col(CustomerFigures.spend_fen),
    "orders": col(CustomerFigures.orders),
    "recency_days": col(CustomerFigures.recency_days),
    "r_band": col(CustomerFigures.r_band),
    "f_band": col(CustomerFigures.f_band),
    "m_band": col(CustomerFigures.m_band),
}


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: str | int


def parse_rule(
    session: Session, raw: object, districts: tuple[DistrictShape, ...]
) -> list[Condition]:
    """The conditions of `raw` (a list of dicts from the page), checked; DomainError else."""
    if not isinstance(raw, list) or not raw:
        raise DomainError("segment.rule_empty")
    if len(raw) > MAX_CONDITIONS:
        raise DomainError("segment.rule_too_long", max=MAX_CONDITIONS)
    return [_condition(session, item, districts) for item in raw]


def _condition(session: Session, item: object, districts: tuple[DistrictShape, ...]) -> Condition:
    if not isinstance(item, dict):
        raise DomainError("segment.rule_empty")
    field, op, value = item.get("field"), item.get("op"), item.get("value")
    spec = FIELDS.get(field) if isinstance(field, str) else None
    if spec is None:
        raise DomainError("segment.field_unknown", name=str(field)[:30])
    if op not in spec.ops:
        raise DomainError("segment.op_unknown", name=str(op)[:10])
    if spec.kind in ("number", "band"):
        return Condition(field, op, _number(value, 5 if spec.kind == "band" else NUMBER_MAX))
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise DomainError("segment.value_missing")
    if spec.kind == "tag" and not _tag_known(session, text, districts):
        raise DomainError("segment.tag_unknown", tag=text[:40])
    if spec.kind == "district" and text not in {d.name for d in districts}:
        raise DomainError("segment.district_unknown", name=text[:20])
    if spec.kind == "category" and text not in _category_slugs(session):
        raise DomainError("segment.category_unknown", name=text[:30])
    return Condition(field, op, text)


def _number(value: object, maximum: int) -> int:
    if isinstance(value, bool):
        raise DomainError("segment.value_not_number")
    if isinstance(value, str):
        value = value.strip()
        if not value.isdigit():
            raise DomainError("segment.value_not_number")
        value = int(value)
    if not isinstance(value, int) or not 0 <= value <= maximum:
        raise DomainError("segment.value_out_of_range", max=maximum)
    return value


def _category_slugs(session: Session) -> set[str]:
    return set(session.exec(select(ServiceCategory.slug)).all())


def _tag_known(session: Session, tag: str, districts: tuple[DistrictShape, ...]) -> bool:
    if tag in AUTO_TAGS:
        return True
    kind, _, value = tag.partition(":")
    if kind == "category":
        return value in _category_slugs(session)
    if kind == "district":
        return value in {d.name for d in districts}
    found = session.exec(
        select(UserTag.id).where(UserTag.tag == tag, UserTag.source == "manual").limit(1)
    ).first()
    return found is not None


def _sql(condition: Condition) -> ColumnElement[bool]:
    if condition.field == "tag":
        held = exists().where(
            col(UserTag.user_id) == col(User.id), col(UserTag.tag) == condition.value
        )
        return held if condition.op == "has" else not_(held)
    column: Any = _COLUMNS[condition.field]
    if condition.field in ("spend_yuan", "orders", "r_band", "f_band", "m_band"):
        column = func.coalesce(column, 0)  # no figures yet (signed up since): nothing booked
    value: Any = condition.value
    if condition.field == "spend_yuan":
        value = int(value) * 100
    if condition.op == "eq":
        return column == value
    if condition.op == "ne":  # a customer with no figures yet is not in the district either
        return or_(column.is_(None), column != value)
    return column >= value if condition.op == "gte" else column <= value


def customers(*columns: Any) -> Any:
    """Every customer (`columns` over them, User.id by default), with their figures when a
    recompute has written them."""
    return (
        select(*(columns or (col(User.id),)))
        .select_from(User)
        .outerjoin(CustomerFigures, col(CustomerFigures.user_id) == col(User.id))
        .where(col(User.role) == Role.customer)
    )


def matches(conditions: list[Condition]) -> ColumnElement[bool]:
    """True for a customer of customers() who meets every condition."""
    return and_(*(_sql(c) for c in conditions))


def members_query(conditions: list[Condition]) -> Any:
    """select(User.id) of the customers meeting every condition."""
    return customers().where(matches(conditions))
