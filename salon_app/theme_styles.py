"""The Radix Themes stylesheet with only the colour scales the app names: a Reflex plugin
(rxconfig.py, in place of rx.plugins.RadixThemesPlugin).

Radix's one stylesheet (styles.css, 680 KB, 50 KB brotli) carries all 31 colour scales, each
in light, dark and P3 forms; a phone fetches and parses all of it before its first paint.
Radix publishes the same stylesheet in parts (tokens/base.css, tokens/colors/<name>.css,
components.css, utilities.css, as its docs describe for custom colour imports). This plugin
imports base, components and utilities, and the scales the app's source names: the theme's
colours (rxconfig.py), a `color_scheme="red"`, a `var(--amber-3)`. Names are read from the
source when the app is built, so a page that starts using a colour gets its scale without a
list to edit.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reflex_components_radix.plugin import RadixThemesPlugin

PACKAGE = "@radix-ui/themes"
SOURCE = Path(__file__).resolve().parent
# Radix Themes 3.x colour scales (node_modules/@radix-ui/themes/tokens/colors/).
SCALES = [
    *("gray", "mauve", "slate", "sage", "olive", "sand", "amber", "blue", "bronze", "brown"),
    *("crimson", "cyan", "gold", "grass", "green", "indigo", "iris", "jade", "lime", "mint"),
    *("orange", "pink", "plum", "purple", "red", "ruby", "sky", "teal", "tomato", "violet"),
    "yellow",
]
ALWAYS = ("gray",)  # Radix's default gray, which its base tokens fall back on


def scales_named(texts: Iterable[str]) -> list[str]:
    """The colour scales named in these texts, as a quoted word or a CSS variable, in
    Radix's order."""
    named: set[str] = set(ALWAYS)
    names = "|".join(SCALES)
    pattern = re.compile(rf"""["']({names})["']|--({names})-""")
    for text in texts:
        named.update(a or b for a, b in pattern.findall(text))
    return [s for s in SCALES if s in named]


def stylesheets(scales: Iterable[str]) -> tuple[str, ...]:
    """Radix's parts in the order of its own styles.css: colour tokens, base, components,
    utilities."""
    return (
        *(f"{PACKAGE}/tokens/colors/{s}.css" for s in scales),
        f"{PACKAGE}/tokens/base.css",
        f"{PACKAGE}/components.css",
        f"{PACKAGE}/utilities.css",
    )


@dataclasses.dataclass
class ThemeStyles(RadixThemesPlugin):
    """Radix Themes as Reflex's plugin sets it up, with a smaller stylesheet, and without
    the whole library kept for dynamic components."""

    def get_frontend_dependencies(self, **context: Any) -> tuple[str, ...]:
        # Reflex bundles every plugin dependency for components evaluated in the browser
        # (root.jsx: `import("@radix-ui/themes")`), which keeps all of Radix Themes (theme
        # panel, menus, sliders...) in the script every page shares. We evaluate none there;
        # the package is still installed, at the version its components name.
        return ()

    def get_stylesheet_paths(self, **context: Any) -> tuple[str, ...]:
        if not self.enabled:
            return ()
        # rxconfig.py names the theme's colours; this file names them all, so it is left out.
        files = [p for p in SOURCE.rglob("*.py") if p.name != "theme_styles.py"]
        files.append(SOURCE.parent / "rxconfig.py")
        sources = (f.read_text(encoding="utf-8") for f in files if f.exists())
        return stylesheets(scales_named(sources))
