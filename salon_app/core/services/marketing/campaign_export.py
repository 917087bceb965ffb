"""A campaign's evaluation as an xlsx workbook (xlsxwriter): what the detail page shows.

Sheets: the evaluation (treated and holdout side by side, then extra GMV, cost, ROI and its
95% interval), and the live figures by day. Money in yuan (fen / 100), rates as percentages;
headers are catalogue keys put into words by `text` (the page passes its `t`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import xlsxwriter

from salon_app.core.event_loop import refuse_on_event_loop
from salon_app.core.services.access import Actor
from salon_app.core.services.marketing.campaigns import campaign_report

Text = Callable[..., str]


def _yuan(fen: float) -> float:
    return round(fen / 100, 2)


def export_campaign_xlsx(session: Any, actor: Actor | None, campaign_id: int, text: Text) -> bytes:
    """The xlsx of campaign_report(...) with the same refusals."""
    report = campaign_report(session, actor, campaign_id)
    ev, live = report.evaluation, report.live
    out = io.BytesIO()
    refuse_on_event_loop("xlsx export")
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#F2F2F2"})
    yuan = book.add_format({"num_format": "#,##0.00"})
    pct = book.add_format({"num_format": "0.0%"})

    ws = book.add_worksheet(text("campaign.sheet.evaluation"))
    ws.write_row(0, 0, [report.plan.name])
    ws.write_row(
        1, 0,
        [text(k) for k in ("campaign.col.group", "campaign.col.members", "campaign.col.converted",
                           "campaign.col.conversion", "campaign.col.gmv",
                           "campaign.col.gmv_per_member")],
        head,
    )  # fmt: skip
    for r, (key, g) in enumerate(
        (("campaign.group.treated", ev.treated), ("campaign.group.holdout", ev.holdout)), start=2
    ):
        ws.write(r, 0, text(key))
        ws.write(r, 1, g.members)
        ws.write(r, 2, g.converted)
        ws.write(r, 3, g.conversion, pct)
        ws.write(r, 4, _yuan(g.gmv_fen), yuan)
        ws.write(r, 5, _yuan(g.gmv_per_member), yuan)
    summary = [
        ("campaign.extra_gmv", _yuan(ev.extra_gmv_fen), yuan),
        ("campaign.cost", _yuan(ev.cost_fen), yuan),
        ("campaign.roi", ev.roi, pct),
        ("campaign.roi_low", ev.roi_low, pct),
        ("campaign.roi_high", ev.roi_high, pct),
    ]
    for r, (key, value, style) in enumerate(summary, start=5):
        ws.write(r, 0, text(key), head)
        if value is None:
            ws.write(r, 1, "-")
        else:
            ws.write(r, 1, value, style)
    ws.set_column(0, 5, 16)

    days = book.add_worksheet(text("campaign.sheet.daily"))
    days.write_row(
        0, 0,
        [text(k) for k in ("campaign.col.day", "campaign.orders", "campaign.gmv",
                           "campaign.redeemed", "campaign.cost")],
        head,
    )  # fmt: skip
    for r, d in enumerate(live.days, start=1):
        days.write(r, 0, d.day.isoformat())
        days.write(r, 1, d.orders)
        days.write(r, 2, _yuan(d.gmv_fen), yuan)
        days.write(r, 3, d.redeemed)
        days.write(r, 4, _yuan(d.cost_fen), yuan)
    days.set_column(0, 4, 14)
    book.close()
    return out.getvalue()
