"""Form pieces every role's pages use: a control under its label, a form's error."""

from __future__ import annotations

import reflex as rx


def labelled(label: str, control: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        control,
        spacing="1",
        width="100%",
        align="stretch",
    )


def error_callout(text: rx.Var, error_id: str) -> rx.Component:
    return rx.cond(
        text != "",
        rx.callout(text, icon="triangle-alert", color_scheme="red", id=error_id, width="100%"),
    )
