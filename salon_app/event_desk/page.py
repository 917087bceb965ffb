"""/admin/events and /merchant/events: the events table with a chart of seats, the chosen
event's panel (check-in code, figures, sign-ups and waitlist) and the publish / edit form."""

from __future__ import annotations

import reflex as rx

from salon_app.components.charts import Series, bar_chart
from salon_app.components.data_table import Column, data_table
from salon_app.components.form import error_callout, labelled
from salon_app.components.layout import section, stat, stat_grid
from salon_app.event_desk.state import EventDeskState as S
from salon_app.event_desk.state import EventSignupsState as P
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.platform.frame import admin_dashboard


def _field(label: str, name: str, **props: object) -> rx.Component:
    return labelled(
        label,
        rx.input(name=name, id=f"event-{name}", default_value=S.form[name], width="100%", **props),
    )


def _form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(
                    rx.cond(
                        S.editing != "", t("events.edit", title=S.editing_title), t("events.new")
                    ),
                    size="3",
                ),
                _field(t("field.event_title"), "title", max_length=40),
                labelled(
                    t("field.event_description"),
                    rx.text_area(
                        name="description",
                        id="event-description",
                        default_value=S.form["description"],
                        max_length=500,
                        width="100%",
                    ),
                ),
                _field(t("field.event_place"), "place", max_length=120),
                rx.grid(
                    _field(t("field.event_starts"), "starts", type="datetime-local"),
                    _field(t("field.event_ends"), "ends", type="datetime-local"),
                    _field(t("events.field.capacity"), "capacity", input_mode="numeric"),
                    labelled(
                        t("events.field.course"),
                        rx.select.root(
                            rx.select.trigger(id="event-course", width="100%"),
                            rx.select.content(
                                rx.foreach(
                                    S.courses,
                                    lambda c: rx.select.item(c["label"], value=c["value"]),
                                )
                            ),
                            value=S.course,
                            on_change=S.choose_course,
                        ),
                    ),
                    columns=rx.breakpoints(initial="1", md="4"),
                    spacing="3",
                    width="100%",
                ),
                rx.text(t("events.form_hint"), size="1", color_scheme="gray"),
                error_callout(S.form_error, "event-error"),
                rx.hstack(
                    rx.button(
                        rx.cond(S.editing != "", t("events.save"), t("events.publish")),
                        type="submit",
                        id="event-save",
                    ),
                    rx.cond(
                        S.editing != "",
                        rx.button(
                            t("events.cancel_edit"),
                            type="button",
                            variant="soft",
                            on_click=S.cancel_edit,
                            id="event-cancel-edit",
                        ),
                    ),
                    spacing="3",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=S.save,
            key=S.form_key,
            width="100%",
        ),
        width="100%",
        id="event-form",
    )


def _actions(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.button(t("events.view"), on_click=P.open(row["id"]), size="1", class_name="event-view"),
        rx.cond(
            row["editable"] != "",
            rx.button(
                t("events.edit_button"),
                on_click=S.edit(row["id"]),
                size="1",
                variant="soft",
                class_name="event-edit",
            ),
        ),
        rx.cond(
            row["cancellable"] != "",
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(
                    rx.button(
                        t("events.cancel_event"),
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        class_name="event-cancel-event",
                    )
                ),
                rx.alert_dialog.content(
                    rx.alert_dialog.title(t("events.cancel_confirm_title")),
                    rx.alert_dialog.description(t("events.cancel_confirm", title=row["title"])),
                    rx.hstack(
                        rx.alert_dialog.cancel(rx.button(t("events.keep"), variant="soft")),
                        rx.alert_dialog.action(
                            rx.button(
                                t("events.cancel_event"),
                                color_scheme="red",
                                on_click=S.cancel_event(row["id"]),
                                class_name="event-cancel-confirm",
                            )
                        ),
                        justify="end",
                        spacing="3",
                    ),
                ),
            ),
        ),
        spacing="2",
    )


def _status_badge(r: rx.Var) -> rx.Component:
    return rx.badge(
        r["status_text"],
        color_scheme=rx.match(r["status"], ("published", "grass"), ("cancelled", "red"), "gray"),
    )


COLUMNS = [
    Column("title", "events.col.title", sortable=True),
    Column("organiser", "events.col.organiser"),
    Column("starts", "events.col.starts", sortable=True),
    Column("place", "events.col.place"),
    Column("seats", "events.col.seats", sortable=True),
    Column("waiting", "events.col.waiting", sortable=True),
    Column("attended", "events.col.attended", sortable=True),
    Column("status", "events.col.status", sortable=True, render=_status_badge),
]


def _signup_actions(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["status"] == "seated",
        rx.button(
            t("events.check_in_by_hand"),
            on_click=P.check_in(row["id"]),
            size="1",
            variant="soft",
            class_name="signup-check-in",
        ),
    )


SIGNUP_COLUMNS = [
    Column("technician", "events.col.technician", sortable=True),
    Column("shop", "events.col.shop"),
    Column(
        "status",
        "events.col.signup_status",
        sortable=True,
        render=lambda r: rx.badge(
            r["status_text"],
            color_scheme=rx.match(
                r["status"], ("seated", "grass"), ("waiting", "amber"), ("attended", "blue"), "gray"
            ),
        ),
    ),
    Column("signed_up", "events.col.signed_up", sortable=True),
    Column("checked_in", "events.col.checked_in", sortable=True),
    Column("attempts", "events.col.attempts"),
]


def _panel() -> rx.Component:
    return rx.cond(
        P.event_id != "",
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(P.detail["title"], size="4", id="event-panel-title"),
                    rx.badge(P.detail["status"]),
                    rx.spacer(),
                    rx.button(t("events.close"), variant="ghost", size="1", on_click=P.close),
                    width="100%",
                    align="center",
                ),
                rx.text(P.detail["when"], " · ", P.detail["place"], size="2"),
                rx.cond(
                    P.detail["code"] != "",
                    rx.card(
                        rx.hstack(
                            rx.icon("key-round", size=18),
                            rx.text(t("events.code_label"), size="2"),
                            rx.code(P.detail["code"], size="6", id="event-code"),
                            align="center",
                            spacing="3",
                        ),
                        rx.text(t("events.code_hint"), size="1", color_scheme="gray"),
                        width="100%",
                    ),
                ),
                stat_grid(
                    stat(t("events.field.capacity"), P.detail["capacity"], "event-capacity"),
                    stat(t("events.my.seated"), P.detail["seated"], "event-seated"),
                    stat(t("events.col.waiting"), P.detail["waiting"], "event-waiting"),
                    stat(t("events.col.attended"), P.detail["attended"], "event-attended"),
                ),
                data_table(P, SIGNUP_COLUMNS, P.signups, "event-signups", actions=_signup_actions),
                spacing="3",
                width="100%",
            ),
            width="100%",
            id="event-panel",
        ),
    )


def _desk() -> rx.Component:
    return rx.vstack(
        section(
            t("events.desk_title"),
            data_table(S, COLUMNS, S.rows, "events-table", actions=_actions),
        ),
        _panel(),
        bar_chart(
            S.chart,
            "name",
            [
                Series("seated", "events.my.seated"),
                Series("waiting", "events.col.waiting"),
                Series("attended", "events.col.attended"),
            ],
            "events-chart",
            t("events.chart"),
        ),
        _form(),
        spacing="5",
        width="100%",
    )


def admin_events_page() -> rx.Component:
    return admin_dashboard(t("events.desk_title"), _desk())


def merchant_events_page() -> rx.Component:
    return merchant_dashboard(t("events.desk_title"), _desk())
