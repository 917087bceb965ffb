"""What each kind of promotion and coupon takes off a basket, item by item.

Every rule sees the items' current amounts (after the member price and the promotions before
it) and returns one share per item, never more than the item still costs. Percentages round
the discount down (the customer never gets more than the stated rate). A rule whose settings
are missing or out of range takes nothing off (the admin pages refuse such rules)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from salon_app.core.amounts import display_yuan
from salon_app.core.errors import DomainError
from salon_app.core.models import Coupon, CouponTemplate, Promotion
from salon_app.core.services.pricing.offers import Customer, in_scope
from salon_app.core.services.pricing.spread import spread


def _int(value: object, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def percent_off(amount: int, discount_bp: int) -> int:
    """What paying `discount_bp` of `amount` saves (8_000 = 8折 saves 20%), rounded down."""
    bp = min(max(discount_bp, 0), 10_000)
    return amount * (10_000 - bp) // 10_000


def eligible(offer: Promotion | CouponTemplate, items: Sequence, amounts: list[int]) -> list[int]:
    """Indexes of the items the offer covers that still cost something."""
    return [
        i
        for i, item in enumerate(items)
        if amounts[i] > 0 and in_scope(offer, item.service_id, item.category_id, item.merchant_id)
    ]


def _proportional(off: int, idx: list[int], amounts: list[int]) -> list[int]:
    shares = [0] * len(amounts)
    weights = [amounts[i] for i in idx]
    for i, share in zip(idx, spread(min(off, sum(weights)), weights), strict=True):
        shares[i] = share
    return shares


def _tiers_off(rule: dict, amount: int) -> int:
    """满减: the best tier the amount reaches."""
    best = 0
    for tier in rule.get("tiers") or []:
        if isinstance(tier, list | tuple) and len(tier) == 2:
            threshold, off = _int(tier[0], -1), _int(tier[1])
            if 0 <= threshold <= amount:
                best = max(best, off)
    return best


def _nth_free(p: Promotion, items: Sequence, idx: list[int], who: Customer) -> list[int]:
    """A free session after every N paid ones of the scope, counting the customer's past
    sessions and then this visit's items in order."""
    n = _int(p.rule.get("n"))
    if n < 1:
        return []
    count = sum(k for key, k in who.history.items() if in_scope(p, *key))
    free = []
    for i in idx:
        count += 1
        if count % (n + 1) == 0:
            free.append(i)
    return free


def promotion_shares(p: Promotion, items: Sequence, amounts: list[int], who: Customer) -> list[int]:
    """What promotion `p` takes off each item now."""
    idx = eligible(p, items, amounts)
    shares = [0] * len(amounts)
    if not idx:
        return shares
    total = sum(amounts[i] for i in idx)
    rule = p.rule or {}
    if p.kind == "tiers":
        return _proportional(_tiers_off(rule, total), idx, amounts)
    if p.kind in ("percent", "returning"):
        return _proportional(
            percent_off(total, _int(rule.get("discount_bp"), 10_000)), idx, amounts
        )
    if p.kind == "bogo_second":  # per pair of the visit, the cheaper one free
        ranked = sorted(idx, key=lambda i: (-amounts[i], i))
        for i in ranked[1::2]:
            shares[i] = amounts[i]
    elif p.kind == "nth_free":
        for i in _nth_free(p, items, idx, who):
            shares[i] = amounts[i]
    elif p.kind == "newcomer_price":
        price = _int(rule.get("price_fen"), -1)
        if price >= 0:
            for i in idx:
                shares[i] = max(0, amounts[i] - price)
    return shares


def coupon_shares(
    coupon: Coupon,
    template: CouponTemplate,
    items: Sequence,
    amounts: list[int],
    who: Customer,
    now: datetime,
) -> list[int]:
    """What the coupon takes off each item, or why it does not apply (a DomainError).

    The threshold is measured on the covered items' amount after promotions, not the basket."""
    if who.user_id is None or coupon.user_id != who.user_id:
        raise DomainError("coupon.not_yours")
    if coupon.order_id is not None:
        raise DomainError("coupon.used")
    if now >= coupon.valid_until:
        raise DomainError("coupon.expired")
    if now < coupon.valid_from:
        raise DomainError("coupon.not_started")
    if template.kind == "newcomer" and who.has_paid:
        raise DomainError("coupon.newcomer_only")
    idx = eligible(template, items, amounts)
    if not idx:
        raise DomainError("coupon.out_of_scope")
    total = sum(amounts[i] for i in idx)
    if total < template.threshold_fen:
        raise DomainError("coupon.below_threshold", threshold=display_yuan(template.threshold_fen))
    if template.kind == "percent":
        off = percent_off(total, template.discount_bp)
        if template.cap_fen > 0:
            off = min(off, template.cap_fen)
    elif template.kind in ("threshold", "no_threshold", "newcomer"):
        off = template.amount_fen
    else:
        off = 0
    if off <= 0:
        raise DomainError("coupon.no_saving")
    return _proportional(off, idx, amounts)
