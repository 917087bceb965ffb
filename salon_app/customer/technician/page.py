"""A technician's profile with the booking panel: service, place, day, slot, special needs."""

from __future__ import annotations

import reflex as rx

from salon_app.components.layout import empty_state, list_or_empty, page, section
from salon_app.components.photos import avatar, picture
from salon_app.components.skeleton import skeleton_page, when_loaded
from salon_app.components.time_chips import day_chips
from salon_app.customer.price_panel import price_panel
from salon_app.customer.technician.learning import learning_sections
from salon_app.customer.technician.state import BookingState as B
from salon_app.customer.widgets import address_form, review_item
from salon_app.i18n import t


def _chip(
    label: rx.Var,
    selected: rx.Var,
    on_click: rx.EventHandler,
    chip_id: rx.Var | str,
    css: str,
    disabled: rx.Var | bool = False,
) -> rx.Component:
    return rx.button(
        label,
        on_click=on_click,
        variant=rx.cond(selected, "solid", "outline"),
        size="2",
        id=chip_id,
        class_name=css,
        disabled=disabled,
    )


def _header() -> rx.Component:
    p = B.profile
    return rx.card(
        rx.vstack(
            rx.hstack(
                avatar(p["photo"], p["name"], "6", id="profile-photo"),
                rx.vstack(
                    rx.hstack(
                        rx.heading(p["name"], size="5", id="profile-name"),
                        rx.badge(p["status"], id="live-status"),
                        align="center",
                    ),
                    rx.text(p["gender"], " · ", p["age"], " · ", p["years"], size="2"),
                    rx.text(p["rating"], size="2", id="profile-rating"),
                    rx.cond(
                        p["shop_link"] != "",
                        rx.link(p["shop"], href=p["shop_link"], size="1", id="profile-shop"),
                        rx.text(p["shop"], size="1", color_scheme="gray"),
                    ),
                    spacing="1",
                ),
                spacing="3",
            ),
            rx.flex(
                rx.foreach(B.skills, lambda s: rx.badge(s, variant="soft")), wrap="wrap", gap="6px"
            ),
            rx.text(p["bio"], size="2"),
            rx.cond(
                p["areas"] != "",
                rx.text(t("tech.areas"), "：", p["areas"], size="1", color_scheme="gray"),
            ),
            spacing="2",
        ),
        width="100%",
    )


def _booking_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("booking.title"), size="4"),
            rx.flex(
                rx.foreach(
                    B.offers,
                    lambda o: _chip(
                        o["name"],
                        o["slug"] == B.service_slug,
                        B.choose_service(o["slug"]),
                        "offer-" + o["slug"],
                        "offer",
                    ),
                ),
                wrap="wrap",
                gap="6px",
            ),
            rx.cond(
                B.extra_choices.length() > 0,
                rx.flex(
                    rx.text(t("booking.also_book"), size="1", color_scheme="gray"),
                    rx.foreach(
                        B.extra_choices,
                        lambda o: rx.button(
                            rx.cond(B.extras.contains(o["slug"]), "✓ ", "+ "),
                            o["name"],
                            on_click=B.toggle_extra(o["slug"]),
                            variant=rx.cond(B.extras.contains(o["slug"]), "soft", "ghost"),
                            size="1",
                            id="extra-" + o["slug"],
                            class_name="extra",
                        ),
                    ),
                    wrap="wrap",
                    gap="6px",
                    align="center",
                ),
            ),
            rx.text(B.offer_label, size="2", id="offer-label"),
            rx.cond(
                B.modes.length() > 1,
                rx.hstack(
                    _chip(
                        t("common.in_shop"),
                        B.mode == "in_shop",
                        B.choose_mode("in_shop"),
                        "mode-in_shop",
                        "mode",
                    ),
                    _chip(
                        t("common.at_home"),
                        B.mode == "at_home",
                        B.choose_mode("at_home"),
                        "mode-at_home",
                        "mode",
                    ),
                ),
            ),
            rx.cond(
                B.mode == "at_home",
                address_form(
                    B.locate,
                    "",
                    rx.cond(B.located != "", rx.text(B.located, size="1", id="located")),
                ),
            ),
            day_chips(B.days, B.day, B.choose_day, "day", size="2", id_prefix="day-"),
            rx.cond(
                B.slots.length() > 0,
                rx.flex(
                    rx.foreach(
                        B.slots,
                        lambda s: _chip(
                            s["label"],
                            s["value"] == B.slot,
                            B.choose_slot(s["value"]),
                            "slot-" + s["label"],
                            "slot",
                        ),
                    ),
                    wrap="wrap",
                    gap="6px",
                    id="slots",
                    custom_attrs={"data-day": B.day},
                ),
                empty_state(
                    rx.cond(B.mode == "at_home", t("booking.enter_address"), t("booking.no_slots"))
                ),
            ),
            price_panel(B),
            rx.form(
                rx.vstack(
                    rx.text_area(
                        name="special_needs",
                        id="special-needs",
                        placeholder=t("booking.special_needs"),
                        width="100%",
                    ),
                    rx.cond(
                        B.form_error != "",
                        rx.callout(B.form_error, color_scheme="red", id="booking-error"),
                    ),
                    rx.button(
                        t("booking.submit"), type="submit", size="3", width="100%", id="book"
                    ),
                    width="100%",
                ),
                on_submit=B.submit,
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="booking-panel",
    )


