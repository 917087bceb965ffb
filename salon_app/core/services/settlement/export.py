"""Settlement as an xlsx workbook (xlsxwriter): the payees of the period with their totals,
and every payee's lines, so finance can check each payable against its lines offline.

Money is written in yuan (fen / 100, two decimals); headers are catalogue keys put into words
by `text` (the page passes its `t`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import xlsxwriter
from sqlmodel import Session

from salon_app.core.event_loop import refuse_on_event_loop
from salon_app.core.services.access import Actor
from salon_app.core.services.settlement.statements import FIGURES, all_statements

Text = Callable[[str], str]
PAYEE_COLUMNS = ("payee", "kind", *FIGURES)
LINE_COLUMNS = ("payee", "at", "line", "order", "technician", "price", "commission", "payable",
                "incentive")  # fmt: skip


def export_xlsx(
    session: Session, actor: Actor | None, first: date, last: date, text: Text
) -> bytes:
    """The workbook of the range, with the same refusals as the page (view_settlement)."""
    rows, totals, lines = all_statements(session, actor, first, last)
    out = io.BytesIO()
    refuse_on_event_loop("xlsx export")
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#F2F2F2"})
    yuan = book.add_format({"num_format": "#,##0.00"})
    bold_yuan = book.add_format({"num_format": "#,##0.00", "bold": True})

    def cells(values: list[tuple[Any, Any]], ws: Any, r: int) -> None:
        for c, (value, style) in enumerate(values):
            ws.write(r, c, value, style)

    ws = book.add_worksheet(text("settlement.sheet.payees"))
    ws.write_row(0, 0, [f"{first.isoformat()} ~ {last.isoformat()}"], head)
    ws.write_row(1, 0, [text(f"settlement.col.{c}") for c in PAYEE_COLUMNS], head)
    for r, row in enumerate(rows, start=2):
        cells(
            [(row.name, None), (text(f"settlement.kind.{row.kind}"), None), (row.orders, None)]
            + [(getattr(row, k) / 100, yuan) for k in FIGURES[1:]],
            ws,
            r,
        )
    cells(
        [(text("settlement.total"), head), ("", None), (totals.orders, None)]
        + [(getattr(totals, k) / 100, bold_yuan) for k in FIGURES[1:]],
        ws,
        len(rows) + 2,
    )
    ws.set_column(0, len(PAYEE_COLUMNS) - 1, 14)
    ws = book.add_worksheet(text("settlement.sheet.lines"))
    ws.write_row(0, 0, [text(f"settlement.col.{c}") for c in LINE_COLUMNS], head)
    r = 1
    for row in rows:
        for line in lines.get(row.payee, []):
            cells(
                [(row.name, None), (line.at.strftime("%Y-%m-%d %H:%M"), None),
                 (text(f"settlement.line.{line.kind}"), None), (line.order_code, None),
                 (line.technician, None), (line.price_fen / 100, yuan),
                 (line.commission_fen / 100, yuan), (line.payable_fen / 100, yuan),
                 (line.incentive_fen / 100, yuan)],
                ws,
                r,
            )  # fmt: skip
            r += 1
    ws.set_column(0, len(LINE_COLUMNS) - 1, 14)
    book.close()
    return out.getvalue()
