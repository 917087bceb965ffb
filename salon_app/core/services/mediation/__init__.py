"""Complaint mediation: deadlines (paused while waiting for the customer), proposals and
decisions; a decision with money refunds through the ledger exactly once.
"""

__all__: list[str] = []
