"""One filed complaint as its customer, its technician and the desk see it, photos on request."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import error_toast
from salon_app.components.browser_input import row_id
from salon_app.components.format import local_datetime
from salon_app.components.photos import data_url, photo_row
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services.feedback import complaints
from salon_app.i18n import t


def complaint_row(c: complaints.ComplaintView) -> dict[str, str]:
    return {
        "id": str(c.id),
        "photos": str(c.photo_count) if c.photo_count else "",
        "kind": t(f"complaint.kind.{c.kind}"),
        "reason": c.reason,
        "status": t(f"complaint.status.{c.status}"),
        "when": local_datetime(c.created_at),
        "resolution": t("complaint.resolution", text=c.resolution) if c.resolution else "",
    }


def _with_count(key: str, count: rx.Var) -> list:
    """A message with a {count} taken from a var: the text around it, then the var between."""
    before, _, after = t(key, count="\0").partition("\0")
    return [before, count, after]


def complaint_item(c: rx.Var, state: type) -> rx.Component:
    """Kind, status and reason; the private photos open through `state.toggle_photos`, which
    asks the service whether this viewer may see them (`state.complaint_photos`)."""
    is_open = state.photos_for == c["id"]
    return rx.vstack(
        rx.text(c["kind"], " · ", c["status"], " · ", c["reason"], size="2"),
        rx.cond(
            c["resolution"] != "",
            rx.text(c["resolution"], size="2", color_scheme="gray", class_name="resolution"),
        ),
        rx.cond(
            c["photos"] != "",
            rx.button(
                rx.cond(
                    is_open,
                    t("complaint.hide_photos"),
                    rx.fragment(*_with_count("complaint.view_photos", c["photos"])),
                ),
                type="button",
                size="1",
                variant="soft",
                on_click=state.toggle_photos(c["id"]),
                class_name="view-photos",
            ),
        ),
        rx.cond(is_open, photo_row(state.complaint_photos, "complaint-photos", size="96px")),
        spacing="1",
        width="100%",
        class_name="complaint",
    )


class ComplaintPhotos(rx.State, mixin=True):
    """Mixed into a page state that lists complaints (a SessionState): one complaint's private
    photos open at a time, shown by complaint_item."""

    photos_for: str = ""  # the complaint whose photos are open
    complaint_photos: list[str] = []  # its photos as data: URLs, only for an allowed viewer

    @rx.event
    def toggle_photos(self, complaint_id: str) -> list | None:
        """Open (or close) one complaint's photos. The id comes from the browser: the service
        decides whether this viewer may see them."""
        wanted = str(complaint_id)
        if self.photos_for == wanted:
            self.photos_for, self.complaint_photos = "", []
            return None
        try:
            with session_scope() as session:
                shown = complaints.complaint_photos(session, self._actor(session), row_id(wanted))
        except DomainError as err:
            return [error_toast(err)]
        self.photos_for, self.complaint_photos = wanted, [data_url(p) for p in shown]
        return None
