"""The rota grid: technicians down, fourteen days across, each day's shifts in its cell; a cell
opens the day dialog. Below it, the time-off form."""

from __future__ import annotations

import reflex as rx

from salon_app.components.layout import empty_state, section
from salon_app.i18n import t
from salon_app.merchant.rota import views
from salon_app.merchant.rota.state import RotaState as S

KIND_COLOURS = {
    "pattern": "var(--accent-3)",
    "override": "var(--amber-3)",
    "keep": "var(--blue-3)",
    "weekly": "var(--gray-3)",
    "time_off": "var(--red-3)",
    "off": "transparent",
}
_BORDER = "1px solid var(--gray-a5)"


def _toolbar() -> rx.Component:
    return rx.hstack(
        rx.icon_button(
            rx.icon("chevron-left"),
            on_click=S.move_weeks(-1),
            variant="soft",
            aria_label=t("rota.week_prev"),
            id="week-prev",
        ),
        rx.button(t("rota.week_this"), on_click=S.this_week, variant="soft", id="week-today"),
        rx.icon_button(
            rx.icon("chevron-right"),
            on_click=S.move_weeks(1),
            variant="soft",
            aria_label=t("rota.week_next"),
            id="week-next",
        ),
        rx.input(
            type="date",
            value=S.week_start,
            on_change=S.pick_week,
            aria_label=t("rota.week_pick"),
            id="week-pick",
            width="160px",
        ),
        align="center",
        wrap="wrap",
        spacing="2",
    )


def _legend() -> rx.Component:
    return rx.flex(
        *[
            rx.hstack(
                rx.box(
                    width="14px",
                    height="14px",
                    border_radius="3px",
                    background=colour,
                    border=_BORDER,
                ),
                rx.text(t(f"rota.kind.{kind}"), size="1"),
                align="center",
                spacing="1",
            )
            for kind, colour in KIND_COLOURS.items()
        ],
        gap="12px",
        wrap="wrap",
        id="rota-legend",
    )


def _cell(cell: views.CellView) -> rx.Component:
    return rx.el.td(
        rx.vstack(
            rx.text(cell.text, size="1", white_space="pre-line"),
            rx.cond(cell.badge != "", rx.badge(cell.badge, size="1", variant="outline")),
            spacing="1",
            align="start",
        ),
        on_click=S.open_day(cell.technician_id, cell.day),
        id=cell.cell_id,
        class_name=f"rota-cell kind-{cell.kind}",
        title=t("rota.cell.edit"),
        background=rx.match(cell.kind, *KIND_COLOURS.items(), "transparent"),
        border=_BORDER,
        padding="4px 6px",
        min_width="84px",
        vertical_align="top",
        cursor="pointer",
    )


def _row(row: views.RowView) -> rx.Component:
    return rx.el.tr(
        rx.el.th(
            rx.text(row.name, size="2", weight="medium"),
            scope="row",
            position="sticky",
            left="0",
            background="var(--color-background)",
            border=_BORDER,
            padding="4px 8px",
            min_width="88px",
            text_align="left",
        ),
        rx.foreach(row.cells, _cell),
        class_name="rota-row",
        data_technician=row.technician_id,
    )


def _head(day: rx.Var) -> rx.Component:
    return rx.el.th(
        rx.vstack(
            rx.text(day["weekday"], size="1", weight="bold"),
            rx.text(day["label"], size="1", color_scheme="gray"),
            spacing="0",
        ),
        border=_BORDER,
        padding="4px 6px",
        background=rx.cond(day["weekend"] != "", "var(--gray-a3)", "transparent"),
        class_name="rota-day",
    )


def rota_grid() -> rx.Component:
    return rx.vstack(
        _toolbar(),
        _legend(),
        rx.cond(
            S.grid.length() > 0,
            rx.box(
                rx.el.table(
                    rx.el.thead(
                        rx.el.tr(
                            rx.el.th(t("rota.technician"), border=_BORDER, padding="4px 8px"),
                            rx.foreach(S.day_heads, _head),
                        )
                    ),
                    rx.el.tbody(rx.foreach(S.grid, _row)),
                    border_collapse="collapse",
                    font_size="12px",
                ),
                overflow_x="auto",
                width="100%",
                id="rota-grid",
            ),
            empty_state(t("rota.no_technicians")),
        ),
        rx.text(t("rota.grid_hint"), size="1", color_scheme="gray"),
        section(t("rota.time_off.title"), _time_off_form()),
        spacing="3",
        width="100%",
    )


def _technician_select(value: rx.Var, on_change: object, select_id: str) -> rx.Component:
    return rx.el.select(
        rx.el.option(t("rota.pick_technician_option"), value=""),
        rx.foreach(S.technicians, lambda x: rx.el.option(x["name"], value=x["id"])),
        value=value,
        on_change=on_change,
        id=select_id,
        style={"padding": "6px", "border_radius": "6px", "border": _BORDER},
    )


def _time_off_form() -> rx.Component:
    return rx.flex(
        _technician_select(S.off_tech, lambda v: S.set_off_field("off_tech", v), "off-tech"),
        rx.input(
            type="date",
            value=S.off_first,
            on_change=lambda v: S.set_off_field("off_first", v),
            aria_label=t("rota.field.first_day"),
            id="off-first",
        ),
        rx.input(
            type="date",
            value=S.off_last,
            on_change=lambda v: S.set_off_field("off_last", v),
            aria_label=t("rota.field.last_day"),
            id="off-last",
        ),
        rx.input(
            value=S.off_reason,
            on_change=lambda v: S.set_off_field("off_reason", v),
            placeholder=t("rota.time_off.reason"),
            max_length=200,
            id="off-reason",
        ),
        rx.button(
            rx.icon("calendar-off", size=16),
            t("rota.time_off.add"),
            on_click=S.add_time_off,
            id="off-add",
        ),
        gap="8px",
        wrap="wrap",
        align="center",
        id="time-off-form",
    )
