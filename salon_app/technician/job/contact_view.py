"""The customer's contact lines on the technician's job page (JobContactState)."""

from __future__ import annotations

import reflex as rx

from salon_app.components.layout import detail_line
from salon_app.components.relay_call import relay_call_row
from salon_app.i18n import t


def contact_lines(state: type[rx.State]) -> rx.Component:
    """Inside the window: the full address, needs and 拨打 X (the relay number); outside: the
    masked phone and the district only."""
    c, j = state.contact, state.job
    revealed = c["address"] != ""
    return rx.fragment(
        detail_line(t("job.phone"), j["phone"], "job-phone"),
        rx.cond(
            c["relay"] != "",
            relay_call_row("privacy.relay", c["relay"], c["tel"], "job-call"),
            rx.cond(
                revealed,
                rx.text(t("privacy.no_relay"), size="1", color_scheme="gray", id="job-no-relay"),
            ),
        ),
        rx.cond(
            revealed,
            detail_line(t("job.address"), c["address"], "job-address"),
            detail_line(t("job.address"), j["place"], "job-address"),
        ),
        detail_line(t("job.needs"), c["needs"], "job-needs"),
        rx.el.span(on_unmount=state.forget_contact, display="none"),
    )
