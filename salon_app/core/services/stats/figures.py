"""What the statistics page shows: plain dataclasses, each series ready for a chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Figure:
    """A number for the period and the period of equal length before it."""

    value: int
    previous: int

    @property
    def change_pct(self) -> float | None:
        """Change against the previous period in percent (None when it was 0)."""
        if self.previous == 0:
            return None
        return round((self.value - self.previous) * 100 / self.previous, 1)


@dataclass(frozen=True)
class Ratio:
    """part / whole for the period and the one before (utilisation, rates); None without data."""

    part: int
    whole: int
    previous_part: int = 0
    previous_whole: int = 0

    @property
    def value(self) -> float | None:
        return round(self.part / self.whole, 4) if self.whole else None

    @property
    def previous(self) -> float | None:
        return round(self.previous_part / self.previous_whole, 4) if self.previous_whole else None


@dataclass(frozen=True)
class DayPoint:
    """One local day; previous_* is the same day of the previous period (day - its length)."""

    day: date
    orders: int
    revenue_fen: int
    new_customers: int
    returning_customers: int
    previous_orders: int
    previous_revenue_fen: int


@dataclass(frozen=True)
class HourPoint:
    hour: int  # 0-23, local start hour of the visits
    orders: int
    previous_orders: int


@dataclass(frozen=True)
class SourceCount:
    source: str  # direct, search, shop_page, share or ch:<code> (services/sources.py)
    count: int
    previous: int


@dataclass(frozen=True)
class ServiceCount:
    service_id: int
    name: str
    orders: int  # visits that included the service
    previous_orders: int


@dataclass(frozen=True)
class TechnicianFigures:
    technician_id: int
    name: str
    orders: int
    revenue_fen: int
    rating: float | None  # average of the period's reviews, 1-5 (None: no review)
    reviews: int
    utilisation: Ratio  # booked minutes / scheduled minutes
    rebooking: Ratio  # customers who booked them again within rebook_days / customers
    on_time: Ratio  # arrivals no later than start + grace / arrivals recorded
    complaints: int


@dataclass(frozen=True)
class ShopStatistics:
    shop_id: int
    shop_name: str
    first_day: date
    last_day: date
    previous_first_day: date
    previous_last_day: date
    basis: str  # revenue by "service" date or "payment" date
    orders: Figure
    revenue_fen: Figure  # net of refunds; equals the ledger (stats/revenue.py)
    refunds_fen: Figure  # taken back in the period (included in revenue_fen as a minus)
    customers: Figure
    new_customers: Figure
    returning_customers: Figure
    utilisation: Ratio
    rating: float | None
    daily: list[DayPoint]
    hours: list[HourPoint]
    order_sources: list[SourceCount]
    new_customer_sources: list[SourceCount]
    services: list[ServiceCount]
    technicians: list[TechnicianFigures]
