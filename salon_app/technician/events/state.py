"""/tech/events: upcoming training events open to the technician, their place in each (seated,
waiting with its number, attended), sign up, cancel, and check in with the code shown there."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from salon_app.auth.session_state import SessionState, error_toast
from salon_app.components.browser_input import row_id
from salon_app.components.format import local_datetime, local_time
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import learning
from salon_app.core.services.access import Actor
from salon_app.i18n import t


def _card(e: learning.TechEvent) -> dict[str, str]:
    if e.my_status == "waiting":
        mine = t("events.my.waiting", position=e.waiting_position)
    else:
        mine = t(f"events.my.{e.my_status}") if e.my_status else ""
    return {
        "id": str(e.id),
        "title": e.title,
        "description": e.description,
        "organiser": e.organiser,
        "place": e.place,
        "when": f"{local_datetime(e.starts_at)} – {local_time(e.ends_at)}",
        "seats": t("events.seats_left", left=e.seats_left, capacity=e.capacity),
        "course": t("events.completes_course", course=e.course_title) if e.course_title else "",
        "cancelled": "1" if e.event_status == "cancelled" else "",
        "my_status": e.my_status,
        "mine": mine,
        "can_sign_up": "1" if e.can_sign_up else "",
        "can_cancel": "1" if e.can_cancel else "",
        "can_check_in": "1" if e.can_check_in else "",
    }


class TechEventsState(SessionState):
    events: list[dict[str, str]] = []

    def _show(self, session: Session, actor: Actor) -> None:
        self.events = [_card(e) for e in learning.events_for_technician(session, actor)]

    @rx.event
    def load(self) -> list | None:
        _, events = self._guarded(self._show)
        return events

    def _act(self, action: Callable[[Session, Actor | None], str]) -> list:
        """One action as the current user; its toast says what happened or why it was refused.
        The cards are read again either way (a seat may have gone meanwhile)."""
        try:
            with session_scope() as session:
                text = action(session, self._actor(session))
        except DomainError as err:
            self._guarded(self._show)
            return [error_toast(err)]
        self._guarded(self._show)
        return [rx.toast.success(text)]

    @rx.event
    def sign_up(self, event_id: str) -> list:
        def act(session: Session, actor: Actor | None) -> str:
            done = learning.sign_up(session, actor, row_id(event_id))
            if done.status == "seated":
                return t("events.signed_up", title=done.title)
            return t("events.waitlisted", title=done.title, position=done.waiting_position)

        return self._act(act)

    @rx.event
    def cancel(self, event_id: str) -> list:
        def act(session: Session, actor: Actor | None) -> str:
            title = learning.cancel_signup(session, actor, row_id(event_id))
            return t("events.cancelled", title=title)

        return self._act(act)

    @rx.event
    def check_in(self, form: dict) -> list:
        event_id, code = row_id(form.get("event_id")), form.get("code")

        def act(session: Session, actor: Actor | None) -> str:
            entered = code if isinstance(code, str) else ""
            done = learning.check_in(session, actor, event_id, entered)
            if done.certificate_serial:
                return t("events.checked_in_course", title=done.title,
                         serial=done.certificate_serial)  # fmt: skip
            return t("events.checked_in", title=done.title)

        return self._act(act)
