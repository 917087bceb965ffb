"""Reflex configuration. REDIS_URL switches state to Redis (scale-out, several workers)."""

import os

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

config = rx.Config(
    app_name="salon_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    redis_url=os.environ.get("REDIS_URL") or None,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="crimson", gray_color="mauve", radius="large")
        )
    ],
    disable_plugins=[SitemapPlugin],
)
