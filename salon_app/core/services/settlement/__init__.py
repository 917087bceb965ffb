"""Period statements per shop and per independent technician (orders, refunds,
commission, incentives, payable), reconciled with the ledger to the fen, and their export.
"""

__all__: list[str] = []
