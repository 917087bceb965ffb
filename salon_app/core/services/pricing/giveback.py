"""Refunds that give back exactly: the coupon and the points an order used come back, and the
points and growth its payment earned are taken back, once, in proportion to what was refunded.

Rule. Of an order whose price to pay is P (Order.total_fen), once R fen have come back to the
customer (confirmed refunds, less any payment beyond the price, as ledger.follow_refunds
counts them), the order has in all:
- given back floor(points_spent × R / P) of the points spent at booking (the "deduct:<order>"
  entry), each with the expiry of the batch it was drawn from (the latest-expiring first, so
  the customer keeps the longest-lived points; one that expired meanwhile comes back expired);
- taken back floor(points_earned × R / P) of the points its payment earned (the
  "earn:<order>" batch first, then the soonest-expiring): beyond the balance it is the
  customer's debt, never clamped to zero;
- taken back floor(growth × R / P) of the growth its payment earned ("pay:<order>").
A cancelled order (paid or not, an expired hold too) and a refund of the whole price count
as R = P: everything comes back, also when a cancellation fee is kept (the fee is money only).
The coupon comes back only then (a partial refund keeps it used: it was spent on the service
the customer kept), and only while it is still valid: an expired coupon stays used by the
order (a dead coupon in the wallet helps nobody, and the order's history keeps it).

Each call writes only the difference to what was given or taken back before, with keys made
of the order and the new cumulative figure, so a replayed refund notification, a second click
and a second worker change nothing more. `give_back` runs in the caller's transaction under
the order's money lock (ledger.lock_order_money) and does not commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import (
    Coupon,
    CouponTemplate,
    DiscountLine,
    GrowthEntry,
    Order,
    PointsDraw,
    PointsEntry,
    Role,
)
from salon_app.core.models import OrderStatus as S
from salon_app.core.services import ledger, membership
from salon_app.core.services.access import Actor, require_role

RETURN, TAKEBACK, GROWTH_BACK = "refund_return", "refund_takeback", "refund"


@dataclass(frozen=True)
class GiveBack:
    """What one order has given back (or, for a preview, would give back): shown to the customer."""

    coupon: str  # the coupon's name; "" when the order used none
    coupon_back: bool  # the coupon is (would be) in the wallet again
    points_back: int  # points spent on the order, returned
    points_taken: int  # points the payment earned, taken back
    growth_taken: int = 0

    @property
    def anything(self) -> bool:
        return self.coupon_back or self.points_back > 0 or self.points_taken > 0


def _refunded(session: Session, order: Order) -> tuple[int, int]:
    """(R, P): of the P fen the customer pays for the order, R have come back (module rule)."""
    price = order.total_fen
    if order.cancelled_at is not None or order.status == S.cancelled:
        return 1, 1
    balance = ledger.order_balance(session, order.id)
    if price <= 0:
        return 0, 1
    beyond_price = max(0, balance.paid_fen - price)
    return min(price, max(0, balance.refunded_fen - beyond_price)), price


def _entry(session: Session, key: str) -> PointsEntry | None:
    return session.exec(select(PointsEntry).where(PointsEntry.key == key)).first()


def _points_sum(session: Session, order_id: int, kind: str) -> int:
    total = session.exec(
        select(func.coalesce(func.sum(PointsEntry.amount), 0)).where(
            PointsEntry.order_id == order_id, PointsEntry.kind == kind
        )
    ).one()
    return abs(int(total))


def _growth_taken(session: Session, order_id: int) -> int:
    total = session.exec(
        select(func.coalesce(func.sum(GrowthEntry.amount), 0)).where(
            GrowthEntry.order_id == order_id, GrowthEntry.kind == GROWTH_BACK
        )
    ).one()
    return -int(total)


def _return_points(
    session: Session, spent: PointsEntry, skip: int, amount: int, key: str, at: datetime
) -> None:
    """Give back `amount` of a debit's points after the first `skip` already given back, each
    with its batch's expiry, latest-expiring first (membership.reverse's order; it cannot
    continue an earlier partial return, so the slice is taken here)."""
    draws = session.exec(
        select(PointsDraw, PointsEntry)
        .join(PointsEntry, col(PointsEntry.id) == PointsDraw.batch_id)
        .where(PointsDraw.entry_id == spent.id)
        .order_by(
            col(PointsEntry.expires_at).is_(None).desc(),
            col(PointsEntry.expires_at).desc(),
            col(PointsDraw.id),
        )
    ).all()
    for i, (draw, batch) in enumerate(draws):
        passed = min(skip, draw.amount)
        skip -= passed
        back = min(amount, draw.amount - passed)
        if back <= 0:
            continue
        membership.credit(
            session,
            spent.user_id,
            RETURN,
            back,
            f"{key}:{i}",
            at,
            expires_at=batch.expires_at,
            order_id=spent.order_id,
        )
        amount -= back
        if amount == 0:
            break


def _return_coupon(session: Session, order: Order, at: datetime) -> bool:
    """The order's coupon back in the wallet while valid (a conditional update: once)."""
    done = session.execute(
        update(Coupon)
        .where(col(Coupon.order_id) == order.id, col(Coupon.valid_until) > at)
        .values(order_id=None, used_at=None, returned_at=at)
    )
    return bool(done.rowcount)


