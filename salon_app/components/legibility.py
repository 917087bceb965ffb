"""Colours every page may be read in: the app's global style (`rx.App(style=APP_STYLE)`).

Radix Themes paints solid buttons and badges in the accent's step 9 (crimson #e93d82): white
text on it is 3.9:1, under the 4.5:1 that small text needs (WCAG AA; Lighthouse checks it).
In light mode they take step 11 (5.4:1), hovered step 12. A select showing its placeholder
writes it in gray step a10 (3.4:1): step a11 instead. These rules go into the page's own
style sheet, so they cost no extra request.
"""

from __future__ import annotations

LIGHT = "html:not(.dark) & "  # `&` is the app's theme root: the rules hold inside it
SOLID = ".rt-variant-solid:not([data-disabled])"

APP_STYLE: dict[str, dict[str, str]] = {
    f"{LIGHT}.rt-BaseButton{SOLID}, {LIGHT}.rt-Badge{SOLID}": {
        "background_color": "var(--accent-11)",
    },
    f"{LIGHT}.rt-BaseButton{SOLID}:hover": {"background_color": "var(--accent-12)"},
    "& .rt-SelectTrigger[data-placeholder] .rt-SelectTriggerInner": {
        "color": "var(--gray-a11)",
    },
}
