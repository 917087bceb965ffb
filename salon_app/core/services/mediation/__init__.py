"""Complaint mediation: deadlines (deadlines.py: set when a complaint is opened, paused while
waiting for the customer), proposals and the customer's decision (proposals.py); a decision
with money refunds through payments.refunds and the ledger exactly once.
"""

from __future__ import annotations

from salon_app.core.services.mediation.deadlines import (
    OverdueComplaint,
    due_for,
    is_overdue,
    minutes_left,
    overdue_complaints,
)
from salon_app.core.services.mediation.proposals import (
    AnsweredProposal,
    MediationView,
    ProposalView,
    answer,
    mediation_board,
    order_proposals,
    propose,
)

__all__ = [
    "AnsweredProposal",
    "MediationView",
    "OverdueComplaint",
    "ProposalView",
    "answer",
    "due_for",
    "is_overdue",
    "mediation_board",
    "minutes_left",
    "order_proposals",
    "overdue_complaints",
    "propose",
]
