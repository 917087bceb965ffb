"""Customer pages (phone first)."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.components.later import later
from salon_app.components.layout import empty_state, link_card, page, section
from salon_app.components.skeleton import skeleton_grid, when_loaded
from salon_app.customer.campaign_banner import campaign_banner
from salon_app.customer.home.state import HomeState
from salon_app.customer.recommend.strip import recommend_strip
from salon_app.customer.widgets import cover, search_bar, service_card
from salon_app.i18n import t


def _category_card(category: rx.Var) -> rx.Component:
    return link_card(
        cover(category, eager=True),  # the first screen of a phone shows them
        rx.vstack(
            rx.hstack(
                rx.heading(category["name"], size="4"),
                rx.spacer(),
                rx.text(category["count"], size="1", color_scheme="gray"),
                width="100%",
                align="center",
            ),
            rx.flex(
                rx.foreach(
                    HomeState.category_services[category["slug"]],
                    lambda name: rx.badge(name, variant="soft", size="1"),
                ),
                wrap="wrap",
                gap="4px",
            ),
            spacing="2",
        ),
        href=category["href"],
        class_name="category-card",
        id="category-" + category["slug"],
    )


# The cards' heights on a phone (two to a row): what the placeholders keep free while loading.
CATEGORY_CARD_HEIGHT = "236px"
SERVICE_CARD_HEIGHT = "300px"
SERVICE_GRID_HEIGHT = "924px"  # six placeholders: three rows and two 12px gaps
SERVICE_COLUMNS = rx.breakpoints(initial="2", md="3")
CATEGORY_COLUMNS = rx.breakpoints(initial="2", md="4")


def _service_grid(rows: rx.Var, extra_key: str, grid_id: str) -> rx.Component:
    """A list below the first screen: drawn just after the rest when the data comes."""
    return when_loaded(
        HomeState.loaded,
        later(
            rx.cond(
                rows.length() > 0,
                rx.grid(
                    rx.foreach(rows, lambda s: service_card(s, s[extra_key])),
                    columns=SERVICE_COLUMNS,
                    spacing="3",
                    width="100%",
                    id=grid_id,
                ),
                empty_state(),
            ),
            height=SERVICE_GRID_HEIGHT,
        ),
        skeleton_grid(6, SERVICE_CARD_HEIGHT, SERVICE_COLUMNS),
    )


def home_page() -> rx.Component:
    return page(
        rx.text(t("app.tagline"), size="3", color_scheme="gray"),
        search_bar(),
        rx.link(t("coupon.home_entry"), href=routes.COUPON_CENTRE, id="home-coupons", size="2"),
        campaign_banner(),
        recommend_strip(),
        section(
            t("home.categories"),
            when_loaded(
                HomeState.loaded,
                rx.grid(
                    rx.foreach(HomeState.categories, _category_card),
                    columns=CATEGORY_COLUMNS,
                    spacing="3",
                    width="100%",
                    id="categories",
                ),
                skeleton_grid(4, CATEGORY_CARD_HEIGHT, CATEGORY_COLUMNS),
            ),
        ),
        section(t("home.hot"), _service_grid(HomeState.hot, "sold", "hot")),
        section(t("home.new"), _service_grid(HomeState.new, "published", "new")),
        rx.link(
            rx.hstack(
                rx.icon("store", size=16),
                rx.text(t("home.open_a_shop"), size="2"),
                align="center",
            ),
            href=routes.SHOP_APPLY,
            id="shop-apply-link",
            color_scheme="gray",
        ),
    )
