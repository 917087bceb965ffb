"""The home page's banner of running banner campaigns for their treated members (the holdout
sees none): loaded when the banner is drawn, nothing shown to anyone else."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState
from salon_app.core.db import session_scope
from salon_app.core.services import marketing


class CampaignBannerState(SessionState):
    banners: list[dict[str, str]] = []

    @rx.event
    def load(self) -> None:
        with session_scope() as session:
            actor = self._actor(session)
            found = marketing.my_banners(session, actor)
        self.banners = [{"name": b.name, "goal": b.goal} for b in found]


def _banner(banner: rx.Var) -> rx.Component:
    return rx.link(
        rx.callout(
            rx.vstack(
                rx.text(banner["name"], weight="bold"),
                rx.text(banner["goal"], size="2"),
                spacing="0",
            ),
            icon="gift",
            color_scheme="tomato",
            width="100%",
        ),
        href=routes.MY_COUPONS,
        underline="none",
        width="100%",
        class_name="campaign-banner",
    )


def campaign_banner() -> rx.Component:
    return rx.vstack(
        rx.foreach(CampaignBannerState.banners, _banner),
        on_mount=CampaignBannerState.load,
        width="100%",
        spacing="2",
        id="campaign-banners",
    )
