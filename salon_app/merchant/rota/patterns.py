"""The patterns tab: the shop's repeating patterns, and the form that makes or edits one
(cycle of 1-4 weeks; per week of the cycle and weekday one or more shifts; start and optional
end date) for one or more technicians."""

from __future__ import annotations

import reflex as rx

from salon_app.components.format import weekday_name
from salon_app.components.layout import empty_state, section
from salon_app.i18n import t
from salon_app.merchant.rota.pattern_form import WEEKS
from salon_app.merchant.rota.state import RotaState as S

_BORDER = "1px solid var(--gray-a5)"


def _pattern_row(p: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(p["technician"], padding="6px", white_space="nowrap"),
        rx.el.td(p["cycle"], padding="6px", white_space="nowrap"),
        rx.el.td(p["period"], padding="6px"),
        rx.el.td(p["summary"], padding="6px"),
        rx.el.td(
            rx.hstack(
                rx.button(
                    rx.icon("pencil", size=14),
                    t("rota.pattern.edit"),
                    size="1",
                    variant="soft",
                    on_click=S.edit_pattern(p["id"]),
                    class_name="pattern-edit",
                ),
                rx.button(
                    t("rota.pattern.end"),
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=S.end_pattern(p["id"]),
                    class_name="pattern-end",
                ),
                spacing="2",
            ),
            padding="6px",
        ),
        border_top=_BORDER,
        class_name="pattern-row",
    )


def _pattern_list() -> rx.Component:
    heads = ("technician", "cycle", "period", "shifts", "actions")
    return rx.cond(
        S.patterns.length() > 0,
        rx.box(
            rx.el.table(
                rx.el.thead(
                    rx.el.tr(
                        *[
                            rx.el.th(
                                t(f"rota.pattern.col.{h}"),
                                padding="6px",
                                text_align="left",
                                white_space="nowrap",
                            )
                            for h in heads
                        ]
                    )
                ),
                rx.el.tbody(rx.foreach(S.patterns, _pattern_row)),
                width="100%",
                font_size="13px",
                border_collapse="collapse",
            ),
            overflow_x="auto",
            width="100%",
            id="pattern-list",
        ),
        empty_state(t("rota.pattern.none")),
    )


def _technician_choice(x: rx.Var) -> rx.Component:
    return rx.checkbox(
        x["name"],
        checked=S.form_techs.contains(x["id"]),
        on_change=lambda _checked: S.toggle_tech(x["id"]),
        id=f"pattern-tech-{x['id']}",
        class_name="pattern-tech",
    )


def _week_row(week: int) -> rx.Component:
    return rx.cond(
        S.cycle_weeks >= week,
        rx.el.tr(
            rx.el.th(
                rx.vstack(
                    rx.text(t("rota.pattern.week", week=week), size="2"),
                    rx.button(
                        t("rota.pattern.copy_monday"),
                        size="1",
                        variant="ghost",
                        on_click=S.fill_week(week),
                        id=f"copy-monday-{week}",
                    ),
                    spacing="1",
                ),
                padding="4px",
                text_align="left",
            ),
            *[
                rx.el.td(
                    rx.input(
                        value=S.form_slots[f"{week}-{weekday}"],
                        on_change=lambda v, key=f"{week}-{weekday}": S.set_slot(key, v),
                        placeholder=t("rota.pattern.slot_placeholder"),
                        id=f"slot-{week}-{weekday}",
                        size="1",
                        min_width="110px",
                    ),
                    padding="2px",
                )
                for weekday in range(7)
            ],
        ),
    )


def _pattern_form() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(
                rx.cond(
                    S.pattern_id != "",
                    t("rota.pattern.editing") + " · " + S.pattern_technician,
                    t("rota.pattern.new"),
                ),
                size="3",
                id="pattern-form-title",
            ),
            rx.cond(
                S.pattern_id == "",
                rx.vstack(
                    rx.text(t("rota.pattern.for"), size="2", color_scheme="gray"),
                    rx.flex(
                        rx.foreach(S.technicians, _technician_choice),
                        gap="12px",
                        wrap="wrap",
                        id="pattern-techs",
                    ),
                    spacing="1",
                    width="100%",
                ),
            ),
            rx.flex(
                rx.vstack(
                    rx.text(t("rota.pattern.cycle_label"), size="2"),
                    rx.input(
                        type="number",
                        min=1,
                        max=4,
                        value=S.form_cycle,
                        on_change=S.set_cycle,
                        id="pattern-cycle",
                        width="90px",
                    ),
                    spacing="1",
                ),
                rx.vstack(
                    rx.text(t("rota.field.starts"), size="2"),
                    rx.input(
                        type="date",
                        value=S.form_starts,
                        on_change=S.set_starts,
                        id="pattern-starts",
                    ),
                    spacing="1",
                ),
                rx.vstack(
                    rx.text(t("rota.field.ends_optional"), size="2"),
                    rx.input(
                        type="date", value=S.form_ends, on_change=S.set_ends, id="pattern-ends"
                    ),
                    spacing="1",
                ),
                gap="16px",
                wrap="wrap",
            ),
            rx.text(t("rota.pattern.hint"), size="1", color_scheme="gray"),
            rx.box(
                rx.el.table(
                    rx.el.thead(
                        rx.el.tr(
                            rx.el.th(""),
                            *[rx.el.th(weekday_name(d), padding="4px") for d in range(7)],
                        )
                    ),
                    rx.el.tbody(*[_week_row(week) for week in WEEKS]),
                    border_collapse="collapse",
                ),
                overflow_x="auto",
                width="100%",
                id="pattern-slots",
            ),
            rx.hstack(
                rx.button(t("rota.pattern.save"), on_click=S.save_pattern, id="pattern-save"),
                rx.button(
                    t("rota.pattern.reset"),
                    on_click=S.new_pattern,
                    variant="soft",
                    id="pattern-reset",
                ),
                spacing="2",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="pattern-form",
    )


def patterns_tab() -> rx.Component:
    return rx.vstack(
        section(t("rota.pattern.list"), _pattern_list()),
        _pattern_form(),
        spacing="4",
        width="100%",
    )
