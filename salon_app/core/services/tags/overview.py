"""The tags at a glance: how many customers hold each tag and each RFM band, when the tags
were last computed, and what a segment rule may name (tags, districts, categories).

Rule: only operators holding manage_segments see it. Counts are of customers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.models import CustomerFigures, Role, ServiceCategory, User, UserTag
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.live_map import districts
from salon_app.core.services.tags.behaviour import AUTO_TAGS


@dataclass(frozen=True)
class TagOverview:
    customers: int
    computed_at: datetime | None  # None: never computed
    tags: list[tuple[str, int]]  # (tag, customers), automatic ones first, then by count
    bands: dict[str, list[int]]  # "r"/"f"/"m" -> customers in band 0..5
    categories: list[tuple[str, str]]  # (slug, name) a rule may name
    districts: list[str]
    manual_tags: list[str]


def tag_overview(session: Session, actor: Actor | None) -> TagOverview:
    """Counts per tag and band, and the vocabulary of the segment builder."""
    require_admin(session, actor, Permission.manage_segments)
    total = session.exec(select(func.count(col(User.id))).where(User.role == Role.customer)).one()
    counts = session.exec(
        select(UserTag.tag, UserTag.source, func.count(col(UserTag.id)))
        .group_by(col(UserTag.tag), col(UserTag.source))
        .order_by(col(UserTag.tag))
    ).all()
    auto = {tag: n for tag, source, n in counts if source == "auto"}
    manual = {tag: n for tag, source, n in counts if source == "manual"}
    ordered = [(t, auto.get(t, 0)) for t in AUTO_TAGS]
    ordered += sorted(
        ((t, n) for t, n in auto.items() if t not in AUTO_TAGS), key=lambda p: (-p[1], p[0])
    )
    ordered += sorted(manual.items(), key=lambda p: (-p[1], p[0]))
    bands = {}
    for name, column in (
        ("r", CustomerFigures.r_band),
        ("f", CustomerFigures.f_band),
        ("m", CustomerFigures.m_band),
    ):
        found = dict(
            session.exec(
                select(column, func.count()).group_by(col(column)).order_by(col(column))
            ).all()
        )
        bands[name] = [found.get(band, 0) for band in range(6)]
    computed = session.exec(select(func.max(col(CustomerFigures.computed_at)))).one()
    categories = session.exec(
        select(ServiceCategory.slug, ServiceCategory.name).order_by(
            col(ServiceCategory.sort_order), col(ServiceCategory.id)
        )
    ).all()
    return TagOverview(
        total,
        computed,
        ordered,
        bands,
        [tuple(c) for c in categories],
        [d.name for d in districts()],
        sorted(manual),
    )
