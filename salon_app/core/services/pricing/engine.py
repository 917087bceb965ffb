"""The one price calculation: technician price → member price → promotions → one coupon →
points → amount to pay.

- Member price: the customer's level (Membership.level_rank → MemberLevel.discount_bp),
  funded by the platform.
- Promotions running now that reach the customer, highest priority first; of the promotions
  sharing an exclusive group only the one saving most (at the group's turn) applies.
- One coupon, the customer's own, unused and valid now; its threshold counts only the items it
  covers, after promotions.
- Points: 1 point = 1 fen, at most POINTS_MAX_SHARE_BP of the amount after discounts and never
  more than the customer's usable balance.
Every discount is a line spread over the items (largest remainder, integer fen), so an item's
lines add up exactly. The amount to pay never drops below MIN_PAY_FEN (docs/decisions.md):
discounts are trimmed to leave it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from salon_app.core.errors import DomainError
from salon_app.core.models import Coupon, CouponTemplate, Promotion
from salon_app.core.services.membership import balance
from salon_app.core.services.pricing import offers
from salon_app.core.services.pricing.offers import Customer
from salon_app.core.services.pricing.rules import coupon_shares, percent_off, promotion_shares
from salon_app.core.services.pricing.spread import spread

POINTS_MAX_SHARE_BP = 2_000  # points pay at most 20% of the amount after discounts
MIN_PAY_FEN = 1  # a fully discounted order still pays ¥0.01 through the normal checkout

Funding = tuple[str, int | None]  # funded_by (platform | merchant), the shop paying
PLATFORM: Funding = ("platform", None)


@dataclass(frozen=True)
class BasketItem:
    service_id: int
    category_id: int
    merchant_id: int | None
    price_fen: int  # the technician's price


@dataclass(frozen=True)
class PriceLine:
    """One discount, spread over the basket's items (`per_item` adds up to `amount_fen`)."""

    source: str  # member, promotion, coupon, points
    ref_id: int | None  # the level's rank, the promotion, the coupon (points: set at booking)
    label: str  # the level's, promotion's or coupon's name
    amount_fen: int
    funded_by: str  # platform | merchant
    merchant_id: int | None  # the shop paying for it (funded_by merchant)
    per_item: tuple[int, ...]


@dataclass(frozen=True)
class CouponOption:
    """A coupon the customer could use on this basket, with what it would save."""

    coupon_id: int
    name: str
    kind: str
    saving_fen: int
    valid_until: datetime


@dataclass(frozen=True)
class Quote:
    list_fen: int
    total_fen: int  # to pay
    lines: tuple[PriceLine, ...]
    item_totals: tuple[int, ...]  # each item's price less its lines
    coupon_id: int | None  # the coupon applied
    coupons: tuple[CouponOption, ...]  # usable on this basket, best first
    best_coupon_id: int | None
    points: int  # points spent
    points_max: int  # the most points this basket may use now
    points_balance: int
    level_name: str

    def saved(self, source: str) -> int:
        return sum(line.amount_fen for line in self.lines if line.source == source)


class _Basket:
    """The items' running amounts and the lines taken off them so far."""

    def __init__(self, items: Sequence[BasketItem]) -> None:
        self.items = list(items)
        self.amounts = [max(0, item.price_fen) for item in self.items]
        self.floor = MIN_PAY_FEN if sum(self.amounts) > 0 else 0
        self.lines: list[PriceLine] = []

    def room(self) -> int:
        return max(0, sum(self.amounts) - self.floor)

    def trimmed(self, shares: list[int]) -> list[int]:
        """The shares, scaled down (largest remainder) to leave the amount's floor."""
        if sum(shares) <= self.room():
            return shares
        return spread(self.room(), shares)

    def take(
        self, source: str, ref: int | None, label: str, shares: list[int], funding: Funding
    ) -> int:
        shares = self.trimmed(shares)
        total = sum(shares)
        if total <= 0:
            return 0
        self.amounts = [a - s for a, s in zip(self.amounts, shares, strict=True)]
        self.lines.append(PriceLine(source, ref, label, total, *funding, tuple(shares)))
        return total


def _funding(offer: Promotion | CouponTemplate) -> Funding:
    return offer.funded_by, offer.merchant_id if offer.funded_by == "merchant" else None


