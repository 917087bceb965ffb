"""How the built frontend is cut into script files: a Reflex plugin (listed in rxconfig.py).

Left to itself the bundler gives every library piece its own file: a phone opening any page
fetched ~55 scripts, most of a few hundred bytes, each a round trip (six at a time over
HTTP/1.1) before the page could show what its data says. This adds one group to the build's
code splitting (vite.config.js, which Reflex writes): whatever many pages use (React, Radix
components, icons, Reflex's state code) goes into one `shared` file; what only a few pages use
(charts, maps, video) stays in files of their own, fetched only by those pages.

The dashboards (42 pages of the platform and the shops) are more than the 30 that make a module
shared, so what only they use would reach every phone: their drawer library (vaul, 29 KB) is
kept out of the shared file and goes in a `dashboard` file of its own.
"""

from __future__ import annotations

import logging
from typing import Any

from reflex_base.plugins.base import Plugin

log = logging.getLogger(__name__)

VITE_CONFIG = "vite.config.js"
MIN_PAGES = 30  # a module imported by this many pages (entries) or more goes to the shared file
AFTER = 'name: "reflex-env",\n            },'  # the group Reflex's template already has
DASHBOARD_ONLY = r"node_modules[\\/](vaul)[\\/]"  # a JS regex: libraries only dashboards use
SHARED_GROUP = f"""
            {{
              name: "shared",
              minShareCount: {MIN_PAGES},
              test: (id) => !/{DASHBOARD_ONLY}/.test(id),
            }},
            {{
              name: "dashboard",
              test: /{DASHBOARD_ONLY}/,
            }},"""


def add_shared_group(config_js: str) -> str:
    """vite.config.js with the shared group (once); unchanged if Reflex's template moved on."""
    if SHARED_GROUP in config_js:
        return config_js
    if AFTER not in config_js:
        log.warning("vite.config.js has no reflex-env group: the shared script file is not made")
        return config_js
    return config_js.replace(AFTER, AFTER + SHARED_GROUP, 1)


class SharedScripts(Plugin):
    """The plugin: changes vite.config.js before each build."""

    def pre_compile(self, **context: Any) -> None:
        context["add_modify_task"](VITE_CONFIG, add_shared_group)
