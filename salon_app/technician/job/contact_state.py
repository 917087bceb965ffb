"""The customer's contact on the technician's job page, kept in page state only while needed.

Public vars hold what the page shows: outside the contact window the masked phone and the
district (set by JobState from job_detail); inside it, `contact` holds the full address, needs and
the relay number, revealed (and audited) once per page load by contact.job_contact. A live
refresh never reveals again: it keeps `contact` while the window is open and empties it once the
window closes; leaving the page (unmount) and every load empty it first.
"""

from __future__ import annotations

import reflex as rx

from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services.orders import contact as order_contact

EMPTY = {"address": "", "needs": "", "relay": "", "tel": ""}


class JobContactState(rx.State, mixin=True):
    contact: dict[str, str] = EMPTY

    def _reveal_contact(self, open_now: bool) -> None:
        """On a page load: the full contact inside the window (an audited reveal), else none."""
        self.contact = dict(EMPTY)
        if not open_now:
            return
        try:
            with session_scope() as session:
                seen = order_contact.job_contact(session, self._actor(session), self.code)
        except DomainError:
            return  # the window closed meanwhile: the page shows the masked contact
        self.contact = {
            "address": seen.address,
            "needs": seen.special_needs,
            "relay": seen.relay_number or "",
            "tel": f"tel:{seen.relay_number}" if seen.relay_number else "",
        }

    def _keep_contact(self, open_now: bool) -> None:
        """On a live refresh: nothing new is revealed; a closed window drops what was."""
        if not open_now:
            self.contact = dict(EMPTY)

    @rx.event
    def forget_contact(self) -> None:
        """The page is left: the full address leaves the page state with it."""
        self.contact = dict(EMPTY)
