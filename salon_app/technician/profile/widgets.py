"""Small pieces the technician's profile sections share: labels, error callouts, forms."""

from __future__ import annotations

import reflex as rx

from salon_app.components.form import error_callout
from salon_app.i18n import t


def section_form(
    *fields: rx.Component,
    error: rx.Var,
    error_id: str,
    submit: str,
    submit_id: str,
    on_submit: rx.EventHandler,
    version: rx.Var,
    **stack: str,
) -> rx.Component:
    """A profile section's form: its fields, its error, one submit button. `version` is its
    key: a successful save bumps it, so the form renders afresh with the saved values."""
    return rx.form(
        rx.vstack(
            *fields,
            error_callout(error, error_id),
            rx.button(submit, type="submit", id=submit_id, width="100%"),
            width="100%",
            **{"spacing": "2", **stack},
        ),
        on_submit=on_submit,
        key=version.to_string(),
        width="100%",
    )


def staged_note(name: rx.Var, staged_id: str) -> rx.Component:
    return rx.cond(
        name != "",
        rx.text(t("tech_profile.staged", name="") + name, size="1", id=staged_id),
    )


def removable_row(
    *children: rx.Component, remove: rx.EventSpec, remove_id: rx.Var, kind: str
) -> rx.Component:
    """One line of a profile list (a certificate, a training record) with its delete button."""
    return rx.flex(
        *children,
        rx.button(
            t("tech_profile.remove"),
            size="1",
            variant="ghost",
            color_scheme="red",
            on_click=remove,
            id=remove_id,
        ),
        gap="8px",
        align="center",
        wrap="wrap",
        width="100%",
        class_name=kind,
    )
