"""The statistics on screen as an xlsx workbook (xlsxwriter): one sheet per table.

The workbook holds exactly what shop_statistics returns for the same arguments, so what a
manager downloads is what they saw; money is written in yuan (fen / 100, two decimals),
rates as percentages. Headers are catalogue keys put into words by `text` (the page passes
its `t`), so the sheet speaks the user's language.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import xlsxwriter

from salon_app.core.event_loop import refuse_on_event_loop
from salon_app.core.services.access import Actor
from salon_app.core.services.stats.figures import Figure, Ratio, ShopStatistics
from salon_app.core.services.stats.report import shop_statistics

Text = Callable[[str], str]


def export_xlsx(
    session: Any,
    actor: Actor | None,
    shop_id: int,
    first_day: date,
    last_day: date,
    basis: str = "service",
    text: Text | None = None,
) -> bytes:
    """The xlsx of shop_statistics(...) with the same arguments and the same refusals."""
    stats = shop_statistics(session, actor, shop_id, first_day, last_day, basis)
    if text is None:
        from salon_app.i18n import t as text  # the app's locale when the caller has none
    return workbook_bytes(stats, text)


def workbook_bytes(stats: ShopStatistics, text: Text) -> bytes:
    out = io.BytesIO()
    refuse_on_event_loop("xlsx export")
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    styles = {
        "head": book.add_format({"bold": True, "bg_color": "#F2F2F2"}),
        "yuan": book.add_format({"num_format": "#,##0.00"}),
        "pct": book.add_format({"num_format": "0.0%"}),
        "int": book.add_format({"num_format": "0"}),
        "text": None,
    }

    def sheet(key: str, headers: Sequence[str], rows: Sequence[Sequence[tuple[Any, str]]]) -> None:
        ws = book.add_worksheet(text(key))
        ws.write_row(0, 0, [text(h) for h in headers], styles["head"])
        for r, row in enumerate(rows, start=1):
            for c, (value, style) in enumerate(row):
                ws.write(r, c, value, styles[style])
        ws.set_column(0, len(headers) - 1, 14)

    _overview(stats, text, sheet)
    sheet(
        "stats.sheet.daily",
        ["stats.col.day", "stats.col.orders", "stats.col.revenue", "stats.col.new_customers",
         "stats.col.returning_customers", "stats.col.previous_orders",
         "stats.col.previous_revenue"],
        [[(p.day.isoformat(), "text"), (p.orders, "int"), (_yuan(p.revenue_fen), "yuan"),
          (p.new_customers, "int"), (p.returning_customers, "int"),
          (p.previous_orders, "int"), (_yuan(p.previous_revenue_fen), "yuan")]
         for p in stats.daily],
    )  # fmt: skip
    sheet(
        "stats.sheet.hours",
        ["stats.col.hour", "stats.col.orders", "stats.col.previous_orders"],
        [[(f"{h.hour:02d}:00", "text"), (h.orders, "int"), (h.previous_orders, "int")]
         for h in stats.hours],
    )  # fmt: skip
    for key, counts in (
        ("stats.sheet.order_sources", stats.order_sources),
        ("stats.sheet.signup_sources", stats.new_customer_sources),
    ):
        sheet(
            key,
            ["stats.col.source", "stats.col.count", "stats.col.previous"],
            [[(source_text(s.source, text), "text"), (s.count, "int"), (s.previous, "int")]
             for s in counts],
        )  # fmt: skip
    sheet(
        "stats.sheet.services",
        ["stats.col.service", "stats.col.orders", "stats.col.previous_orders"],
        [[(s.name, "text"), (s.orders, "int"), (s.previous_orders, "int")]
         for s in stats.services],
    )  # fmt: skip
    sheet(
        "stats.sheet.technicians",
        ["stats.col.technician", "stats.col.orders", "stats.col.revenue", "stats.col.rating",
         "stats.col.reviews", "stats.col.utilisation", "stats.col.rebooking",
         "stats.col.on_time", "stats.col.complaints"],
        [[(r.name, "text"), (r.orders, "int"), (_yuan(r.revenue_fen), "yuan"),
          (r.rating if r.rating is not None else "", "text"), (r.reviews, "int"),
          *(_rate(x.value) for x in (r.utilisation, r.rebooking, r.on_time)),
          (r.complaints, "int")]
         for r in stats.technicians],
    )  # fmt: skip
    book.close()
    return out.getvalue()


def _overview(stats: ShopStatistics, text: Text, sheet: Callable[..., None]) -> None:
    figures: list[tuple[str, Figure, bool]] = [
        ("stats.figure.orders", stats.orders, False),
        ("stats.figure.revenue", stats.revenue_fen, True),
        ("stats.figure.refunds", stats.refunds_fen, True),
        ("stats.figure.customers", stats.customers, False),
        ("stats.figure.new_customers", stats.new_customers, False),
        ("stats.figure.returning_customers", stats.returning_customers, False),
    ]
    period = f"{stats.first_day.isoformat()} ~ {stats.last_day.isoformat()}"
    previous = f"{stats.previous_first_day.isoformat()} ~ {stats.previous_last_day.isoformat()}"
    rows: list[list[tuple[Any, str]]] = [
        [(text("stats.col.period"), "text"), (period, "text"), (previous, "text")],
        [(text("stats.col.basis"), "text"), (text(f"stats.basis.{stats.basis}"), "text")],
        [(text("stats.col.shop"), "text"), (stats.shop_name, "text")],
    ]
    for key, figure, money in figures:
        value = (_yuan(figure.value), "yuan") if money else (figure.value, "int")
        before = (_yuan(figure.previous), "yuan") if money else (figure.previous, "int")
        change = figure.change_pct
        rows.append(
            [
                (text(key), "text"),
                value,
                before,
                (change / 100 if change is not None else "", "pct"),
            ]
        )
    rows.append([(text("stats.figure.utilisation"), "text"), *_ratio(stats.utilisation)])
    sheet("stats.sheet.overview", ["stats.col.figure", "stats.col.value", "stats.col.previous",
                                   "stats.col.change"], rows)  # fmt: skip


def source_text(source: str, text: Text) -> str:
    """A source code as words: the channel's own code after "ch:" (e.g. 渠道 xhs)."""
    if source.startswith("ch:"):
        return f"{text('stats.source.channel')} {source.removeprefix('ch:')}"
    return text(f"stats.source.{source}")


def _yuan(fen: int) -> float:
    return fen / 100


def _rate(value: float | None) -> tuple[Any, str]:
    return (value, "pct") if value is not None else ("", "text")


def _ratio(ratio: Ratio) -> list[tuple[Any, str]]:
    return [_rate(ratio.value), _rate(ratio.previous)]
