"""Reflex configuration. REDIS_URL switches state to Redis (scale-out, several workers);
without it tab states live in the worker's memory (salon_app/tab_states.py)."""

import os

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

from salon_app.frontend_bundle import SharedScripts
from salon_app.theme_styles import ThemeStyles

REDIS_URL = os.environ.get("REDIS_URL") or None
if REDIS_URL:
    # A worker keeps a tab's state in memory while it holds the tab's lock in Redis (Reflex's
    # opportunistic lock, REFLEX_OPLOCK_ENABLED): a tab's events all reach the worker holding
    # its socket, so its state is read from and written back to Redis once per lease (a few
    # seconds), not on every event. Another worker that needs the tab (an upload, say) asks
    # for the lock; the holder writes the state back first and lets go.
    os.environ.setdefault("REFLEX_OPLOCK_ENABLED", "true")

config = rx.Config(
    app_name="salon_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    redis_url=REDIS_URL,
    state_manager_mode="redis" if REDIS_URL else "memory",
    plugins=[
        ThemeStyles(  # Radix Themes, only the colours used (salon_app/theme_styles.py)
            theme=rx.theme(accent_color="crimson", gray_color="mauve", radius="large")
        ),
        SharedScripts(),  # fewer, larger script files (salon_app/frontend_bundle.py)
    ],
    disable_plugins=[SitemapPlugin],
    # Phone pages (issue 14): scripts and styles also stored brotli-compressed (~20% smaller
    # than gzip; browsers ask for it), and the Radix namespace Reflex keeps for dynamically
    # evaluated components (we have none) loaded only if one is ever evaluated.
    frontend_compression_formats=["brotli", "gzip"],
    frontend_lazy_bundled_libraries=True,
)
