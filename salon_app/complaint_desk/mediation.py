"""Mediation on the platform's complaint desk: each complaint's deadline (running, paused
while the customer is asked, or overdue), its proposals, and a form to propose a settlement
(words and an optional refund in yuan) — services/mediation decides who may and how much."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import in_worker_thread
from salon_app.components.browser_input import row_id
from salon_app.components.format import local_datetime, money
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import mediation
from salon_app.core.services.feedback.desk import refund_fen_from_yuan
from salon_app.i18n import t


def deadline_text(m: mediation.MediationView) -> str:
    if m.minutes_left is None:
        return ""
    hours, minutes = divmod(abs(m.minutes_left), 60)
    if m.paused:
        return t("mediation.deadline_paused", hours=hours, minutes=minutes)
    if m.minutes_left < 0:
        return t("mediation.deadline_overdue", hours=hours, minutes=minutes)
    return t("mediation.deadline_left", hours=hours, minutes=minutes)


def _proposal_line(p: mediation.ProposalView) -> str:
    refund = t("mediation.with_refund", amount=money(p.refund_fen)) if p.refund_fen else ""
    status = t(f"mediation.status.{p.status}")
    return f"{local_datetime(p.created_at)} · {status} · {p.text}{refund}"


class MediationDesk(rx.State, mixin=True):
    """Mixed into the desk's state (a SessionState) on the platform's desk only."""

    mediation_on: bool = False
    deadlines: dict[str, str] = {}  # complaint id -> its deadline in words
    overdue: dict[str, bool] = {}
    proposal_lines: dict[str, list[str]] = {}

    def _load_mediation(self, complaint_ids: list[int]) -> None:
        try:
            with session_scope() as session:
                board = mediation.mediation_board(session, self._actor(session), complaint_ids)
        except DomainError:
            board = {}
        self.mediation_on = bool(board)
        self.deadlines = {str(i): deadline_text(m) for i, m in board.items()}
        self.overdue = {
            str(i): m.minutes_left is not None and m.minutes_left < 0 and not m.paused
            for i, m in board.items()
        }
        self.proposal_lines = {
            str(i): [_proposal_line(p) for p in m.proposals] for i, m in board.items()
        }

    @rx.event
    @in_worker_thread
    def propose(self, form: dict) -> list:
        wanted, text = row_id(form.get("id")), str(form.get("text", ""))

        def act(session, actor) -> None:  # noqa: ANN001
            fen = refund_fen_from_yuan(form.get("refund_yuan", ""))
            mediation.propose(session, actor, wanted, text, fen)

        return self._run(act, "mediation.proposed", self._reload)


def mediation_panel(c: rx.Var, state: type[MediationDesk]) -> rx.Component:
    """Deadline, proposals and the proposal form of complaint `c` (a desk row)."""
    cid = c["id"]
    return rx.cond(
        state.mediation_on,
        rx.vstack(
            rx.cond(
                state.deadlines[cid] != "",
                rx.badge(
                    state.deadlines[cid],
                    color_scheme=rx.cond(state.overdue[cid], "red", "gray"),
                    class_name="mediation-deadline",
                ),
            ),
            rx.foreach(
                state.proposal_lines[cid],
                lambda line: rx.text(line, size="1", class_name="mediation-proposal"),
            ),
            rx.cond(
                c["final"] == "",
                rx.form(
                    rx.hstack(
                        rx.el.input(type="hidden", name="id", value=cid),
                        rx.input(
                            name="text",
                            placeholder=t("mediation.proposal_placeholder"),
                            max_length=500,
                            class_name="mediation-text",
                            width="100%",
                        ),
                        rx.input(
                            name="refund_yuan",
                            placeholder=t("mediation.refund_yuan"),
                            input_mode="decimal",
                            class_name="mediation-refund",
                        ),
                        rx.button(
                            t("mediation.propose"), type="submit", class_name="mediation-submit"
                        ),
                        wrap="wrap",
                        width="100%",
                    ),
                    on_submit=state.propose,
                    reset_on_submit=True,
                    width="100%",
                ),
            ),
            spacing="2",
            width="100%",
            class_name="mediation",
        ),
    )
