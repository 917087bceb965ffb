"""The order page's review and complaint / after-sales forms, with their photos."""

from __future__ import annotations

import reflex as rx

from salon_app.components.photos import image_picker
from salon_app.core.services.photos import photos_max
from salon_app.customer.orders.state import OrderState
from salon_app.i18n import t


def _photo_picker(form: str, hint: str) -> rx.Component:
    """Choose photos for `form` (review | complaint); they show as thumbnails, each removable."""
    previews: rx.Var = getattr(OrderState, f"{form}_previews")
    error: rx.Var = getattr(OrderState, f"{form}_photo_error")
    return rx.vstack(
        image_picker(
            f"{form}-photos",
            t("feedback.add_photos", max=photos_max()),
            getattr(OrderState, f"add_{form}_photos"),
            getattr(OrderState, f"{form}_photos_rejected"),
            max_files=photos_max(),
        ),
        rx.text(hint, size="1", color_scheme="gray"),
        rx.flex(
            rx.foreach(
                previews,
                lambda url, i: rx.vstack(
                    rx.image(
                        src=url, width="64px", height="64px", object_fit="cover", radius="6px"
                    ),
                    rx.button(
                        t("feedback.remove_photo"),
                        type="button",
                        size="1",
                        variant="ghost",
                        color_scheme="red",
                        on_click=OrderState.remove_photo(form, i),
                    ),
                    spacing="1",
                    align="center",
                    class_name="pending-photo",
                ),
            ),
            gap="8px",
            wrap="wrap",
            id=f"{form}-previews",
        ),
        rx.cond(
            error != "",
            rx.callout(error, icon="triangle-alert", color_scheme="red", id=f"{form}-photo-error"),
        ),
        spacing="2",
        width="100%",
    )


def _rating(name: str) -> rx.Component:
    return rx.hstack(
        rx.text(t(f"review.{name}"), size="2", min_width="72px"),
        rx.select.root(
            rx.select.trigger(id=f"rating-{name}", aria_label=t(f"review.{name}")),
            rx.select.content(*[rx.select.item(v, value=v) for v in ("5", "4", "3", "2", "1")]),
            name=name,
            default_value="5",
        ),
        align="center",
    )


def review_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("review.title"), size="3"),
            _rating("attitude"),
            _rating("skill"),
            _rating("effect"),
            rx.text_area(
                name="text", id="review-text", placeholder=t("review.placeholder"), width="100%"
            ),
            _photo_picker("review", t("review.photos_public")),
            rx.button(t("review.submit"), type="submit", id="review-submit"),
            width="100%",
        ),
        on_submit=OrderState.review,
        width="100%",
    )


def complaint_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.select.root(
                rx.select.trigger(
                    placeholder=t("complaint.choose_kind"),
                    id="complaint-kind",
                    aria_label=t("complaint.choose_kind"),
                ),
                rx.select.content(
                    rx.select.item(t("complaint.kind.complaint"), value="complaint"),
                    rx.select.item(t("complaint.kind.after_sales"), value="after_sales"),
                ),
                name="kind",
                default_value="complaint",
            ),
            rx.text_area(
                name="reason",
                id="complaint-reason",
                placeholder=t("complaint.placeholder"),
                width="100%",
            ),
            _photo_picker("complaint", t("complaint.photos_private")),
            rx.button(
                t("complaint.submit"), type="submit", variant="outline", id="complaint-submit"
            ),
            width="100%",
        ),
        on_submit=OrderState.complain,
        width="100%",
    )
