"""Mediation proposals on the customer's order page: what the platform offers to settle a
complaint (words and any refund), answered once with 接受 or 拒绝 (services/mediation)."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import in_worker_thread
from salon_app.components.browser_input import row_id
from salon_app.components.format import local_datetime, money
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import mediation
from salon_app.i18n import t


def proposal_row(p: mediation.ProposalView) -> dict[str, str]:
    return {
        "id": str(p.id),
        "text": p.text,
        "refund": money(p.refund_fen) if p.refund_fen else "",
        "status": t(f"mediation.status.{p.status}"),
        "pending": "1" if p.status == "pending" else "",
        "when": local_datetime(p.created_at),
    }


class ProposalAnswers(rx.State, mixin=True):
    """Mixed into the order page's state (a SessionState with `_act` and `code`)."""

    proposal_rows: list[dict[str, str]] = []

    def _load_proposals(self) -> None:
        try:
            with session_scope() as session:
                found = mediation.order_proposals(session, self._actor(session), self.code)
        except DomainError:
            found = []  # the page itself says why (its own load is guarded)
        self.proposal_rows = [proposal_row(p) for p in found]

    def _answer(self, proposal_id: str, accept: bool) -> list | None:
        wanted = row_id(proposal_id)
        key = "mediation.accepted" if accept else "mediation.rejected"
        return self._act(lambda s, a: mediation.answer(s, a, wanted, accept), key)

    @rx.event
    @in_worker_thread
    def accept_proposal(self, proposal_id: str) -> list | None:
        return self._answer(proposal_id, True)

    @rx.event
    @in_worker_thread
    def reject_proposal(self, proposal_id: str) -> list | None:
        return self._answer(proposal_id, False)


def _proposal(p: rx.Var, state: type[ProposalAnswers]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(t("mediation.proposal"), weight="bold", size="2"),
                rx.badge(p["status"], class_name="proposal-status"),
                rx.spacer(),
                rx.text(p["when"], size="1", color_scheme="gray"),
                width="100%",
            ),
            rx.text(p["text"], size="2"),
            rx.cond(
                p["refund"] != "",
                rx.text(
                    t("mediation.refund"), " ", p["refund"], size="2", class_name="proposal-refund"
                ),
            ),
            rx.cond(
                p["pending"] != "",
                rx.hstack(
                    rx.button(
                        t("mediation.accept"),
                        on_click=state.accept_proposal(p["id"]),
                        class_name="proposal-accept",
                    ),
                    rx.button(
                        t("mediation.reject"),
                        variant="outline",
                        on_click=state.reject_proposal(p["id"]),
                        class_name="proposal-reject",
                    ),
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="proposal",
    )


def proposals_panel(state: type[ProposalAnswers]) -> rx.Component:
    return rx.vstack(
        rx.foreach(state.proposal_rows, lambda p: _proposal(p, state)),
        width="100%",
        id="proposals",
    )
