"""Small pieces the technician's profile sections share: labels, error callouts, image pickers."""

from __future__ import annotations

import reflex as rx

from salon_app.core.services.technician_profile import UPLOAD_MAX_BYTES
from salon_app.i18n import t
from salon_app.technician.profile_state import TechProfileState as S

IMAGE_TYPES = {"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"]}


def error_callout(text: rx.Var, error_id: str) -> rx.Component:
    return rx.cond(
        text != "",
        rx.callout(text, icon="triangle-alert", color_scheme="red", id=error_id, width="100%"),
    )


def labelled(label: str, control: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        control,
        spacing="1",
        width="100%",
        align="stretch",
    )


def image_picker(upload_id: str, label: str, handler: rx.EventHandler) -> rx.Component:
    """A button that opens the file picker; the chosen file goes to `handler` at once."""
    return rx.upload(
        rx.button(rx.icon("image-plus", size=16), label, type="button", variant="soft"),
        id=upload_id,
        accept=IMAGE_TYPES,
        multiple=False,
        max_files=1,
        max_size=UPLOAD_MAX_BYTES,
        on_drop=handler(rx.upload_files(upload_id=upload_id)),
        on_drop_rejected=S.upload_rejected,
        border="none",
        padding="0",
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
