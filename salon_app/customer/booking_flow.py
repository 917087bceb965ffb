"""Placing a booking from any customer page: log in first if needed, then open the order."""

from __future__ import annotations

from dataclasses import replace

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_toast
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import booking
from salon_app.i18n import t


def place_booking(
    state: SessionState, request: booking.BookingRequest
) -> tuple[list, DomainError | None]:
    """Book as the browser's user. Returns the events to send and the refusal, if any."""
    with session_scope() as session:
        actor = state._actor(session)
        if actor is None:
            state.notice = t("auth.login_required")
            return [rx.redirect(routes.LOGIN)], None
        request = replace(request, client_ip=state.router.session.client_ip or "")
        try:
            order = booking.book(session, actor, request)
        except DomainError as err:
            return [error_toast(err)], err
    return [rx.toast.success(t("booking.created")), rx.redirect(routes.order(order.code))], None
