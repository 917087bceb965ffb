"""Promotions managed by the platform and by shops: create, edit, end, and the table of them.

Pricing (services/pricing) applies them; this module only keeps them right. Rules: only
marketers (owners.py) act; a shop sees and changes only its own promotions, which it funds
(funded_by merchant, merchant_id its shop); the platform's are funded by the platform. A
promotion is checked whole on every save (promotion_rules.py). An ended promotion is not edited
again; ending one stops it now (ends_at is brought forward, never pushed back). Every change is
audited in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Campaign,
    MemberLevel,
    Merchant,
    Promotion,
    Service,
    ServiceCategory,
)
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.marketing.owners import marketer, refuse_unless_owned, shop_services
from salon_app.core.services.marketing.promotion_rules import PromotionDraft, check_draft

PROMOTION_SORTS = ("name", "kind", "priority", "starts_at", "ends_at")


@dataclass(frozen=True)
class PromotionRow:
    id: int
    name: str
    kind: str
    rule: dict
    scope: str
    scope_ids: list[int]
    audience: str
    audience_ref: int | None
    exclusive_group: str
    priority: int
    funded_by: str
    starts_at: datetime
    ends_at: datetime
    state: str  # scheduled, running, ended

    def draft(self) -> PromotionDraft:
        return PromotionDraft(
            name=self.name, kind=self.kind, starts_at=self.starts_at, ends_at=self.ends_at,
            rule=dict(self.rule), scope=self.scope, scope_ids=list(self.scope_ids),
            audience=self.audience, audience_ref=self.audience_ref,
            exclusive_group=self.exclusive_group, priority=self.priority,
        )  # fmt: skip


def promotion_state(promotion: Promotion, now: datetime) -> str:
    if not promotion.active or promotion.ends_at <= now:
        return "ended"
    return "scheduled" if promotion.starts_at > now else "running"


def _row(p: Promotion, now: datetime) -> PromotionRow:
    return PromotionRow(
        p.id, p.name, p.kind, dict(p.rule), p.scope, list(p.scope_ids), p.audience,
        p.audience_ref, p.exclusive_group, p.priority, p.funded_by, p.starts_at, p.ends_at,
        promotion_state(p, now),
    )  # fmt: skip


def _apply(promotion: Promotion, draft: PromotionDraft) -> None:
    for name in (
        "name", "kind", "rule", "scope", "scope_ids", "scope_exclude", "audience",
        "audience_ref", "exclusive_group", "priority", "starts_at", "ends_at",
    ):  # fmt: skip
        setattr(promotion, name, getattr(draft, name))


def create_promotion(session: Session, actor: Actor | None, draft: PromotionDraft) -> PromotionRow:
    """A new promotion of the marketer's own (platform or shop), checked whole; audited."""
    who = marketer(session, actor)
    check_draft(session, who, draft)
    now = utcnow()
    promotion = Promotion(
        name=draft.name, kind=draft.kind, starts_at=draft.starts_at, ends_at=draft.ends_at,
        funded_by=who.funded_by, merchant_id=who.merchant_id, created_by=who.actor.user_id,
        created_at=now,
    )  # fmt: skip
    _apply(promotion, draft)
    session.add(promotion)
    session.flush()
    audit.record(
        session, who.actor, "promotion.create", "promotion", promotion.id,
        name=promotion.name, kind=promotion.kind, merchant_id=who.merchant_id,
    )  # fmt: skip
    session.commit()
    return _row(promotion, now)


def _own(session: Session, actor: Actor | None, promotion_id: int) -> tuple[object, Promotion]:
    who = marketer(session, actor)
    promotion = session.get(Promotion, promotion_id) if promotion_id else None
    if promotion is None:
        raise DomainError("promotion.not_found")
    refuse_unless_owned(who, promotion.merchant_id)
    return who, promotion


def update_promotion(
    session: Session, actor: Actor | None, promotion_id: int, draft: PromotionDraft
) -> PromotionRow:
    """Change one of the marketer's promotions that has not ended; checked whole; audited."""
    who, promotion = _own(session, actor, promotion_id)
    now = utcnow()
    if promotion_state(promotion, now) == "ended":
        raise DomainError("promotion.already_ended")
    if promotion.audience == "campaign" and (
        draft.audience != "campaign" or draft.audience_ref != promotion.audience_ref
    ):
        raise DomainError("promotion.bound_to_campaign")
    check_draft(session, who, draft)
    _apply(promotion, draft)
    audit.record(
        session, who.actor, "promotion.update", "promotion", promotion.id, name=promotion.name
    )
    session.commit()
    return _row(promotion, now)


