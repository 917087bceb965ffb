"""Mediation proposals: the platform offers a settlement, the customer accepts or rejects it.

Rules:
- Only operators who handle complaints propose (require_admin handle_complaints), on a
  complaint that is open, processing or already waiting for the customer (a new proposal then
  replaces the one waiting). A proposal is words (required, at most 500 characters) and an
  optional refund in fen, at most what the order still has refundable (paid minus refunds
  made or on their way); a refund on an order never paid is refused.
- Proposing moves the complaint to awaiting_customer and stops its deadline clock
  (deadlines.py); the customer is notified and their order page shows it live.
- The customer who filed the complaint answers once. Accepting resolves the complaint with
  the proposal's words; rejecting puts it back to processing; either way the clock restarts.
- An accepted proposal with money makes exactly one refund (payments.refunds.create_refund,
  with its ledger rows): the proposal's conditional UPDATE from pending is the gate, in the
  same transaction as the refund, so double clicks, replays and two workers make one refund
  and the loser is told the proposal was already answered. A refund the ledger no longer
  allows is refused and nothing changes (the proposal stays waiting).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from salon_app.core.amounts import yuan_text
from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Complaint, MediationProposal, Order, OrderEvent, Role
from salon_app.core.services import audit, ledger
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.mediation.deadlines import PAUSED, RUNNING, minutes_left, resumed_due
from salon_app.core.services.notifications import notify
from salon_app.core.services.orders import own_order
from salon_app.core.services.payments import refunds

TEXT_MAX = 500


@dataclass(frozen=True)
class ProposalView:
    id: int
    complaint_id: int
    text: str
    refund_fen: int
    status: str  # pending | accepted | rejected | withdrawn
    created_at: datetime
    answered_at: datetime | None
    refund_key: str | None


@dataclass(frozen=True)
class MediationView:
    """What the desk shows of one complaint's mediation."""

    complaint_id: int
    due_at: datetime | None
    paused: bool
    minutes_left: int | None  # negative: overdue; None: no deadline or answered
    proposals: list[ProposalView]


def _view(p: MediationProposal) -> ProposalView:
    return ProposalView(
        p.id,
        p.complaint_id,
        p.text,
        p.refund_fen,
        p.status,
        p.created_at,
        p.answered_at,
        p.refund_key,
    )


def _check_refund(session: Session, order: Order, fen: object) -> int:
    if fen == 0:
        return 0
    if not isinstance(fen, int) or isinstance(fen, bool) or fen < 0:
        raise DomainError("refund.invalid_amount")
    balance = ledger.order_balance(session, order.id)
    if balance.paid_fen == 0:
        raise DomainError("refund.not_paid")
    if fen > balance.refundable_fen:
        raise DomainError("refund.exceeds_paid", refundable=yuan_text(balance.refundable_fen))
    return fen


def propose(
    session: Session, actor: Actor | None, complaint_id: int, text: str, refund_fen: int = 0
) -> ProposalView:
    """Offer the customer a settlement of their complaint (see the module rules)."""
    admin = require_admin(session, actor, Permission.handle_complaints)
    complaint = session.get(Complaint, complaint_id) if isinstance(complaint_id, int) else None
    if complaint is None:
        raise DomainError("complaint.not_found")
    if complaint.status not in (*RUNNING, PAUSED):
        raise DomainError("mediation.complaint_closed")
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        raise DomainError("validation.required", field="field.proposal")
    if len(text) > TEXT_MAX:
        raise DomainError("validation.too_long", field="field.proposal", max=TEXT_MAX)
    order = session.get(Order, complaint.order_id)
    fen = _check_refund(session, order, refund_fen)
    old, now = complaint.status, utcnow()
    session.rollback()  # the conditional UPDATE is the transaction's first statement
    changed = session.execute(
        update(Complaint)
        .where(col(Complaint.id) == complaint.id, col(Complaint.status) == old)
        .values(status=PAUSED, paused_at=complaint.paused_at if old == PAUSED else now)
    )
    if changed.rowcount != 1:
        session.rollback()
        raise DomainError("complaint.already_handled")
    session.execute(
        update(MediationProposal)
        .where(
            col(MediationProposal.complaint_id) == complaint.id,
            col(MediationProposal.status) == "pending",
        )
        .values(status="withdrawn", answered_at=now)
    )
    proposal = MediationProposal(
        complaint_id=complaint.id,
        text=text,
        refund_fen=fen,
        proposed_by=admin.user_id,
        created_at=now,
    )
    session.add(proposal)
    session.add(
        OrderEvent(
            order_id=order.id,
            kind="complaint_awaiting_customer",
            actor_user_id=admin.user_id,
            at=now,
            details={"complaint_id": complaint.id, "refund_fen": fen},
        )
    )
    notify(session, complaint.customer_id, "notify.mediation_proposal", order.id, code=order.code)
    session.flush()
    audit.record(
        session,
        admin,
        "mediation.propose",
        "complaint",
        complaint.id,
        order=order.code,
        proposal=proposal.id,
        refund_fen=fen,
    )
    session.commit()
    return _view(proposal)


