"""Announcements and news (店铺公告): drafts, publishing to an audience, expiry, pinning.

A draft is edited freely and seen only by the shop. Publishing is one
`UPDATE ... WHERE status = 'draft'`: the audience is notified in the same transaction, so a
second click (or a colleague's at the same moment) publishes nothing twice and notifies
nobody twice. Audiences: "all" (every active customer account) or "past_customers"
(customers with a completed order at this shop). A published announcement shows on the shop
page until it expires (expires_at, or "expire now"); pinned ones come first, then the newest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, Select, func, insert, literal, update
from sqlmodel import Session, col, or_, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Announcement, Merchant, Notification, Order, Role, User
from salon_app.core.models import OrderStatus as S
from salon_app.core.models.types import UTCDateTime
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.merchants.shop_roles import Capability, require_shop

AUDIENCES = ("all", "past_customers")
TITLE_MAX, BODY_MAX = 80, 2000
NOTICE_KEY = "announcement.notice"
PAST = (S.completed, S.reviewed)


@dataclass(frozen=True)
class AnnouncementDraft:
    title: str
    body: str
    audience: str = "all"
    expires_at: datetime | None = None
    pinned: bool = False


@dataclass(frozen=True)
class AnnouncementView:
    id: int
    title: str
    body: str
    state: str  # draft | published | expired
    audience: str
    pinned: bool
    created_at: datetime
    published_at: datetime | None
    expires_at: datetime | None
    notified: int


def state_of(a: Announcement, now: datetime) -> str:
    if a.status == "draft":
        return "draft"
    return "expired" if a.expires_at is not None and a.expires_at <= now else "published"


def _view(a: Announcement, now: datetime) -> AnnouncementView:
    return AnnouncementView(
        a.id,
        a.title,
        a.body,
        state_of(a, now),
        a.audience,
        a.pinned,
        a.created_at,
        a.published_at,
        a.expires_at,
        a.notified,
    )


def _check(draft: AnnouncementDraft, now: datetime) -> AnnouncementDraft:
    title, body = (draft.title or "").strip(), (draft.body or "").strip()
    if not title:
        raise DomainError("validation.required", field="field.announcement_title")
    if len(title) > TITLE_MAX:
        raise DomainError("validation.too_long", field="field.announcement_title", max=TITLE_MAX)
    if not body:
        raise DomainError("validation.required", field="field.announcement_body")
    if len(body) > BODY_MAX:
        raise DomainError("validation.too_long", field="field.announcement_body", max=BODY_MAX)
    if draft.audience not in AUDIENCES:
        raise DomainError("announcement.audience_invalid")
    if draft.expires_at is not None and draft.expires_at <= now:
        raise DomainError("announcement.expiry_in_past")
    return AnnouncementDraft(title, body, draft.audience, draft.expires_at, draft.pinned)


def _own(session: Session, merchant_id: int, announcement_id: int) -> Announcement:
    row = session.get(Announcement, announcement_id)
    if row is None or row.merchant_id != merchant_id:
        raise DomainError("announcement.not_found")
    return row


def shop_announcements(session: Session, actor: Actor | None) -> list[AnnouncementView]:
    """All of the shop's announcements for its dashboard: drafts first, then newest."""
    seat = require_shop(session, actor, Capability.view_shop)
    rows = session.exec(
        select(Announcement)
        .where(Announcement.merchant_id == seat.merchant_id)
        .order_by(
            Announcement.status != "draft",
            col(Announcement.published_at).desc(),
            col(Announcement.created_at).desc(),
            col(Announcement.id).desc(),
        )
    ).all()
    now = utcnow()
    return [_view(a, now) for a in rows]


def save_announcement(
    session: Session,
    actor: Actor | None,
    draft: AnnouncementDraft,
    announcement_id: int | None = None,
) -> AnnouncementView:
    """Create a draft, or edit one of the shop's announcements. Editing a published one
    corrects it without notifying anyone again; its audience can no longer change."""
    seat = require_shop(session, actor, Capability.publish_announcements)
    now = utcnow()
    clean = _check(draft, now)
    if announcement_id is None:
        row = Announcement(merchant_id=seat.merchant_id, created_by=seat.user_id, created_at=now)
    else:
        row = _own(session, seat.merchant_id, announcement_id)
        if row.status != "draft" and clean.audience != row.audience:
            raise DomainError("announcement.audience_fixed")
    row.title, row.body, row.audience = clean.title, clean.body, clean.audience
    row.expires_at, row.pinned = clean.expires_at, clean.pinned
    session.add(row)
    session.commit()
    return _view(row, now)