def end_promotion(session: Session, actor: Actor | None, promotion_id: int) -> PromotionRow:
    """Stop one of the marketer's promotions now (ends_at brought forward); audited."""
    who, promotion = _own(session, actor, promotion_id)
    now = utcnow()
    if promotion_state(promotion, now) == "ended":
        raise DomainError("promotion.already_ended")
    promotion.active = False
    promotion.ends_at = min(promotion.ends_at, now)
    if promotion.starts_at > promotion.ends_at:
        promotion.starts_at = promotion.ends_at
    audit.record(
        session, who.actor, "promotion.end", "promotion", promotion.id, name=promotion.name
    )
    session.commit()
    return _row(promotion, now)


def promotion_detail(session: Session, actor: Actor | None, promotion_id: int) -> PromotionRow:
    """One of the marketer's promotions (for the edit form)."""
    _, promotion = _own(session, actor, promotion_id)
    return _row(promotion, utcnow())


def promotions_table(
    session: Session, actor: Actor | None, query: TableQuery
) -> Page[PromotionRow]:
    """The marketer's promotions (the platform's, or the shop's own), searched by name."""
    who = marketer(session, actor)
    owner = (
        col(Promotion.merchant_id).is_(None)
        if who.merchant_id is None
        else col(Promotion.merchant_id) == who.merchant_id
    )
    now = utcnow()
    return paginate(
        session,
        select(Promotion).where(owner),
        query,
        sort_columns={name: getattr(Promotion, name) for name in PROMOTION_SORTS},
        tie_breaker=col(Promotion.id),
        search_columns=[col(Promotion.name)],
        row=lambda r: _row(r[0], now),
    )


def campaign_promotions(session: Session, merchant_id: int | None) -> list[Promotion]:
    """The owner's promotions still open that a campaign may take as its offer."""
    owner = (
        col(Promotion.merchant_id).is_(None)
        if merchant_id is None
        else col(Promotion.merchant_id) == merchant_id
    )
    rows = session.exec(
        select(Promotion)
        .where(owner, col(Promotion.active), Promotion.ends_at > utcnow())
        .order_by(col(Promotion.id).desc())
    ).all()
    return [p for p in rows if p.audience != "campaign"]


@dataclass(frozen=True)
class PromotionChoices:
    """What the promotion form offers: scope items, member levels and open campaigns."""

    categories: list[tuple[int, str]]
    services: list[tuple[int, str]]
    shops: list[tuple[int, str]]
    levels: list[tuple[int, str]]  # (rank, name)
    campaigns: list[tuple[int, str]]


def promotion_choices(session: Session, actor: Actor | None) -> PromotionChoices:
    """The form's choices for the marketer: a shop gets only its own services and campaigns."""
    who = marketer(session, actor)
    services = session.exec(select(Service.id, Service.name).order_by(col(Service.id))).all()
    if who.merchant_id is not None:
        own = shop_services(session, who.merchant_id)
        services = [s for s in services if s[0] in own]
    owner = (
        col(Campaign.merchant_id).is_(None)
        if who.merchant_id is None
        else col(Campaign.merchant_id) == who.merchant_id
    )
    campaigns = session.exec(
        select(Campaign.id, Campaign.name)
        .where(owner, col(Campaign.status).in_(("scheduled", "running")))
        .order_by(col(Campaign.id).desc())
    ).all()
    platform = who.merchant_id is None
    return PromotionChoices(
        list(
            session.exec(
                select(ServiceCategory.id, ServiceCategory.name).order_by(
                    col(ServiceCategory.sort_order), col(ServiceCategory.id)
                )
            ).all()
        )
        if platform
        else [],
        [tuple(s) for s in services],
        list(session.exec(select(Merchant.id, Merchant.name).order_by(col(Merchant.id))).all())
        if platform
        else [],
        list(
            session.exec(
                select(MemberLevel.rank, MemberLevel.name).order_by(col(MemberLevel.rank))
            ).all()
        ),
        [tuple(c) for c in campaigns],
    )
