"""Calling the technician from the customer's order page: only through the order's relay number
(AXB privacy number), from acceptance until the contact window closes (orders/privacy.py). The
technician's own number never reaches this page; outside the window the page says why."""

from __future__ import annotations

import reflex as rx

from salon_app.components.relay_call import relay_call_row
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services.orders import contact
from salon_app.i18n import t


class OrderCallState(rx.State, mixin=True):
    call: dict[str, str] = {"number": "", "tel": "", "note": ""}

    def _load_call(self, contact_open: bool, status: str) -> None:
        """The relay number inside the window; a note outside it (none for unpaid orders)."""
        self.call = {"number": "", "tel": "", "note": ""}
        if contact_open:
            try:
                with session_scope() as session:
                    number = contact.customer_call_number(session, self._actor(session), self.code)
            except DomainError:
                number = None
            if number:
                self.call.update(number=number, tel=f"tel:{number}")
            else:
                self.call["note"] = t("privacy.no_relay")
        elif status in ("pending_service", "in_service"):
            self.call["note"] = t("privacy.contact_later")
        elif status in ("completed", "reviewed", "cancelled", "refunded"):
            self.call["note"] = t("privacy.contact_closed")


def _label() -> rx.Component:
    return rx.text(t("privacy.contact_technician"), size="2", color_scheme="gray", min_width="72px")


def call_line(state: type[rx.State]) -> rx.Component:
    """拨打 X (a tel: link to the relay number), or why there is no number."""
    c = state.call
    return rx.cond(
        c["number"] != "",
        relay_call_row("privacy.contact_technician", c["number"], c["tel"], "order-call"),
        rx.cond(
            c["note"] != "",
            rx.hstack(
                rx.text(
                    t("privacy.contact_technician"), size="2", color_scheme="gray", min_width="72px"
                ),
                rx.text(c["note"], size="2", id="order-phone"),
                align="start",
            ),
        ),
    )
