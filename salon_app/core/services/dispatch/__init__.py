"""Who serves a paid order: offers to the best free technician, then the next on rejection or
timeout (offers.py); the score that orders them (scoring.py: the one rule) and the fast search
that applies it (ranking.py, over search.py, candidates.py, grid.py, index.py, loads.py); an
admin moving an order to someone else (moves.py) and the platform's dispatch view (board.py).
"""

from __future__ import annotations

from salon_app.core.services.dispatch import board
from salon_app.core.services.dispatch.offers import (
    accept,
    assign,
    expire_offers,
    hand_over,
    job_of,
    record_ranking,
    reject,
    start,
)
from salon_app.core.services.dispatch.ranking import rank_candidates
from salon_app.core.services.dispatch.scoring import Candidate, Job

__all__ = [
    "Candidate",
    "Job",
    "accept",
    "assign",
    "board",
    "expire_offers",
    "hand_over",
    "job_of",
    "rank_candidates",
    "record_ranking",
    "reject",
    "start",
]
