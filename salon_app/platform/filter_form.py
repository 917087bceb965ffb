"""A platform table's filter form: its text fields (kept in the page state as they are typed,
through its `set_filter(name, value)`), a search button that sends the form and a clear button.
Element ids: <table>-filter-<name>, <table>-search, <table>-clear."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from salon_app.i18n import t


def filter_input(
    table: str,
    set_filter: Callable[[str, rx.Var], rx.event.EventSpec],
    name: str,
    value: rx.Var,
    label: str,
    width: str,
    **props: object,
) -> rx.Component:
    """A text filter; `label` is its catalogue key (placeholder and aria label)."""
    return rx.input(
        name=name,
        value=value,
        on_change=lambda v: set_filter(name, v),
        placeholder=t(label),
        aria_label=t(label),
        id=f"{table}-filter-{name.replace('_', '-')}",
        width=["100%", width],
        **props,
    )


def filter_form(
    table: str,
    search_label: str,
    on_submit: rx.EventHandler,
    on_clear: rx.EventHandler,
    *fields: rx.Component,
) -> rx.Component:
    return rx.form(
        rx.flex(
            *fields,
            rx.button(t(search_label), type="submit", id=f"{table}-search"),
            rx.button(
                t("users.clear"),
                type="button",
                variant="soft",
                on_click=on_clear,
                id=f"{table}-clear",
            ),
            wrap="wrap",
            gap="8px",
            align="center",
        ),
        on_submit=on_submit,
        width="100%",
    )
