"""The community's figures for the platform's moderation page: posts by status, and new posts
and comments per local day over the last two weeks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, select

from salon_app.core.clock import local_today
from salon_app.core.models import Post, PostComment
from salon_app.core.services import admin_roles
from salon_app.core.services.access import Actor
from salon_app.core.settings import get_settings

DAYS = 14


@dataclass(frozen=True)
class DayFigures:
    day: date
    posts: int
    comments: int


@dataclass(frozen=True)
class CommunityFigures:
    by_status: dict[str, int]  # pending, published, hidden, deleted, flagged (published, >0)
    days: list[DayFigures]


def _per_day(session: Session, stamps: list[datetime], first: date) -> dict[date, int]:
    zone = ZoneInfo(get_settings().timezone)
    counts: dict[date, int] = {}
    for at in stamps:
        day = at.astimezone(zone).date()
        if day >= first:
            counts[day] = counts.get(day, 0) + 1
    return counts


def community_figures(session: Session, actor: Actor | None) -> CommunityFigures:
    """Platform moderators only."""
    admin_roles.require_admin(session, actor, admin_roles.Permission.moderate_community)
    by_status = {s: 0 for s in ("pending", "published", "hidden", "deleted")}
    for status, count in session.exec(
        select(Post.status, func.count(Post.id)).group_by(Post.status).order_by(Post.status)
    ).all():
        by_status[status] = count
    by_status["flagged"] = session.exec(
        select(func.count(Post.id)).where(Post.status == "published", Post.flag_count > 0)
    ).one()
    today = local_today()
    first = today - timedelta(days=DAYS - 1)
    since = datetime.combine(first - timedelta(days=1), time(0), tzinfo=ZoneInfo("UTC"))
    posts = _per_day(
        session, list(session.exec(select(Post.created_at).where(Post.created_at >= since))), first
    )
    comments = _per_day(
        session,
        list(session.exec(select(PostComment.created_at).where(PostComment.created_at >= since))),
        first,
    )
    days = [first + timedelta(days=i) for i in range(DAYS)]
    return CommunityFigures(
        by_status, [DayFigures(d, posts.get(d, 0), comments.get(d, 0)) for d in days]
    )
