"""The message thread of an order, as both the customer and the technician see it."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import error_toast
from salon_app.components.format import local_datetime
from salon_app.components.layout import section
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services.orders import messages
from salon_app.i18n import t


def message_rows(thread: list[messages.MessageView]) -> list[dict[str, str]]:
    return [
        {
            "who": m.sender_name,
            "body": m.body,
            "when": local_datetime(m.at),
            "mine": "1" if m.mine else "",
        }
        for m in thread
    ]


class OrderThread(rx.State, mixin=True):
    """Mixed into a page state (a SessionState) showing one order's thread: the page gives
    `code` (the order) and `_reload()`, which refills `thread` with `message_rows`."""

    thread: list[dict[str, str]] = []

    @rx.event
    def send(self, form: dict) -> list | None:
        try:
            with session_scope() as session:
                messages.post(session, self._actor(session), self.code, str(form.get("body", "")))
        except DomainError as err:
            return [error_toast(err)]
        return self._reload()


def thread_view(rows: rx.Var, on_send: rx.EventHandler) -> rx.Component:
    return section(
        t("job.messages"),
        rx.vstack(
            rx.foreach(
                rows,
                lambda m: rx.box(
                    rx.text(m["who"], " · ", m["when"], size="1", color_scheme="gray"),
                    rx.text(m["body"], size="2"),
                    align_self=rx.cond(m["mine"] == "1", "flex-end", "flex-start"),
                    class_name="message",
                ),
            ),
            width="100%",
            id="thread",
        ),
        rx.form(
            rx.hstack(
                rx.input(
                    name="body",
                    placeholder=t("job.message_placeholder"),
                    id="message-body",
                    width="100%",
                ),
                rx.button(t("job.send"), type="submit", id="message-send"),
                width="100%",
            ),
            on_submit=on_send,
            reset_on_submit=True,
            width="100%",
        ),
    )
