"""Gifts points buy (积分兑换): a small catalogue with stock, managed by operators.

Rule: a customer redeems an active gift for its points cost: the points are taken
(points.debit, kind "redeem_gift", soonest-expiring first; more than usable is refused with
points.not_enough) and one unit of stock by a conditional update (stock > 0), so stock never
goes below zero however many redeem at once (gift.out_of_stock). Either refusal changes
nothing. The page sends the request key it showed the gift with: the same key again (a double
click) returns the first redemption and takes nothing more. Operators with manage_marketing
add and change gifts (name 1–40 characters, cost and stock whole numbers, cost at least 1);
each change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Gift, GiftRedemption, PointsEntry, Role
from salon_app.core.services import audit
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.membership.points import debit, lock_points, valid_request_key

NAME_MAX, DESCRIPTION_MAX = 40, 200
COST_MAX, STOCK_MAX = 10_000_000, 1_000_000


@dataclass(frozen=True)
class GiftView:
    id: int
    name: str
    description: str
    picture: str
    points_cost: int
    stock: int
    active: bool


def _view(g: Gift) -> GiftView:
    return GiftView(g.id, g.name, g.description, g.picture, g.points_cost, g.stock, g.active)


def gifts_on_offer(session: Session) -> list[GiftView]:
    """Active gifts, cheapest first (out-of-stock ones too: the page shows them greyed)."""
    rows = session.exec(
        select(Gift).where(col(Gift.active).is_(True)).order_by(Gift.points_cost, Gift.id)
    ).all()
    return [_view(g) for g in rows]


def all_gifts(session: Session, actor: Actor | None) -> list[GiftView]:
    """Operators with manage_marketing: every gift, newest first."""
    require_admin(session, actor, Permission.manage_marketing)
    rows = session.exec(select(Gift).order_by(col(Gift.id).desc())).all()
    return [_view(g) for g in rows]


def redeem_gift(
    session: Session, actor: Actor | None, gift_id: int, request_key: str
) -> GiftRedemption:
    """Customers: one unit of `gift_id` for its points, once per request key (module rule)."""
    actor = require_role(actor, Role.customer)
    if not valid_request_key(request_key):
        raise DomainError("points.request_invalid")
    now = utcnow()
    key = f"gift:{actor.user_id}:{gift_id}:{request_key}"
    lock_points(session, actor.user_id)
    done = session.exec(
        select(GiftRedemption)
        .join(PointsEntry, col(PointsEntry.id) == GiftRedemption.points_entry_id)
        .where(PointsEntry.key == key)
    ).first()
    if done is not None:
        session.rollback()
        return done
    gift = session.get(Gift, gift_id, populate_existing=True)
    if gift is None or not gift.active:
        session.rollback()
        raise DomainError("gift.missing")
    try:
        entry = debit(
            session, actor.user_id, "redeem_gift", gift.points_cost, key, now, note=gift.name
        )
        taken = session.execute(
            update(Gift)
            .where(col(Gift.id) == gift_id, col(Gift.stock) > 0, col(Gift.active).is_(True))
            .values(stock=Gift.stock - 1)
        )
        if taken.rowcount != 1:
            raise DomainError("gift.out_of_stock", name=gift.name)
    except DomainError:
        session.rollback()
        raise
    row = GiftRedemption(
        gift_id=gift_id, user_id=actor.user_id, points_entry_id=entry.id, created_at=now
    )
    session.add(row)
    session.commit()
    return row


@dataclass(frozen=True)
class GiftInput:
    name: str
    description: str
    points_cost: int
    stock: int
    active: bool = True


def save_gift(session: Session, actor: Actor | None, gift_id: int | None, data: GiftInput) -> int:
    """Operators with manage_marketing: add a gift (None) or change one; returns its id."""
    actor = require_admin(session, actor, Permission.manage_marketing)
    name, description = (data.name or "").strip(), (data.description or "").strip()
    if not name or len(name) > NAME_MAX:
        raise DomainError("gift.name", max=NAME_MAX)
    if len(description) > DESCRIPTION_MAX:
        raise DomainError("gift.description", max=DESCRIPTION_MAX)
    if not 1 <= data.points_cost <= COST_MAX:
        raise DomainError("gift.cost")
    if not 0 <= data.stock <= STOCK_MAX:
        raise DomainError("gift.stock")
    if gift_id is None:
        gift = Gift(name=name, points_cost=data.points_cost, created_at=utcnow())
    else:
        gift = session.get(Gift, gift_id)
        if gift is None:
            raise DomainError("gift.missing")
    before = {"stock": gift.stock, "cost": gift.points_cost, "active": gift.active}
    gift.name, gift.description = name, description
    gift.points_cost, gift.stock, gift.active = data.points_cost, data.stock, data.active
    session.add(gift)
    session.flush()
    after = {"name": name, "cost": gift.points_cost, "stock": gift.stock, "active": gift.active}
    audit.record(session, actor, "membership.gift_saved", "gift", gift.id, before=before, **after)
    session.commit()
    return gift.id
