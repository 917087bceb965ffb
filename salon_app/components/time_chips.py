"""Day chips to pick a day of the week, and a day's free start times as buttons: picking a time
books (or moves) straight away."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from salon_app.components.layout import empty_state
from salon_app.i18n import t


def day_chips(
    days: rx.Var,
    shown: rx.Var,
    choose: Callable[[rx.Var], rx.EventSpec],
    chip_class: str,
    size: str = "1",
    id_prefix: str = "",
) -> rx.Component:
    """`days` as slot_week's {"value", "label", "open"} chips: the shown day solid, a day with no
    free time marked full and disabled; each chip says its day (data-day)."""
    return rx.flex(
        rx.foreach(
            days,
            lambda d: rx.button(
                rx.cond(d["open"] != "", d["label"], d["label"] + t("booking.day_full")),
                on_click=choose(d["value"]),
                variant=rx.cond(d["value"] == shown, "solid", "outline"),
                size=size,
                class_name=chip_class,
                disabled=d["open"] == "",
                custom_attrs={"data-day": d["value"]},
                **({"id": id_prefix + d["value"]} if id_prefix else {}),
            ),
        ),
        wrap="wrap",
        gap="6px",
    )


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
