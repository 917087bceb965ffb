"""The shop's statistics: one service call per range or basis, run off the event loop.

What the page shows is the last range the service accepted; a refused range (too long,
reversed, not a date) leaves the figures, and the range inputs, as they were.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import date
from functools import partial
from typing import Any

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_toast
from salon_app.components.data_table import TableMixin
from salon_app.components.date_range import DateRangeMixin
from salon_app.components.format import money
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import stats
from salon_app.core.services.access import Actor
from salon_app.i18n import t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SLICE_COLOURS = (
    "#e93d82", "#3e63dd", "#30a46c", "#ffb224", "#8e4ec6", "#12a594", "#f76b15", "#8d8d8d",
)  # fmt: skip
SERVICES_CHARTED = 10
PAGE_SIZE = 20
# The technician table's columns; the sort key of each row is its raw number (no data: -1).
TECH_COLUMNS = (
    "name", "orders", "revenue", "rating", "utilisation", "rebooking", "on_time", "complaints",
)  # fmt: skip


def _in_shop(actor: Actor, work: Callable[..., Any], *args: Any) -> Any:
    """Run a statistics service for the actor's own shop in a session of its own (a thread)."""
    with session_scope() as session:
        return work(session, actor, actor.merchant_id or 0, *args)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _change(change_pct: float | None) -> tuple[str, str]:
    """(text, trend) of a change against the previous period."""
    if change_pct is None:
        return t("stats.change_none"), "none"
    if change_pct > 0:
        return t("stats.change_up", pct=change_pct), "up"
    if change_pct < 0:
        return t("stats.change_down", pct=-change_pct), "down"
    return t("stats.change_flat"), "flat"


def _ratio_change(ratio: stats.Ratio) -> float | None:
    if ratio.value is None or not ratio.previous:
        return None
    return round((ratio.value - ratio.previous) * 100 / ratio.previous, 1)


def _kpi(key: str, label: str, value: str, previous: str, change: float | None) -> dict:
    text, trend = _change(change)
    return {
        "id": f"kpi-{key}",
        "label": t(label),
        "value": value,
        "previous": t("stats.previous", value=previous),
        "change": text,
        "trend": trend,
    }


def _kpis(s: stats.ShopStatistics) -> list[dict[str, str]]:
    def count(key: str, label: str, f: stats.Figure) -> dict:
        return _kpi(key, label, str(f.value), str(f.previous), f.change_pct)

    def amount(key: str, label: str, f: stats.Figure) -> dict:
        return _kpi(key, label, money(f.value), money(f.previous), f.change_pct)

    u = s.utilisation
    return [
        count("orders", "stats.figure.orders", s.orders),
        amount("revenue", "stats.figure.revenue", s.revenue_fen),
        amount("refunds", "stats.figure.refunds", s.refunds_fen),
        count("customers", "stats.figure.customers", s.customers),
        count("new", "stats.figure.new_customers", s.new_customers),
        count("returning", "stats.figure.returning_customers", s.returning_customers),
        _kpi(
            "utilisation",
            "stats.figure.utilisation",
            _pct(u.value),
            _pct(u.previous),
            _ratio_change(u),
        ),
        _kpi(
            "rating",
            "stats.figure.rating",
            "—" if s.rating is None else f"{s.rating:.1f}",
            "—",
            None,
        ),
    ]


def _slices(counts: list[stats.SourceCount]) -> list[dict[str, Any]]:
    """Pie slices of the period's sources; each carries its colour (recharts reads `fill`)."""
    return [
        {"name": stats.source_text(c.source, t), "count": c.count,
         "fill": SLICE_COLOURS[i % len(SLICE_COLOURS)]}
        for i, c in enumerate(x for x in counts if x.count > 0)
    ]  # fmt: skip


def _technician(r: stats.TechnicianFigures) -> dict[str, Any]:
    """A table row: the text shown, and the raw number each column sorts by."""
    ratios = {"utilisation": r.utilisation, "rebooking": r.rebooking, "on_time": r.on_time}
    shown = {
        "id": str(r.technician_id),
        "name": r.name,
        "orders": str(r.orders),
        "revenue": money(r.revenue_fen),
        "rating": "—" if r.rating is None else f"{r.rating:.1f}",
        **{k: _pct(v.value) for k, v in ratios.items()},
        "complaints": str(r.complaints),
    }
    raw: dict[str, Any] = {
        "name": r.name,
        "orders": r.orders,
        "revenue": r.revenue_fen,
        "rating": -1 if r.rating is None else r.rating,
        **{k: -1 if v.value is None else v.value for k, v in ratios.items()},
        "complaints": r.complaints,
    }
    return {"shown": shown, "raw": raw}


