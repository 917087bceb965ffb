"""Charts of the dashboards (rx.recharts): a series is a key of the rows, a name and a colour."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import reflex as rx

from salon_app.i18n import t

PALETTE = ("var(--accent-9)", "var(--blue-9)", "var(--grass-9)", "var(--amber-9)")


@dataclass(frozen=True)
class Series:
    """A line or a bar: the rows' key holding its values, and the catalogue key of its name."""

    key: str
    label: str


def _axes(x_key: str) -> list[rx.Component]:
    return [
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        rx.recharts.x_axis(data_key=x_key, font_size=12),
        rx.recharts.y_axis(font_size=12, width=48),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(),
    ]


def _frame(chart: rx.Component, rows: rx.Var, chart_id: str, title: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(title, weight="bold", size="2"),
            rx.cond(
                rows.length() > 0,  # type: ignore[attr-defined]
                chart,
                rx.center(
                    rx.text(t("chart.no_data"), color_scheme="gray", size="2"), height="200px"
                ),
            ),
            width="100%",
        ),
        id=chart_id,
        width="100%",
    )


def line_chart(
    rows: rx.Var, x_key: str, series: Sequence[Series], chart_id: str, title: str
) -> rx.Component:
    chart = rx.recharts.line_chart(
        *(
            rx.recharts.line(
                data_key=s.key, name=t(s.label), stroke=PALETTE[i % len(PALETTE)], dot=False
            )
            for i, s in enumerate(series)
        ),
        *_axes(x_key),
        data=rows,
        width="100%",
        height=240,
    )
    return _frame(chart, rows, chart_id, title)


def bar_chart(
    rows: rx.Var,
    x_key: str,
    series: Sequence[Series],
    chart_id: str,
    title: str,
    stacked: bool = False,
) -> rx.Component:
    chart = rx.recharts.bar_chart(
        *(
            rx.recharts.bar(
                data_key=s.key,
                name=t(s.label),
                fill=PALETTE[i % len(PALETTE)],
                stack_id="all" if stacked else None,
            )
            for i, s in enumerate(series)
        ),
        *_axes(x_key),
        data=rows,
        width="100%",
        height=240,
    )
    return _frame(chart, rows, chart_id, title)


def pie_chart(
    rows: rx.Var, name_key: str, value_key: str, chart_id: str, title: str
) -> rx.Component:
    chart = rx.recharts.pie_chart(
        rx.recharts.pie(
            data=rows,
            data_key=value_key,
            name_key=name_key,
            fill=PALETTE[0],
            label=True,
            outer_radius=80,
        ),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(),  # which slice is which (a row's `fill` colours its slice)
        width="100%",
        height=240,
    )
    return _frame(chart, rows, chart_id, title)