def give_back(session: Session, order: Order, at: datetime) -> GiveBack:
    """Bring the order's give-backs up to what its refunds or cancellation call for (module
    rule); returns what this call gave back. Not committed; under the order's money lock."""
    refunded, price = _refunded(session, order)
    if refunded == 0:
        return GiveBack("", False, 0, 0)
    oid, user = order.id, order.customer_id
    points_back = points_taken = growth_taken = 0
    spent = _entry(session, f"deduct:{oid}")
    if spent is not None and spent.amount < 0:
        before = _points_sum(session, oid, RETURN)
        target = -spent.amount * refunded // price
        if target > before:
            _return_points(session, spent, before, target - before, f"return:{oid}:{target}", at)
            points_back = target - before
    earned = _entry(session, f"earn:{oid}")
    if earned is not None and earned.amount > 0:
        before = _points_sum(session, oid, TAKEBACK)
        target = earned.amount * refunded // price
        if target > before:
            membership.debit(
                session,
                user,
                TAKEBACK,
                target - before,
                f"takeback:{oid}:{target}",
                at,
                order_id=oid,
                allow_debt=True,
                first_batch_id=earned.id,
            )
            points_taken = target - before
    grown = session.exec(select(GrowthEntry).where(GrowthEntry.key == f"pay:{oid}")).first()
    if grown is not None and grown.amount > 0:
        before = _growth_taken(session, oid)
        target = grown.amount * refunded // price
        if target > before:
            key, change = f"growth_back:{oid}:{target}", before - target
            membership.add_growth(session, user, GROWTH_BACK, change, key, at, order_id=oid)
            growth_taken = target - before
    coupon_back = refunded == price and _return_coupon(session, order, at)
    return GiveBack("", coupon_back, points_back, points_taken, growth_taken)


def _coupon_name(session: Session, coupon: Coupon | None) -> str:
    if coupon is None:
        return ""
    return session.get(CouponTemplate, coupon.template_id).name


def _own(session: Session, actor: Actor | None, order_id: int) -> Order:
    actor = require_role(actor, Role.customer)
    order = session.get(Order, order_id)
    if order is None or order.customer_id != actor.user_id:
        raise DomainError("order.not_found")
    return order


def given_back(session: Session, actor: Actor | None, order_id: int) -> GiveBack:
    """What the customer's own order has given back so far: its coupon (returned or not),
    points returned and points taken back (from the ledger rows)."""
    order = _own(session, actor, order_id)
    coupon = _coupon_of(session, order)
    back = coupon is not None and coupon.order_id != order.id and coupon.returned_at is not None
    return GiveBack(
        _coupon_name(session, coupon),
        back,
        _points_sum(session, order.id, RETURN),
        _points_sum(session, order.id, TAKEBACK),
        _growth_taken(session, order.id),
    )


def _coupon_of(session: Session, order: Order) -> Coupon | None:
    """The coupon the order used: still tied to it, or named by its coupon discount line (a
    returned coupon no longer points at the order)."""
    tied = session.exec(select(Coupon).where(Coupon.order_id == order.id)).first()
    if tied is not None:
        return tied
    ref = session.exec(
        select(DiscountLine.ref_id)
        .where(DiscountLine.order_id == order.id, DiscountLine.source == "coupon")
        .order_by(col(DiscountLine.id))
    ).first()
    return session.get(Coupon, ref) if ref is not None else None


def cancel_giveback(session: Session, actor: Actor | None, order_id: int, at: datetime) -> GiveBack:
    """What cancelling the customer's own order at `at` would give back (module rule: all the
    points spent, the coupon while valid at `at`, and all the points earned taken back)."""
    order = _own(session, actor, order_id)
    coupon = session.exec(select(Coupon).where(Coupon.order_id == order.id)).first()
    spent = _entry(session, f"deduct:{order.id}")
    earned = _entry(session, f"earn:{order.id}")
    return GiveBack(
        _coupon_name(session, coupon),
        coupon is not None and coupon.valid_until > at,
        (-spent.amount if spent is not None and spent.amount < 0 else 0)
        - _points_sum(session, order.id, RETURN),
        (earned.amount if earned is not None and earned.amount > 0 else 0)
        - _points_sum(session, order.id, TAKEBACK),
    )
