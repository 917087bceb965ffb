"""The figures on the shop's and the platform's home dashboards (dashboards.py)."""

from __future__ import annotations

from salon_app.core.services.stats import dashboards

__all__ = [
    "dashboards",
]
