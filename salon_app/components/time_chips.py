"""A day's free start times as buttons: picking one books (or moves) straight away."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from salon_app.components.layout import empty_state
from salon_app.i18n import t


def time_chips(
    slots: rx.Var,
    pick: Callable[[rx.Var], rx.EventSpec],
    day: rx.Var,
    list_id: str,
    chip_class: str,
    size: str = "2",
) -> rx.Component:
    """`slots` as {"value", "label"} rows; the list says which day it shows (data-day), and a
    day with no free time says so."""
    return rx.cond(
        slots.length() > 0,
        rx.flex(
            rx.foreach(
                slots,
                lambda s: rx.button(
                    s["label"],
                    on_click=pick(s["value"]),
                    variant="outline",
                    size=size,
                    class_name=chip_class,
                ),
            ),
            wrap="wrap",
            gap="6px",
            id=list_id,
            custom_attrs={"data-day": day},
        ),
        empty_state(t("booking.no_slots")),
    )
