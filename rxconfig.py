"""Reflex configuration. REDIS_URL switches state to Redis (scale-out, several workers);
without it tab states live in the worker's memory (salon_app/tab_states.py)."""

import os

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

REDIS_URL = os.environ.get("REDIS_URL") or None

config = rx.Config(
    app_name="salon_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    redis_url=REDIS_URL,
    state_manager_mode="redis" if REDIS_URL else "memory",
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="crimson", gray_color="mauve", radius="large")
        )
    ],
    disable_plugins=[SitemapPlugin],
)
