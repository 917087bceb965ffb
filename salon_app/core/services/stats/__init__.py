"""Merchant statistics (数据统计与分析): what a shop's dashboard and its xlsx export show.

Owns the figures of one shop over a range of local days compared with the period before
(orders, revenue from the ledger, new and returning customers, sources, services, hours, and
per technician: orders, revenue, rating, utilisation, rebooking, on-time arrival, complaints),
and the rule that normalises where a customer or booking came from (sources.py), which
sign-up and booking record. Pages call `shop_statistics` to show and `export_xlsx` to download.
"""

from salon_app.core.services.stats.export import export_xlsx, source_text
from salon_app.core.services.stats.figures import (
    DayPoint,
    Figure,
    HourPoint,
    Ratio,
    ServiceCount,
    ShopStatistics,
    SourceCount,
    TechnicianFigures,
)
from salon_app.core.services.stats.period import MAX_DAYS
from salon_app.core.services.stats.report import REBOOK_DAYS, shop_statistics
from salon_app.core.services.stats.revenue import BASES
from salon_app.core.services.stats.sources import SOURCES, channel_source, normalize_source

__all__ = [
    "BASES",
    "MAX_DAYS",
    "REBOOK_DAYS",
    "SOURCES",
    "DayPoint",
    "Figure",
    "HourPoint",
    "Ratio",
    "ServiceCount",
    "ShopStatistics",
    "SourceCount",
    "TechnicianFigures",
    "channel_source",
    "export_xlsx",
    "normalize_source",
    "shop_statistics",
    "source_text",
]