def _promotions(basket: _Basket, running: list[Promotion], who: Customer) -> None:
    reaching = [p for p in running if offers.in_audience(p, who)]
    settled: set[str] = set()
    for p in reaching:
        group = p.exclusive_group
        if group and group in settled:
            continue
        winner, shares = p, promotion_shares(p, basket.items, basket.amounts, who)
        if group:
            settled.add(group)
            for rival in reaching:
                if rival.exclusive_group == group and rival is not p:
                    theirs = promotion_shares(rival, basket.items, basket.amounts, who)
                    if sum(basket.trimmed(theirs)) > sum(basket.trimmed(shares)):
                        winner, shares = rival, theirs
        basket.take("promotion", winner.id, winner.name, shares, _funding(winner))


def _coupon_options(
    basket: _Basket, owned: list[tuple[Coupon, CouponTemplate]], who: Customer, now: datetime
) -> list[CouponOption]:
    found = []
    for coupon, template in owned:
        try:
            shares = coupon_shares(coupon, template, basket.items, basket.amounts, who, now)
        except DomainError:
            continue
        saving = sum(basket.trimmed(shares))
        if saving > 0:
            found.append(
                CouponOption(coupon.id, template.name, template.kind, saving, coupon.valid_until)
            )
    # Best first: the biggest saving, then the one expiring soonest
    return sorted(found, key=lambda o: (-o.saving_fen, o.valid_until, o.coupon_id))


def _chosen(
    session: Session, coupon_id: int, owned: list[tuple[Coupon, CouponTemplate]]
) -> tuple[Coupon, CouponTemplate]:
    mine = next((pair for pair in owned if pair[0].id == coupon_id), None)
    pair = mine or offers.coupon_by_id(session, coupon_id)
    if pair is None:
        raise DomainError("coupon.not_found")
    return pair


def quote(
    session: Session,
    customer_id: int | None,
    items: Sequence[BasketItem],
    now: datetime,
    coupon_id: int | None = None,
    points: int = 0,
) -> Quote:
    """The price of a basket for a customer at `now`, with every discount as a line.

    Refused (DomainError): a coupon that is not theirs, used, expired or not started, out of
    its scope or below its threshold (coupon.*); points below zero, more than they have or
    above the share of the price points may pay (pricing.points_*)."""
    running = offers.running_promotions(session, now)
    who = offers.customer_facts(session, customer_id, running)
    basket = _Basket(items)
    if who.level_discount_bp < 10_000:
        off = percent_off(sum(basket.amounts), who.level_discount_bp)
        shares = spread(off, basket.amounts)
        basket.take("member", who.level_rank, who.level_name, shares, PLATFORM)
    _promotions(basket, running, who)
    owned = offers.owned_coupons(session, customer_id)
    options = _coupon_options(basket, owned, who, now)
    if coupon_id is not None:
        coupon, template = _chosen(session, coupon_id, owned)
        shares = coupon_shares(coupon, template, basket.items, basket.amounts, who, now)
        if basket.take("coupon", coupon.id, template.name, shares, _funding(template)) <= 0:
            raise DomainError("coupon.no_saving")
    have = max(0, balance(session, customer_id, now).available) if customer_id else 0
    cap = min(have, sum(basket.amounts) * POINTS_MAX_SHARE_BP // 10_000, basket.room())
    _check_points(points, have, cap)
    if points:
        basket.take("points", None, "", spread(points, basket.amounts), PLATFORM)
    return Quote(
        list_fen=sum(max(0, item.price_fen) for item in items),
        total_fen=sum(basket.amounts),
        lines=tuple(basket.lines),
        item_totals=tuple(basket.amounts),
        coupon_id=coupon_id,
        coupons=tuple(options),
        best_coupon_id=options[0].coupon_id if options else None,
        points=points,
        points_max=cap,
        points_balance=have,
        level_name=who.level_name if who.level_discount_bp < 10_000 else "",
    )


def _check_points(points: int, have: int, cap: int) -> None:
    if not isinstance(points, int) or points < 0:
        raise DomainError("pricing.points_invalid")
    if points > have:
        raise DomainError("pricing.points_not_enough", have=have)
    if points > cap:
        raise DomainError("pricing.points_over_cap", max=cap)