def _audience(merchant_id: int, audience: str) -> Select:
    customers = select(User.id).where(User.role == Role.customer, col(User.is_active).is_(True))
    if audience == "past_customers":
        served = select(Order.customer_id).where(
            Order.merchant_id == merchant_id, col(Order.status).in_(PAST)
        )
        customers = customers.where(col(User.id).in_(served))
    return customers


def publish_announcement(
    session: Session, actor: Actor | None, announcement_id: int
) -> AnnouncementView:
    """Publish a draft and notify its audience, exactly once (see the module docstring);
    publishing what is already published changes nothing."""
    seat = require_shop(session, actor, Capability.publish_announcements)
    row = _own(session, seat.merchant_id, announcement_id)
    now = utcnow()
    if row.expires_at is not None and row.expires_at <= now:
        raise DomainError("announcement.expiry_in_past")
    won = session.execute(
        update(Announcement)
        .where(col(Announcement.id) == row.id, col(Announcement.status) == "draft")
        .values(status="published", published_at=now)
    ).rowcount
    if won:
        shop = session.get(Merchant, seat.merchant_id)
        params = {"shop": shop.name, "title": row.title, "announcement_id": row.id}
        audience = _audience(seat.merchant_id, row.audience).subquery()
        notes = select(
            audience.c.id,
            literal(NOTICE_KEY),
            literal(params, JSON),
            literal(now, UTCDateTime),
        )
        # rowcount of INSERT ... SELECT is -1 on psycopg: count the audience, same transaction
        sent = session.exec(select(func.count()).select_from(audience)).one()
        columns = ["user_id", "key", "params", "created_at"]
        session.execute(insert(Notification).from_select(columns, notes))
        session.execute(
            update(Announcement).where(col(Announcement.id) == row.id).values(notified=sent)
        )
        audit.record(session, actor, "shop.announcement_published", "announcement", row.id)
    session.commit()
    session.refresh(row)
    return _view(row, now)


def expire_announcement(
    session: Session, actor: Actor | None, announcement_id: int
) -> AnnouncementView:
    """Take a published announcement off the shop page now (already expired: unchanged)."""
    seat = require_shop(session, actor, Capability.publish_announcements)
    row = _own(session, seat.merchant_id, announcement_id)
    now = utcnow()
    if row.status == "draft":
        raise DomainError("announcement.not_published")
    if row.expires_at is None or row.expires_at > now:
        row.expires_at = now
        session.add(row)
        session.commit()
    return _view(row, now)


def pin_announcement(
    session: Session, actor: Actor | None, announcement_id: int, pinned: bool
) -> AnnouncementView:
    """Pin (shown first on the shop page) or unpin one of the shop's announcements."""
    seat = require_shop(session, actor, Capability.publish_announcements)
    row = _own(session, seat.merchant_id, announcement_id)
    row.pinned = pinned
    session.add(row)
    session.commit()
    return _view(row, utcnow())


def delete_draft(session: Session, actor: Actor | None, announcement_id: int) -> None:
    """Delete a draft; a published announcement is expired instead, never deleted."""
    seat = require_shop(session, actor, Capability.publish_announcements)
    row = _own(session, seat.merchant_id, announcement_id)
    if row.status != "draft":
        raise DomainError("announcement.not_a_draft")
    session.delete(row)
    session.commit()


def published_announcements(
    session: Session, merchant_id: int, now: datetime, limit: int = 20
) -> list[AnnouncementView]:
    """Public: what the shop page shows, pinned first, then newest; expired ones hidden."""
    rows = session.exec(
        select(Announcement)
        .where(
            Announcement.merchant_id == merchant_id,
            Announcement.status == "published",
            or_(col(Announcement.expires_at).is_(None), col(Announcement.expires_at) > now),
        )
        .order_by(
            col(Announcement.pinned).desc(),
            col(Announcement.published_at).desc(),
            col(Announcement.id).desc(),
        )
        .limit(limit)
    ).all()
    return [_view(a, now) for a in rows]
