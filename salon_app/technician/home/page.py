"""Technician pages (mobile job board)."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.components.layout import empty_state, guarded, page, section
from salon_app.i18n import t
from salon_app.technician.home.board import job_board_section
from salon_app.technician.home.learning import my_learning_section
from salon_app.technician.home.state import TechHomeState


def _application_row(app: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(app["shop"], weight="medium"),
        rx.badge(app["status"], class_name="application-status"),
        rx.spacer(),
        rx.text(app["at"], size="1", color_scheme="gray"),
        width="100%",
        align="center",
    )


def _apply_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.select.root(
                rx.select.trigger(
                    placeholder=t("tech.apply_choose"), id="shop-select", width="100%"
                ),
                rx.select.content(
                    rx.foreach(
                        TechHomeState.shops,
                        lambda s: rx.select.item(s["label"], value=s["id"]),
                    )
                ),
                name="merchant_id",
            ),
            rx.text_area(name="message", placeholder=t("tech.apply_message"), id="apply-message"),
            rx.button(t("tech.apply_button"), type="submit", id="apply-submit"),
            spacing="3",
            width="100%",
        ),
        on_submit=TechHomeState.apply,
        reset_on_submit=True,
    )


def _profile() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(TechHomeState.name, size="5", id="tech-name"),
            rx.hstack(
                rx.text(TechHomeState.years, size="2"),
                rx.text(TechHomeState.rating, size="2"),
                spacing="3",
            ),
            rx.flex(rx.foreach(TechHomeState.skills, rx.badge), wrap="wrap", gap="6px"),
            rx.text(
                t("tech.shop") + "：",
                rx.cond(TechHomeState.shop_name != "", TechHomeState.shop_name, t("tech.no_shop")),
                id="tech-shop",
            ),
            rx.link(t("tech_profile.open"), href=routes.TECH_PROFILE, id="open-profile"),
            rx.link(t("learn.open"), href=routes.TECH_LEARN, id="open-learn"),
            rx.link(t("community.title"), href=routes.TECH_COMMUNITY, id="open-community"),
            rx.link(t("events.nav"), href=routes.TECH_EVENTS, id="open-events"),
            spacing="2",
        ),
        width="100%",
    )


def tech_home_page() -> rx.Component:
    return page(
        guarded(
            rx.vstack(
                rx.heading(t("tech.title"), size="6"),
                _profile(),
                job_board_section(),
                my_learning_section(),
                rx.cond(
                    TechHomeState.shop_name == "", section(t("tech.apply_title"), _apply_form())
                ),
                section(
                    t("tech.applications"),
                    rx.cond(
                        TechHomeState.applications.length() > 0,
                        rx.vstack(
                            rx.foreach(TechHomeState.applications, _application_row), width="100%"
                        ),
                        empty_state(),
                    ),
                    id="applications",
                ),
                spacing="5",
                width="100%",
            ),
        ),
        subtitle=t("nav.tech_home"),
    )
