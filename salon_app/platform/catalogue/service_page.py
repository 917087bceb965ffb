"""One service in catalogue management (/admin/catalogue/service?id=...): its cover, gallery and
status beside the form of its details."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.components.form import error_callout, labelled
from salon_app.components.layout import section
from salon_app.components.photos import image_picker, picture
from salon_app.core.integrations.storage import PICTURE_MAX_BYTES
from salon_app.i18n import t
from salon_app.platform.catalogue.page import status_badge, thumbnail
from salon_app.platform.catalogue.service_state import ServiceEditState as S
from salon_app.platform.frame import admin_dashboard


def _input(label: str, name: str, **props: object) -> rx.Component:
    return labelled(
        label, rx.input(name=name, default_value=S.fields[name], id=f"service-{name}", **props)
    )


def _text(label: str, name: str, rows: str = "3", **props: object) -> rx.Component:
    return labelled(
        label,
        rx.text_area(
            name=name, default_value=S.fields[name], id=f"service-{name}", rows=rows, **props
        ),
    )


def _check(label: str, name: str, on: rx.Var) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.el.input(type="checkbox", name=name, default_checked=on, id=f"service-{name}"),
            rx.text(label, size="2"),
            align="center",
            spacing="2",
        )
    )


def _details_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            labelled(
                t("admin_catalogue.col.category"),
                rx.el.select(
                    rx.foreach(S.categories, lambda c: rx.el.option(c["name"], value=c["id"])),
                    name="category_id",
                    default_value=S.fields["category_id"],
                    id="service-category_id",
                    style={"padding": "6px", "border_radius": "6px"},
                ),
            ),
            _input(t("field.service_name"), "name", max_length=60),
            _text(t("field.service_summary"), "summary", "2"),
            _text(
                t("field.service_process"),
                "process",
                "6",
                placeholder=t("admin_catalogue.process_hint"),
            ),
            _text(t("field.service_products"), "products", "2"),
            _text(t("field.service_effect"), "effect", "2"),
            rx.grid(
                _input(t("admin_catalogue.price_min"), "price_min", input_mode="decimal"),
                _input(t("admin_catalogue.price_max"), "price_max", input_mode="decimal"),
                _input(t("admin_catalogue.duration"), "duration_min", input_mode="numeric"),
                _input(t("admin_catalogue.publish_on"), "publish_on", type="date"),
                columns=rx.breakpoints(initial="2", md="4"),
                spacing="3",
                width="100%",
            ),
            rx.text(S.prices_hint, size="1", color_scheme="gray", id="prices-hint"),
            rx.hstack(
                _check(t("admin_catalogue.in_shop"), "in_shop", S.in_shop),
                _check(t("admin_catalogue.at_home"), "at_home", S.at_home),
                spacing="5",
            ),
            error_callout(S.form_error, "service-error"),
            rx.button(t("admin_catalogue.save"), type="submit", id="save-service"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.save,
        key=S.version.to_string(),
        width="100%",
    )


def _gallery_item(p: rx.Var) -> rx.Component:
    def move(icon: str, label: str, to: rx.Var, css: str) -> rx.Component:
        return rx.cond(
            to != "",
            rx.icon_button(
                rx.icon(icon, size=14),
                size="1",
                variant="soft",
                aria_label=label,
                title=label,
                on_click=S.move_picture(p["id"], to),
                class_name=css,
            ),
        )

    return rx.vstack(
        thumbnail(p["thumb"], t("admin_catalogue.gallery"), "132px"),
        rx.hstack(
            move("arrow-left", t("admin_catalogue.move_left"), p["left"], "move-left"),
            move("arrow-right", t("admin_catalogue.move_right"), p["right"], "move-right"),
            rx.spacer(),
            rx.icon_button(
                rx.icon("trash-2", size=14),
                size="1",
                color_scheme="red",
                variant="soft",
                aria_label=t("admin_catalogue.remove"),
                title=t("admin_catalogue.remove"),
                on_click=S.remove_picture(p["id"]),
                class_name="remove-picture",
            ),
            width="100%",
        ),
        spacing="1",
        width="132px",
        class_name="gallery-item",
    )


def _pictures() -> rx.Component:
    return rx.card(
        rx.vstack(
            section(
                t("admin_catalogue.cover"),
                rx.box(
                    rx.cond(
                        S.cover != "",
                        picture(
                            S.cover,
                            S.fields["name"],
                            1200,
                            900,
                            eager=True,
                            style={"border_radius": "8px"},
                            id="service-cover",
                        ),
                        rx.center(
                            rx.text(t("admin_catalogue.no_cover"), color_scheme="gray"),
                            aspect_ratio="4 / 3",
                            width="100%",
                            background="var(--gray-a3)",
                            border_radius="8px",
                        ),
                    ),
                    width="100%",
                    max_width="420px",
                ),
                rx.text(t("admin_catalogue.cover_hint"), size="1", color_scheme="gray"),
                image_picker(
                    "cover-upload",
                    t("admin_catalogue.upload_cover"),
                    S.upload_cover,
                    S.picture_rejected,
                    max_size=PICTURE_MAX_BYTES,
                ),
            ),
            section(
                t("admin_catalogue.gallery"),
                rx.cond(
                    S.gallery.length() > 0,
                    rx.flex(
                        rx.foreach(S.gallery, _gallery_item), gap="10px", wrap="wrap", id="gallery"
                    ),
                    rx.text(t("admin_catalogue.gallery_none"), size="2", color_scheme="gray"),
                ),
                image_picker(
                    "gallery-upload",
                    t("admin_catalogue.add_picture"),
                    S.add_picture,
                    S.picture_rejected,
                    max_size=PICTURE_MAX_BYTES,
                ),
            ),
            spacing="5",
            width="100%",
        ),
        width="100%",
    )


def _status() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                status_badge(S.status, S.status_label),
                rx.cond(
                    S.status == "withdrawn",
                    rx.button(
                        t("admin_catalogue.publish"),
                        color_scheme="green",
                        on_click=S.publish,
                        id="publish",
                    ),
                    rx.button(
                        t("admin_catalogue.withdraw"),
                        color_scheme="red",
                        variant="soft",
                        on_click=S.withdraw,
                        id="withdraw",
                    ),
                ),
                rx.cond(
                    S.customer_link != "",
                    rx.link(
                        t("admin_catalogue.view_page"), href=S.customer_link, id="customer-link"
                    ),
                ),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            rx.text(S.status_hint, size="1", color_scheme="gray", id="status-hint"),
            spacing="2",
        ),
        width="100%",
    )


def admin_catalogue_service_page() -> rx.Component:
    return admin_dashboard(
        t("admin_catalogue.details"),
        rx.link(
            rx.hstack(rx.icon("arrow-left", size=16), t("admin_catalogue.back"), align="center"),
            href=routes.ADMIN_CATALOGUE,
            id="back-to-catalogue",
        ),
        rx.cond(
            S.loaded,
            rx.cond(
                S.service_id != "",
                rx.grid(
                    rx.vstack(_status(), _pictures(), spacing="4", width="100%"),
                    rx.card(_details_form(), width="100%"),
                    columns=rx.breakpoints(initial="1", lg="2"),
                    spacing="4",
                    width="100%",
                ),
                rx.card(_details_form(), width="100%", max_width="720px"),
            ),
        ),
    )
