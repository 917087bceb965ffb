"""A date range for dashboards: two local dates and the usual shortcuts (7/30/90 days).

The page state mixes in `DateRangeMixin` and implements `_load_range`; the service checks the
range (order, length) in its own terms, as for anything the browser sends.
"""

from __future__ import annotations

from datetime import timedelta

import reflex as rx

from salon_app.core.clock import local_today
from salon_app.i18n import t

SHORTCUTS = (7, 30, 90)


class DateRangeMixin(rx.State, mixin=True):
    range_from: str = ""
    range_to: str = ""

    def _load_range(self) -> list | None:
        raise NotImplementedError

    def _default_range(self, days: int = 30) -> None:
        """The last `days` local days up to today, unless the page already has a range."""
        if not self.range_from or not self.range_to:
            self._last_days(days)

    def _last_days(self, days: int) -> None:
        today = local_today()
        self.range_from = (today - timedelta(days=days - 1)).isoformat()
        self.range_to = today.isoformat()

    @rx.event
    def apply_range(self, form: dict) -> list | None:
        start, end = form.get("range_from"), form.get("range_to")
        self.range_from = start if isinstance(start, str) else ""
        self.range_to = end if isinstance(end, str) else ""
        return self._load_range()

    @rx.event
    def last_days(self, days: int) -> list | None:
        if days not in SHORTCUTS:
            return None
        self._last_days(days)
        return self._load_range()


def date_range(state: type[DateRangeMixin], range_id: str = "range") -> rx.Component:
    return rx.form(
        rx.flex(
            rx.input(
                type="date",
                name="range_from",
                default_value=state.range_from,
                key=state.range_from,
                aria_label=t("range.from"),
                id=f"{range_id}-from",
            ),
            rx.text("—", color_scheme="gray"),
            rx.input(
                type="date",
                name="range_to",
                default_value=state.range_to,
                key=state.range_to,
                aria_label=t("range.to"),
                id=f"{range_id}-to",
            ),
            rx.button(t("range.apply"), type="submit", id=f"{range_id}-apply"),
            *(
                rx.button(
                    t(f"range.last_{days}"),
                    type="button",
                    variant="soft",
                    on_click=state.last_days(days),
                    id=f"{range_id}-last-{days}",
                )
                for days in SHORTCUTS
            ),
            wrap="wrap",
            gap="8px",
            align="center",
        ),
        on_submit=state.apply_range,
    )
