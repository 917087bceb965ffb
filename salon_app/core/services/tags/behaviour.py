"""The automatic behaviour tags and RFM bands: the rules, on one customer's figures.

Days are whole local days (settings.timezone) between the order's service day and today.
- Lifecycle, exactly one of: `new` (no paid order yet, or the first one at most NEW_DAYS
  ago), `active` (the last one less than 60 days ago), `dormant` (60 to 180 days, both
  included), `lost` (more than 180 days).
- Bands 1-5 (0 without orders), fixed thresholds so an operator can read them:
  R by days since the last order, F by paid orders of the last 365 days, M by their spend.
- `high_value`: M band 4 or 5 (at least 1,500 yuan in 365 days).
- `price_sensitive`: at least 2 paid orders whose prices sit, on average, in the cheapest
  quarter of each service's price range (price_index <= 25; refunds and coupons do not count
  yet: the membership issue adds coupons).
- `category:<slug>`: the category with the most paid services (ties: the category listed
  first); `district:<name>`: where the last at-home order was, else the last shop's district.
A paid order is one that is not pending payment, cancelled or refunded.
"""

from __future__ import annotations

from dataclasses import dataclass

NEW_DAYS = 30
DORMANT_FROM, DORMANT_TO = 60, 180
LIFECYCLE = ("new", "active", "dormant", "lost")
FLAGS = ("high_value", "price_sensitive")
AUTO_TAGS = (*LIFECYCLE, *FLAGS)  # plus category:<slug> and district:<name>
PAID_STATUSES = ("pending_service", "in_service", "completed", "reviewed")

R_DAYS = (14, 30, 59, 180)  # <= 14 days: 5, <= 30: 4, <= 59: 3, <= 180: 2, more: 1
F_ORDERS = (12, 6, 3, 2)  # >= 12 orders: 5, >= 6: 4, >= 3: 3, 2: 2, 1: 1
M_FEN = (300_000, 150_000, 60_000, 20_000)  # >= 3000 yuan: 5, >= 1500: 4, >= 600: 3, >= 200: 2
HIGH_VALUE_BAND = 4
PRICE_SENSITIVE_INDEX = 25
PRICE_SENSITIVE_MIN_ORDERS = 2


@dataclass(frozen=True)
class Behaviour:
    """What the rules need of one customer (days are None without a paid order)."""

    days_since_first: int | None
    days_since_last: int | None
    orders_365d: int
    spend_365d_fen: int
    orders: int
    price_index: int | None
    favourite_category: str
    district: str


def lifecycle(days_since_first: int | None, days_since_last: int | None) -> str:
    if days_since_first is None or days_since_last is None or days_since_first <= NEW_DAYS:
        return "new"
    if days_since_last < DORMANT_FROM:
        return "active"
    if days_since_last <= DORMANT_TO:
        return "dormant"
    return "lost"


def r_band(days_since_last: int | None) -> int:
    if days_since_last is None:
        return 0
    return 5 - sum(days_since_last > limit for limit in R_DAYS)


def f_band(orders_365d: int) -> int:
    if orders_365d <= 0:
        return 0
    return 1 + sum(orders_365d >= floor for floor in F_ORDERS)


def m_band(spend_365d_fen: int) -> int:
    if spend_365d_fen <= 0:
        return 0
    return 1 + sum(spend_365d_fen >= floor for floor in M_FEN)


def auto_tags(b: Behaviour) -> list[str]:
    """Every automatic tag of one customer, lifecycle first."""
    tags = [lifecycle(b.days_since_first, b.days_since_last)]
    if m_band(b.spend_365d_fen) >= HIGH_VALUE_BAND:
        tags.append("high_value")
    if (
        b.orders >= PRICE_SENSITIVE_MIN_ORDERS
        and b.price_index is not None
        and b.price_index <= PRICE_SENSITIVE_INDEX
    ):
        tags.append("price_sensitive")
    if b.favourite_category:
        tags.append(f"category:{b.favourite_category}")
    if b.district:
        tags.append(f"district:{b.district}")
    return tags
