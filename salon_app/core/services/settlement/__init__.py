"""Period statements per shop and per independent technician (orders, refunds,
commission, incentives, payable), reconciled with the ledger to the fen, and their export.

Owns: the periods (periods.py: a month, or any range up to MAX_DAYS), the figures read from
the ledger (figures.py: who the payee of a row is, and the sums), the frozen monthly
statements and finance's views of them (statements.py), and the xlsx (export.py).
"""

from salon_app.core.services.settlement.export import export_xlsx
from salon_app.core.services.settlement.figures import Line, PayeeFigures, payee_figures
from salon_app.core.services.settlement.periods import MAX_DAYS, Span, month_span, span
from salon_app.core.services.settlement.statements import (
    SORTS,
    PayeeRow,
    PayeeStatement,
    SettlementView,
    issue_statements,
    payee_statement,
    settlement_period,
)

__all__ = [
    "MAX_DAYS",
    "SORTS",
    "Line",
    "PayeeFigures",
    "PayeeRow",
    "PayeeStatement",
    "SettlementView",
    "Span",
    "export_xlsx",
    "issue_statements",
    "month_span",
    "payee_figures",
    "payee_statement",
    "settlement_period",
    "span",
]