class MerchantStatsState(DateRangeMixin, TableMixin, SessionState):
    basis: str = "service"
    loading: bool = False
    exporting: bool = False
    shop_name: str = ""
    period_text: str = ""
    kpis: list[dict[str, str]] = []
    daily: list[dict[str, Any]] = []
    hours: list[dict[str, Any]] = []
    order_sources: list[dict[str, Any]] = []
    signup_sources: list[dict[str, Any]] = []
    services: list[dict[str, Any]] = []
    technicians: list[dict[str, str]] = []
    # The range and basis of the figures on screen (restored when a new one is refused).
    _shown: tuple[str, str, str] = ("", "", "service")
    _all_technicians: list[dict[str, Any]] = []

    @rx.event
    def load(self) -> rx.event.EventSpec:
        self._default_range(30)
        return MerchantStatsState.refresh

    def _load_range(self) -> list | None:
        return [MerchantStatsState.refresh]

    @rx.event
    def choose_basis(self, basis: str | list[str]) -> list | None:
        if not isinstance(basis, str) or basis not in stats.BASES or basis == self.basis:
            return None
        self.basis = basis
        return [MerchantStatsState.refresh]

    def _restore(self) -> None:
        if self._shown[0]:
            self.range_from, self.range_to, self.basis = self._shown

    def _asked_range(self) -> tuple[date, date] | None:
        try:
            return date.fromisoformat(self.range_from), date.fromisoformat(self.range_to)
        except ValueError:
            return None

    def _logged_in_actor(self) -> Actor | None:
        with session_scope() as session:
            return self._actor(session)

    def _must_log_in(self) -> rx.event.EventSpec:
        self.reset()
        self.notice = self.notice or t("auth.login_required")
        return rx.redirect(routes.LOGIN)

    @rx.event
    async def refresh(self) -> AsyncIterator[rx.event.EventSpec | None]:
        """The statistics of the chosen range and basis (the service checks both)."""
        asked = self._asked_range()
        if asked is None:
            self._restore()
            yield rx.toast.error(t("stats.range_invalid"), id="error-toast")
            return
        actor = self._logged_in_actor()
        if actor is None:
            yield self._must_log_in()
            return
        self.loading = True
        yield None
        figures, events = await self._guarded_in_thread(
            partial(_in_shop, actor, stats.shop_statistics, *asked, self.basis), self._restore
        )
        self.loading = False
        for event in events:
            yield event
        if figures is not None:
            self._show(figures)

    def _show(self, s: stats.ShopStatistics) -> None:
        self.loading = False
        self._shown = (s.first_day.isoformat(), s.last_day.isoformat(), s.basis)
        self.range_from, self.range_to = self._shown[0], self._shown[1]
        self.shop_name = s.shop_name
        self.period_text = t(
            "stats.period",
            first=s.first_day.isoformat(),
            last=s.last_day.isoformat(),
            previous_first=s.previous_first_day.isoformat(),
            previous_last=s.previous_last_day.isoformat(),
        )
        self.kpis = _kpis(s)
        self.daily = [
            {
                "day": f"{p.day:%m-%d}",
                "orders": p.orders,
                "previous_orders": p.previous_orders,
                "revenue": p.revenue_fen / 100,
                "previous_revenue": p.previous_revenue_fen / 100,
                "new_customers": p.new_customers,
                "returning_customers": p.returning_customers,
            }
            for p in s.daily
        ]
        self.hours = [
            {"hour": f"{h.hour:02d}", "orders": h.orders, "previous_orders": h.previous_orders}
            for h in s.hours
        ]
        self.order_sources = _slices(s.order_sources)
        self.signup_sources = _slices(s.new_customer_sources)
        self.services = [
            {"name": c.name, "orders": c.orders, "previous_orders": c.previous_orders}
            for c in s.services[:SERVICES_CHARTED]
        ]
        self._all_technicians = [_technician(r) for r in s.technicians]
        self.table_page = 1
        self._load_table()

    def _load_table(self) -> None:
        """Search, sort and page the shop's technicians here: a shop has few of them."""
        sort = self.table_sort if self.table_sort in TECH_COLUMNS else ""
        found = [
            r
            for r in self._all_technicians
            if self.table_search.strip().lower() in r["raw"]["name"].lower()
        ]
        if sort:
            found.sort(key=lambda r: (r["raw"][sort], r["shown"]["id"]))
            if self.table_descending:
                found.reverse()
        self.table_total = len(found)
        self.table_pages = max(1, -(-len(found) // PAGE_SIZE))
        self.table_page = min(max(self.table_page, 1), self.table_pages)
        start = (self.table_page - 1) * PAGE_SIZE
        self.technicians = [r["shown"] for r in found[start : start + PAGE_SIZE]]

    @rx.event
    async def export(self) -> AsyncIterator[rx.event.EventSpec | None]:
        """The figures on screen (the shown range and basis) as an xlsx download."""
        first, last, basis = self._shown
        if not first:
            return
        actor = self._logged_in_actor()
        if actor is None:
            yield self._must_log_in()
            return
        self.exporting = True
        yield None
        try:
            data = await asyncio.to_thread(
                _in_shop, actor, _export, date.fromisoformat(first), date.fromisoformat(last),
                basis,
            )  # fmt: skip
        except DomainError as err:
            self.exporting = False
            yield error_toast(err)
            return
        self.exporting = False
        yield rx.download(data=data, filename=f"shop-stats-{first}-{last}.xlsx", mime_type=XLSX)


def _export(session: Any, actor: Actor, shop_id: int, first: date, last: date, basis: str) -> bytes:
    return stats.export_xlsx(session, actor, shop_id, first, last, basis, text=t)
