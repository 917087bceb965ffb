"""Browsing pages: search, a category, a service with its technician finder."""

from __future__ import annotations

import reflex as rx

from salon_app.components.later import later
from salon_app.components.layout import empty_state, link_card, list_or_empty, page, section
from salon_app.components.photos import avatar, picture, picture_strip
from salon_app.components.skeleton import skeleton_page, when_loaded
from salon_app.components.time_chips import day_chips, time_chips
from salon_app.customer.browse.state import (
    RADIUS_CHOICES_KM,
    CategoryState,
    SearchState,
    ServiceState,
)
from salon_app.customer.recommend.strip import recommend_strip
from salon_app.customer.widgets import address_form, review_item, search_bar, service_card
from salon_app.i18n import t


def technician_card(row: rx.Var) -> rx.Component:
    return link_card(
        rx.hstack(
            avatar(row["photo"], row["name"], "4"),
            rx.vstack(
                rx.hstack(
                    rx.text(row["name"], weight="bold", class_name="tech-name"),
                    rx.badge(row["status"], variant="soft"),
                    align="center",
                ),
                rx.text(
                    row["gender"],
                    " · ",
                    row["age"],
                    " · ",
                    row["years"],
                    size="1",
                    color_scheme="gray",
                ),
                rx.text(row["skills"], size="1"),
                rx.hstack(
                    rx.text(
                        row["price"],
                        color_scheme="crimson",
                        weight="medium",
                        class_name="tech-price",
                    ),
                    rx.text(row["rating"], size="1", class_name="tech-rating"),
                    rx.text(
                        row["distance"],
                        size="1",
                        color_scheme="gray",
                        class_name="tech-distance",
                    ),
                    spacing="3",
                    wrap="wrap",
                ),
                rx.text(row["shop"], size="1", color_scheme="gray"),
                spacing="1",
            ),
            align="start",
            spacing="3",
        ),
        href=row["href"],
        class_name="technician-card",
    )


def _card_list(rows: rx.Var, list_id: str) -> rx.Component:
    return rx.cond(
        rows.length() > 0,
        rx.grid(
            rx.foreach(rows, lambda s: service_card(s, s["duration"])),
            columns=rx.breakpoints(initial="2", md="3"),
            spacing="3",
            width="100%",
            id=list_id,
        ),
        empty_state(t("search.none")),
    )


def search_page() -> rx.Component:
    return page(
        search_bar(SearchState.query),
        rx.cond(SearchState.searched, _card_list(SearchState.results, "search-results")),
    )


def _banner(url: rx.Var, alt: rx.Var, banner_id: str) -> rx.Component:
    """The page's cover, the width of the page (the first thing seen: loaded at once)."""
    return rx.cond(
        url != "",
        picture(url, alt, 1200, 900, eager=True, id=banner_id, style={"border_radius": "12px"}),
    )


def category_page() -> rx.Component:
    return page(
        _banner(CategoryState.category_cover, CategoryState.category_name, "category-cover"),
        rx.heading(CategoryState.category_name, size="6", id="category-name"),
        _card_list(CategoryState.services, "category-services"),
    )


def _select(name: str, placeholder: str, options: list[tuple[str, str]]) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(
            placeholder=placeholder, id=f"filter-{name}", width="100%", aria_label=placeholder
        ),
        rx.select.content(*[rx.select.item(label, value=value) for value, label in options]),
        name=name,
    )


def _number(name: str, placeholder: str) -> rx.Component:
    return rx.input(name=name, id=f"filter-{name}", placeholder=placeholder, type="number", min=0)


def _filters() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.grid(
                _select(
                    "gender",
                    t("filter.gender"),
                    [("female", t("tech.gender.female")), ("male", t("tech.gender.male"))],
                ),
                _select(
                    "sort",
                    t("filter.sort"),
                    [
                        ("rating", t("filter.sort_rating")),
                        ("distance", t("filter.sort_distance")),
                        ("price", t("filter.sort_price")),
                    ],
                ),
                _number("age_min", t("filter.age_min")),
                _number("age_max", t("filter.age_max")),
                _number("years_min", t("filter.years_min")),
                _select(
                    "rating_min",
                    t("filter.rating_min"),
                    [("3", "3+"), ("4", "4+"), ("4.5", "4.5+")],
                ),
                _number("price_min", t("filter.price_min")),
                _number("price_max", t("filter.price_max")),
                columns="2",
                spacing="2",
                width="100%",
            ),
            rx.input(name="skill", id="filter-skill", placeholder=t("filter.skill"), width="100%"),
            rx.grid(
                rx.input(
                    name="address",
                    id="filter-address",
                    placeholder=t("filter.address"),
                    width="100%",
                ),
                _select(
                    "radius_km",
                    t("filter.radius"),
                    [(str(km), t("filter.within_km", km=km)) for km in RADIUS_CHOICES_KM],
                ),
                columns="2fr 1fr",
                spacing="2",
                width="100%",
            ),
            rx.input(
                name="available_on",
                id="filter-date",
                type="date",
                width="100%",
                aria_label=t("filter.available_on"),
            ),
            rx.button(t("filter.apply"), type="submit", id="filter-submit", width="100%"),
            spacing="2",
            width="100%",
        ),
        on_submit=ServiceState.filter,
        width="100%",
    )