@dataclass(frozen=True)
class AnsweredProposal:
    proposal: ProposalView
    complaint_status: str
    refund_key: str | None


def answer(
    session: Session, actor: Actor | None, proposal_id: int, accept: bool
) -> AnsweredProposal:
    """The customer accepts or rejects a proposal about their complaint (module rules)."""
    actor = require_role(actor, Role.customer)
    proposal = session.get(MediationProposal, proposal_id) if isinstance(proposal_id, int) else None
    complaint = session.get(Complaint, proposal.complaint_id) if proposal else None
    if complaint is None or complaint.customer_id != actor.user_id:
        raise DomainError("mediation.proposal_not_found")
    if not isinstance(accept, bool):
        raise DomainError("mediation.proposal_not_found")
    if proposal.status != "pending":
        raise DomainError("mediation.already_answered")
    order = session.get(Order, complaint.order_id)
    outcome, now = ("accepted" if accept else "rejected"), utcnow()
    fen = proposal.refund_fen if accept else 0
    session.rollback()  # the conditional UPDATE is the transaction's first statement
    won = session.execute(
        update(MediationProposal)
        .where(col(MediationProposal.id) == proposal.id, col(MediationProposal.status) == "pending")
        .values(status=outcome, answered_at=now)
    )
    if won.rowcount != 1:
        session.rollback()
        raise DomainError("mediation.already_answered")
    sequence, key = None, None
    if fen:  # the order's money lock before the complaint's row, as the desk takes them
        ledger.lock_order_money(session, order.id)
        sequence = refunds.next_sequence(session, order.id)
        key = f"{order.code}-R{sequence}"
        session.execute(
            update(MediationProposal)
            .where(col(MediationProposal.id) == proposal.id)
            .values(refund_key=key)
        )
    complaint = session.get(Complaint, complaint.id, populate_existing=True)
    status = "resolved" if accept else "processing"
    moved = session.execute(
        update(Complaint)
        .where(col(Complaint.id) == complaint.id, col(Complaint.status) == PAUSED)
        .values(
            status=status,
            due_at=resumed_due(complaint, now),
            paused_at=None,
            resolution=proposal.text if accept else complaint.resolution,
            resolved_at=now if accept else None,
        )
    )
    if moved.rowcount != 1:  # the complaint was settled some other way meanwhile
        session.rollback()
        raise DomainError("complaint.already_handled")
    session.add(
        OrderEvent(
            order_id=order.id,
            kind=f"proposal_{outcome}",
            actor_user_id=actor.user_id,
            at=now,
            details={"complaint_id": complaint.id, "proposal_id": proposal.id, "refund_fen": fen},
        )
    )
    if not fen:
        session.commit()
        return AnsweredProposal(_view(_reread(session, proposal.id)), status, None)
    reason = proposal.text[: refunds.REASON_MAX]
    refund = refunds.create_refund(session, order.id, fen, reason, actor.user_id, sequence)
    refunds.submit_refund(session, refund.id)
    return AnsweredProposal(_view(_reread(session, proposal.id)), status, key)


def _reread(session: Session, proposal_id: int) -> MediationProposal:
    return session.get(MediationProposal, proposal_id, populate_existing=True)


def order_proposals(session: Session, actor: Actor | None, code: str) -> list[ProposalView]:
    """The proposals about the customer's own order's complaints, oldest first."""
    order = own_order(session, actor, code)
    rows = session.exec(
        select(MediationProposal)
        .join(Complaint, Complaint.id == MediationProposal.complaint_id)
        .where(Complaint.order_id == order.id, Complaint.customer_id == actor.user_id)
        .order_by(MediationProposal.created_at, MediationProposal.id)
    ).all()
    return [_view(p) for p in rows]


def mediation_board(
    session: Session, actor: Actor | None, complaint_ids: list[int]
) -> dict[int, MediationView]:
    """Deadlines and proposals of the given complaints, for the platform's desk."""
    require_admin(session, actor, Permission.handle_complaints)
    ids = [i for i in complaint_ids if isinstance(i, int)][:500]
    if not ids:
        return {}
    now = utcnow()
    complaints = session.exec(
        select(Complaint).where(col(Complaint.id).in_(ids)).order_by(Complaint.id)
    ).all()
    proposals: dict[int, list[ProposalView]] = {}
    for p in session.exec(
        select(MediationProposal)
        .where(col(MediationProposal.complaint_id).in_(ids))
        .order_by(MediationProposal.created_at, MediationProposal.id)
    ).all():
        proposals.setdefault(p.complaint_id, []).append(_view(p))
    return {
        c.id: MediationView(
            c.id, c.due_at, c.status == PAUSED, minutes_left(c, now), proposals.get(c.id, [])
        )
        for c in complaints
    }
