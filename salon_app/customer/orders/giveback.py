"""What a cancellation or refund gives back, on the customer's order page: besides the money,
the coupon (back in the wallet while valid), the points spent and the points the payment earned
(taken back) — before cancelling (in the cancel dialog) and once it has happened."""

from __future__ import annotations

from datetime import datetime

import reflex as rx
from sqlmodel import Session

from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import orders, pricing
from salon_app.core.services.access import Actor
from salon_app.i18n import t


def giveback_lines(view: pricing.GiveBack) -> list[str]:
    """One short sentence per thing that comes back (or stays)."""
    lines = []
    if view.coupon:
        key = "giveback.coupon_back" if view.coupon_back else "giveback.coupon_kept"
        lines.append(t(key, name=view.coupon))
    if view.points_back:
        lines.append(t("giveback.points_back", points=view.points_back))
    if view.points_taken:
        lines.append(t("giveback.points_taken", points=view.points_taken))
    return lines


class GiveBackFigures(rx.State, mixin=True):
    """Mixed into the order page's state (a SessionState with `code` and `_actor`)."""

    giveback_done: list[str] = []  # what the cancellation or refunds have given back
    giveback_preview: list[str] = []  # what cancelling now would give back

    def _order_id(self, session: Session, actor: Actor | None) -> int:
        return orders.own_order(session, actor, self.code).id

    def _load_giveback(self, cancelled: bool) -> None:
        """The order's give-backs so far: once it is cancelled, or a refund gave something."""
        self.giveback_done = []
        try:
            with session_scope() as session:
                actor = self._actor(session)
                view = pricing.given_back(session, actor, self._order_id(session, actor))
        except DomainError:
            return  # the page itself says why (its own load is guarded)
        if cancelled or view.anything:
            self.giveback_done = giveback_lines(view)

    def _preview_giveback(self, now: datetime) -> None:
        try:
            with session_scope() as session:
                actor = self._actor(session)
                order_id = self._order_id(session, actor)
                view = pricing.cancel_giveback(session, actor, order_id, now)
        except DomainError:
            view = pricing.GiveBack("", False, 0, 0)
        self.giveback_preview = giveback_lines(view)


def _lines(rows: rx.Var, class_name: str) -> rx.Component:
    return rx.foreach(rows, lambda line: rx.text(line, size="2", class_name=class_name))


def giveback_preview(state: type[GiveBackFigures]) -> rx.Component:
    """Inside the cancel dialog, under the money."""
    return rx.cond(
        state.giveback_preview.length() > 0,
        rx.vstack(
            _lines(state.giveback_preview, "giveback-preview"),
            spacing="1",
            id="giveback-preview",
        ),
    )


def giveback_done(state: type[GiveBackFigures]) -> rx.Component:
    """On a cancelled or refunded order: the coupon and points it gave back."""
    return rx.cond(
        state.giveback_done.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("ticket")),
            rx.vstack(
                rx.text(t("giveback.title"), weight="bold", size="2"),
                _lines(state.giveback_done, "giveback-line"),
                spacing="1",
            ),
            id="giveback-done",
            width="100%",
        ),
    )
