"""/tech/events (phone first): one card per upcoming event, with the technician's place in it
and the one action that fits (sign up, cancel, check in with the code shown at the event)."""

from __future__ import annotations

import reflex as rx

from salon_app.components.layout import guarded, list_or_empty, page
from salon_app.i18n import t
from salon_app.technician.events.state import TechEventsState as S


def _status(e: rx.Var) -> rx.Component:
    return rx.cond(
        e["cancelled"] != "",
        rx.badge(t("events.status.cancelled"), color_scheme="gray", class_name="event-status"),
        rx.cond(
            e["mine"] != "",
            rx.badge(
                e["mine"],
                color_scheme=rx.match(
                    e["my_status"],
                    ("seated", "grass"),
                    ("attended", "blue"),
                    ("waiting", "amber"),
                    "gray",
                ),
                class_name="event-my-status",
            ),
        ),
    )


def _check_in(e: rx.Var) -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.el.input(type="hidden", name="event_id", value=e["id"]),
            rx.input(
                name="code",
                placeholder=t("events.code_placeholder"),
                input_mode="numeric",
                max_length=12,
                class_name="event-code",
                flex="1",
            ),
            rx.button(t("events.check_in"), type="submit", class_name="event-check-in"),
            width="100%",
        ),
        on_submit=S.check_in,
        reset_on_submit=True,
        width="100%",
    )


def _card(e: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(e["title"], size="4", class_name="event-title"),
                rx.spacer(),
                _status(e),
                width="100%",
                align="center",
            ),
            rx.text(e["when"], size="2", class_name="event-when"),
            rx.hstack(
                rx.icon("map-pin", size=14),
                rx.text(e["place"], size="2"),
                spacing="1",
                align="center",
            ),
            rx.text(t("events.organiser"), "：", e["organiser"], size="1", color_scheme="gray"),
            rx.cond(e["description"] != "", rx.text(e["description"], size="2")),
            rx.cond(e["course"] != "", rx.badge(e["course"], color_scheme="violet")),
            rx.text(e["seats"], size="1", color_scheme="gray", class_name="event-seats"),
            rx.cond(
                e["can_sign_up"] != "",
                rx.button(
                    t("events.sign_up"),
                    on_click=S.sign_up(e["id"]),
                    width="100%",
                    class_name="event-sign-up",
                ),
            ),
            rx.cond(e["can_check_in"] != "", _check_in(e)),
            rx.cond(
                e["can_cancel"] != "",
                rx.button(
                    t("events.cancel"),
                    on_click=S.cancel(e["id"]),
                    variant="soft",
                    color_scheme="red",
                    width="100%",
                    class_name="event-cancel",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="event-card",
    )


def tech_events_page() -> rx.Component:
    return page(
        guarded(
            rx.vstack(
                rx.heading(t("events.title"), size="6"),
                rx.text(t("events.intro"), size="2", color_scheme="gray"),
                list_or_empty(S.events, _card, "tech-events", t("events.none")),
                spacing="4",
                width="100%",
            )
        )
    )