def _case_picture(url: rx.Var, label: str, css: str) -> rx.Component:
    """One side of a case, labelled 服务前 / 服务后 on the picture (uploads keep their own
    shape; the box keeps 4:3 so the page does not move while they load)."""
    return rx.box(
        picture(url, label, style={"border_radius": "8px"}, class_name=css),
        rx.badge(label, position="absolute", top="6px", left="6px", variant="solid"),
        position="relative",
    )


def _case(c: rx.Var) -> rx.Component:
    """A before/after pair, when the technician uploaded photos."""
    return rx.vstack(
        rx.text(c["title"], " · ", c["service"], size="2"),
        rx.cond(
            c["before"] != "",
            rx.grid(
                _case_picture(c["before"], t("tech.case_before"), "case-before"),
                _case_picture(c["after"], t("tech.case_after"), "case-after"),
                columns="2",
                spacing="2",
                width="100%",
            ),
        ),
        width="100%",
        class_name="case-study",
    )


def technician_page() -> rx.Component:
    return page(
        rx.cond(
            B.found,
            when_loaded(
                B.profile.contains("name"),
                rx.vstack(
                    _header(),
                    _booking_panel(),
                    section(
                        t("tech.certificates"),
                        rx.foreach(
                            B.certificates,
                            lambda c: rx.text(
                                c["name"],
                                " · ",
                                c["issuer"],
                                " ",
                                c["year"],
                                " ",
                                c["verified"],
                                size="2",
                            ),
                        ),
                    ),
                    section(
                        t("tech.training"),
                        rx.cond(
                            B.training.length() > 0,
                            rx.vstack(
                                rx.foreach(
                                    B.training,
                                    lambda r: rx.text(
                                        r["course"],
                                        " · ",
                                        r["organiser"],
                                        " ",
                                        r["year"],
                                        " ",
                                        r["hours"],
                                        r["note"],
                                        size="2",
                                        class_name="training",
                                    ),
                                ),
                                width="100%",
                                id="profile-training",
                            ),
                            empty_state(),
                        ),
                    ),
                    learning_sections(B.courses, B.badges),
                    section(
                        t("tech.cases"),
                        rx.foreach(B.cases, _case),
                    ),
                    section(
                        t("tech.reviews"),
                        list_or_empty(B.reviews, review_item),
                    ),
                    spacing="4",
                    width="100%",
                ),
                skeleton_page(),
            ),
            empty_state(t("technician.not_found")),
        )
    )