def _any_nearby() -> rx.Component:
    """At-home services: let the platform pick the best free technician near the address."""
    return rx.card(
        rx.vstack(
            rx.heading(t("booking.any_technician"), size="4"),
            rx.text(t("booking.any_hint"), size="2", color_scheme="gray"),
            address_form(ServiceState.any_locate, "any-"),
            rx.cond(ServiceState.any_located != "", rx.text(ServiceState.any_located, size="1")),
            rx.cond(
                ServiceState.any_located != "",
                rx.vstack(
                    rx.text_area(
                        id="any-needs",
                        placeholder=t("booking.special_needs"),
                        on_blur=ServiceState.note_any_needs,
                        width="100%",
                    ),
                    day_chips(
                        ServiceState.any_days,
                        ServiceState.any_day,
                        ServiceState.any_choose_day,
                        "any-day",
                    ),
                    time_chips(
                        ServiceState.any_times,
                        ServiceState.book_any,
                        ServiceState.any_day,
                        "any-times",
                        "any-time",
                    ),
                    width="100%",
                ),
            ),
            rx.cond(
                ServiceState.any_error != "",
                rx.callout(ServiceState.any_error, color_scheme="red", id="any-error"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        id="any-nearby",
    )


def service_page() -> rx.Component:
    card = ServiceState.card
    return page(
        rx.cond(
            ServiceState.found,
            when_loaded(ServiceState.slug != "", _service_details(card), skeleton_page()),
            empty_state(t("catalogue.service_not_found")),
        )
    )


def _service_details(card: rx.Var) -> rx.Component:
    return rx.vstack(
        _banner(card["image"], card["name"], "service-cover"),
        rx.heading(card["name"], size="6", id="service-name"),
        rx.text(card["summary"], color_scheme="gray"),
        rx.hstack(
            rx.text(card["price"], color_scheme="crimson", weight="bold", id="service-price"),
            rx.text(card["duration"], size="2"),
            rx.text(card["modes"], size="2"),
            spacing="3",
            wrap="wrap",
        ),
        rx.cond(
            ServiceState.gallery.length() > 0,
            picture_strip(ServiceState.gallery, card["name"], "service-gallery"),
        ),
        rx.text(ServiceState.rating, size="2", id="service-rating"),
        rx.cond(
            ServiceState.reviews.length() > 0,
            rx.vstack(
                rx.foreach(ServiceState.reviews, review_item),
                width="100%",
                id="service-reviews",
            ),
        ),
        section(
            t("service.process"),
            rx.vstack(rx.foreach(ServiceState.process, rx.text), spacing="1", id="service-process"),
        ),
        section(t("service.products"), rx.text(ServiceState.products, size="2")),
        section(t("service.effect"), rx.text(ServiceState.effect, size="2")),
        recommend_strip(ServiceState.slug),
        # Below the first screen: the finder and its list are drawn just after the rest.
        later(
            rx.cond(ServiceState.at_home, _any_nearby()),
            _technician_finder(),
            height="1600px",
        ),
        spacing="4",
        width="100%",
    )


def _technician_finder() -> rx.Component:
    return section(
        t("service.choose_technician"),
        _filters(),
        rx.cond(
            ServiceState.located != "",
            rx.text(ServiceState.located, size="1", id="located"),
        ),
        rx.cond(
            ServiceState.filter_error != "",
            rx.callout(ServiceState.filter_error, color_scheme="red", id="filter-error"),
        ),
        list_or_empty(
            ServiceState.technicians, technician_card, "technicians", t("service.no_technicians")
        ),
    )
