"""A row of tabs: one button per tab, the shown one solid (my orders, the technician's jobs)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import reflex as rx

from salon_app.i18n import t


def tab_bar(
    tabs: Sequence[str],
    shown: rx.Var,
    choose: Callable[[str], rx.EventSpec],
    label_key: str,
    id_prefix: str,
    size: str = "2",
    **props: object,
) -> rx.Component:
    """Tab `x` is labelled t(f"{label_key}.{x}"), has the id f"{id_prefix}-{x}" and sends
    choose(x); `shown` is the state var holding the tab on screen."""
    return rx.hstack(
        *[
            rx.button(
                t(f"{label_key}.{tab}"),
                on_click=choose(tab),
                variant=rx.cond(shown == tab, "solid", "soft"),
                size=size,
                id=f"{id_prefix}-{tab}",
            )
            for tab in tabs
        ],
        **props,
    )
