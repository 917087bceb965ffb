"""Admin dispatch: waiting orders with their ranked candidates, and manual assignment."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState, error_toast
from salon_app.components.format import local_datetime
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import dispatch, dispatch_board
from salon_app.i18n import t


def _why(c: dispatch_board.CandidateView) -> str:
    if not c.components:
        return t("admin.customer_choice")
    parts = {
        k: c.components.get(k, "-") for k in ("distance_km", "distance", "rating", "skill", "load")
    }
    return t("admin.why", **parts)


class DispatchState(SessionState):
    waiting: list[dict[str, str]] = []
    candidates: dict[str, list[dict[str, str]]] = {}

    @rx.event
    def load(self) -> list | None:
        return self._reload()

    def _reload(self) -> list | None:
        rows, events = self._guarded(dispatch_board.waiting_orders)
        if rows is not None:
            self.waiting = [
                {
                    "code": w.code,
                    "state": t(f"admin.dispatch_state.{w.dispatch_state}"),
                    "when": local_datetime(w.starts_at),
                    "mode": t("common.at_home") if w.at_home else t("common.in_shop"),
                    "technician": w.technician_name,
                }
                for w in rows
            ]
            self.candidates = {
                w.code: [
                    {
                        "id": str(c.technician_id),
                        "label": f"#{c.rank} {c.name}（{c.technician_id}）"
                        f"· {c.score:.3f} · {c.status}",
                        "why": _why(c),
                    }
                    for c in w.candidates
                ]
                for w in rows
            }
        return events

    @rx.event
    def assign(self, form: dict) -> list | None:
        code, raw = str(form.get("code", "")), str(form.get("technician_id", "")).strip()
        try:
            with session_scope() as session:
                dispatch.assign(
                    session, self._actor(session), code, int(raw) if raw.isdigit() else 0
                )
        except DomainError as err:
            return [error_toast(err)]
        self._reload()
        return [rx.toast.success(t("admin.assigned"))]
