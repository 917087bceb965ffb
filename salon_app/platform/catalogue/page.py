"""Catalogue management (/admin/catalogue): services and categories as tables with their covers;
a service opens in its own page (service_page.py), a category in the editor beside its table."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.components.data_table import Column, data_table
from salon_app.components.form import error_callout, labelled
from salon_app.components.layout import section
from salon_app.components.photos import image_picker, picture
from salon_app.components.tabs import tab_bar
from salon_app.core.integrations.storage import PICTURE_MAX_BYTES
from salon_app.i18n import t
from salon_app.platform.catalogue.state import (
    TABS,
    CatalogueState,
    CategoryTableState,
    ServiceTableState,
)
from salon_app.platform.frame import admin_dashboard

STATUS_COLOURS = {"on_sale": "green", "scheduled": "amber", "withdrawn": "gray"}


def thumbnail(url: rx.Var, alt: rx.Var, size: str = "72px") -> rx.Component:
    """A row's cover (4:3), or an empty frame of the same size."""
    return rx.box(
        rx.cond(
            url != "",
            picture(url, alt, style={"border_radius": "6px"}),
            rx.center(rx.icon("image-off", size=16, color="var(--gray-a8)"), height="100%"),
        ),
        width=size,
        aspect_ratio="4 / 3",
        border_radius="6px",
        background="var(--gray-a3)",
        overflow="hidden",
        class_name="cover-thumb",
    )


def status_badge(status: rx.Var, label: rx.Var) -> rx.Component:
    return rx.badge(
        label,
        color_scheme=rx.match(status, *STATUS_COLOURS.items(), "gray"),
        class_name="service-status",
    )


SERVICE_COLUMNS = [
    Column("cover", "admin_catalogue.col.cover", render=lambda r: thumbnail(r["thumb"], r["name"])),
    Column(
        "name",
        "admin_catalogue.col.name",
        sortable=True,
        render=lambda r: rx.link(
            r["name"], href=r["href"], weight="medium", class_name="service-name"
        ),
    ),
    Column("category", "admin_catalogue.col.category", sortable=True),
    Column("price", "admin_catalogue.col.price", sortable=True),
    Column("duration", "admin_catalogue.col.duration", sortable=True),
    Column("modes", "admin_catalogue.col.modes"),
    Column("published", "admin_catalogue.col.published", sortable=True),
    Column(
        "status",
        "admin_catalogue.col.status",
        sortable=True,
        render=lambda r: status_badge(r["status"], r["status_label"]),
    ),
    Column("technicians", "admin_catalogue.col.technicians", sortable=True),
]


def _service_actions(r: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.link(rx.button(t("admin_catalogue.edit"), size="1", variant="soft"), href=r["href"]),
        rx.cond(
            r["status"] == "withdrawn",
            rx.button(
                t("admin_catalogue.publish"),
                size="1",
                color_scheme="green",
                on_click=ServiceTableState.publish(r["id"]),
                class_name="publish-service",
            ),
            rx.button(
                t("admin_catalogue.withdraw"),
                size="1",
                color_scheme="red",
                variant="soft",
                on_click=ServiceTableState.withdraw(r["id"]),
                class_name="withdraw-service",
            ),
        ),
        spacing="2",
    )


def _services_tab() -> rx.Component:
    return rx.vstack(
        rx.link(
            rx.button(rx.icon("plus", size=16), t("admin_catalogue.new_service")),
            href=routes.admin_catalogue_service(),
            id="new-service",
        ),
        data_table(
            ServiceTableState, SERVICE_COLUMNS, ServiceTableState.rows, "services", _service_actions
        ),
        width="100%",
        spacing="3",
    )


CATEGORY_COLUMNS = [
    Column("cover", "admin_catalogue.col.cover", render=lambda r: thumbnail(r["thumb"], r["name"])),
    Column("name", "admin_catalogue.col.name", sortable=True),
    Column("services", "admin_catalogue.col.services", sortable=True),
    Column("on_sale", "admin_catalogue.col.on_sale", sortable=True),
]


def _category_actions(r: rx.Var) -> rx.Component:
    return rx.button(
        t("admin_catalogue.edit"),
        size="1",
        variant="soft",
        on_click=CategoryTableState.open_category(r["id"]),
        class_name="edit-category",
    )


def _category_editor() -> rx.Component:
    c = CategoryTableState.editing
    return rx.card(
        section(
            rx.cond(
                c["id"] != "", t("admin_catalogue.category_edit"), t("admin_catalogue.category_new")
            ),
            rx.form(
                rx.hstack(
                    labelled(
                        t("field.category_name"),
                        rx.input(name="name", default_value=c["name"], id="category-name-input"),
                    ),
                    rx.button(t("admin_catalogue.save"), type="submit", id="save-category"),
                    align="end",
                    width="100%",
                ),
                on_submit=CategoryTableState.save_category,
                key=c["id"].to(str),
                width="100%",
            ),
            error_callout(CategoryTableState.edit_error, "category-error"),
            rx.cond(
                c["id"] != "",
                rx.hstack(
                    thumbnail(c["thumb"], c["name"], "160px"),
                    image_picker(
                        "category-cover-upload",
                        t("admin_catalogue.upload_cover"),
                        CategoryTableState.upload_cover,
                        CategoryTableState.picture_rejected,
                        max_size=PICTURE_MAX_BYTES,
                    ),
                    align="center",
                    spacing="4",
                ),
            ),
            rx.button(
                t("admin_catalogue.close"),
                variant="ghost",
                on_click=CategoryTableState.close_editor,
                size="1",
            ),
        ),
        width="100%",
        id="category-editor",
    )


def _categories_tab() -> rx.Component:
    return rx.vstack(
        rx.button(
            rx.icon("plus", size=16),
            t("admin_catalogue.new_category"),
            on_click=CategoryTableState.new_category,
            id="new-category",
        ),
        rx.cond(CategoryTableState.editing.length() > 0, _category_editor()),
        data_table(
            CategoryTableState,
            CATEGORY_COLUMNS,
            CategoryTableState.rows,
            "categories",
            _category_actions,
        ),
        width="100%",
        spacing="3",
    )


def admin_catalogue_page() -> rx.Component:
    return admin_dashboard(
        t("admin_catalogue.title"),
        tab_bar(TABS, CatalogueState.tab, CatalogueState.choose_tab, "admin_catalogue.tab", "tab"),
        rx.cond(CatalogueState.tab == "services", _services_tab(), _categories_tab()),
    )
