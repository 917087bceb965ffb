"""Admin dispatch: waiting orders and any order opened by its code, with their ranked
candidates (why, answer, live status), and manual assignment."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState, error_toast, in_worker_thread
from salon_app.components.browser_input import row_id
from salon_app.components.format import local_datetime
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import dispatch
from salon_app.core.services.dispatch import board as dispatch_board
from salon_app.i18n import t


def _why(c: dispatch_board.CandidateView) -> str:
    """The score's parts, or who chose them; and why they declined."""
    if c.components:
        parts = {
            k: c.components.get(k, "-")
            for k in ("distance_km", "distance", "rating", "skill", "load")
        }
        why = t("admin.why", **parts)
    else:
        why = t("admin.admin_choice" if c.reason == "admin" else "admin.customer_choice")
    if c.status == "rejected" and c.reason:
        why += " · " + t("admin.rejected_because", reason=c.reason)
    return why


def _card(o: dispatch_board.OrderDispatch) -> dict[str, str]:
    return {
        "code": o.code,
        "state": t(f"admin.dispatch_state.{o.dispatch_state}")
        if o.dispatch_state
        else t(f"order.status.{o.status}"),  # not paid yet
        "when": local_datetime(o.starts_at),
        "mode": t("common.at_home") if o.at_home else t("common.in_shop"),
        "technician": o.technician_name,
    }


def _candidates(o: dispatch_board.OrderDispatch) -> list[dict[str, str]]:
    return [
        {
            "id": str(c.technician_id),
            "label": f"{f'#{c.rank} ' if c.rank else ''}{c.name}（{c.technician_id}）"
            f"· {c.score:.3f} · {t(f'admin.offer.{c.status}')}",
            "why": _why(c),
            "live": t(f"tech.live.{c.live}"),
            "current": "1" if c.current else "",
        }
        for c in o.candidates
    ]


class DispatchState(SessionState):
    waiting: list[dict[str, str]] = []
    candidates: dict[str, list[dict[str, str]]] = {}
    opened: list[dict[str, str]] = []  # the order opened by its code (none or one)
    opened_candidates: list[dict[str, str]] = []
    _opened_code: str = ""

    @rx.event
    @in_worker_thread
    def load(self) -> list | None:
        return self._reload()

    def _reload(self) -> list | None:
        rows, events = self._guarded(dispatch_board.waiting_orders)
        if rows is not None:
            self.waiting = [_card(w) for w in rows]
            self.candidates = {w.code: _candidates(w) for w in rows}
            self._show_opened()
        return events

    def _show_opened(self) -> DomainError | None:
        """Reload the opened order; an order that can no longer move is closed (returned why)."""
        self.opened, self.opened_candidates = [], []
        if not self._opened_code:
            return None
        code = self._opened_code
        try:
            with session_scope() as session:
                o = dispatch_board.order_for_reassignment(session, self._actor(session), code)
        except DomainError as err:
            self._opened_code = ""
            return err
        self.opened, self.opened_candidates = [_card(o)], _candidates(o)
        return None

    @rx.event
    def open_order(self, form: dict) -> list | None:
        self._opened_code = str(form.get("code", "")).strip()
        refusal = self._show_opened()
        return [error_toast(refusal)] if refusal is not None else None

    @rx.event
    def assign(self, form: dict) -> list | None:
        return self._assign(str(form.get("code", "")), str(form.get("technician_id", "")))

    @rx.event
    def assign_candidate(self, code: str, technician_id: str) -> list | None:
        return self._assign(str(code), str(technician_id))

    def _assign(self, code: str, raw_id: str) -> list | None:
        tech_id = row_id(raw_id)
        try:
            with session_scope() as session:
                dispatch.assign(session, self._actor(session), code, tech_id)
        except DomainError as err:
            return [error_toast(err)]
        self._reload()
        return [rx.toast.success(t("admin.assigned"))]
