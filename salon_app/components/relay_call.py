"""The "call through the privacy number" row both order pages show (customer and technician)."""

from __future__ import annotations

import reflex as rx

from salon_app.i18n import t


def relay_call_row(label_key: str, number: rx.Var, tel: rx.Var, button_id: str) -> rx.Component:
    """A label, a button dialling the relay number X, and the hint that neither side sees the
    other's own number."""
    return rx.hstack(
        rx.text(t(label_key), size="2", color_scheme="gray", min_width="72px"),
        rx.link(
            rx.button(t("privacy.call", number=number), size="2", variant="soft"),
            href=tel,
            id=button_id,
        ),
        rx.text(t("privacy.relay_hint"), size="1", color_scheme="gray"),
        align="center",
        wrap="wrap",
    )
