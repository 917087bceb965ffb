"""Figures of the dashboards and merchant statistics (数据统计与分析).

dashboards.py   the figures on the shop's and the platform's home dashboards
report.py       one shop over a range of local days compared with the period before (orders,
                revenue from the ledger, new and returning customers, sources, services, hours,
                and per technician: orders, revenue, rating, utilisation, rebooking, on-time
                arrival, complaints); figures.py holds what it returns
export.py       the same statistics as an xlsx file
Pages call `shop_statistics` to show and `export_xlsx` to download. Where a visitor came from
is normalised by services/sources.py (sign-up and booking record it; statistics count it).
"""

from salon_app.core.services.sources import SOURCES, channel_source, normalize_source
from salon_app.core.services.stats import dashboards
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
from salon_app.core.services.stats.technicians import ratings

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
    "dashboards",
    "export_xlsx",
    "normalize_source",
    "ratings",
    "shop_statistics",
    "source_text",
]
