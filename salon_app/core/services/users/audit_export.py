"""The audit log in words: action names and details as people read them, on the page and in
its xlsx export (xlsxwriter).

An action is named through the catalogue (audit.action.<action>) where it is known and shown
raw otherwise, so an action added later is never hidden; details are "name: value" pairs, the
names through audit.detail.<key> where known. `text` is the page's catalogue lookup (`t`),
which returns the key itself for an unknown key.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import xlsxwriter
from sqlmodel import Session

from salon_app.core.event_loop import refuse_on_event_loop
from salon_app.core.paging import TableQuery
from salon_app.core.services.access import Actor
from salon_app.core.services.users.audit_log import AuditFilters, AuditRow, audit_rows_for_export
from salon_app.core.settings import get_settings

Text = Callable[[str], str]
DETAIL_MAX = 300


def action_label(action: str, text: Text) -> str:
    key = f"audit.action.{action}"
    label = text(key)
    return action if label == key else label


def _value(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "、".join(_value(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def details_text(details: dict, text: Text) -> str:
    """The details as "name: value · name: value", sorted by key, cut at DETAIL_MAX."""
    parts = []
    for key in sorted(details):
        name_key = f"audit.detail.{key}"
        name = text(name_key)
        parts.append(f"{key if name == name_key else name}: {_value(details[key])}")
    joined = " · ".join(parts)
    return joined if len(joined) <= DETAIL_MAX else joined[: DETAIL_MAX - 1] + "…"


def target_text(row: AuditRow) -> str:
    if not row.target_type:
        return ""
    return row.target_type + (f" #{row.target_id}" if row.target_id is not None else "")


def export_audit_xlsx(
    session: Session, actor: Actor | None, filters: AuditFilters, query: TableQuery, text: Text
) -> bytes:
    """The entries search_audit finds for the same filters, all pages, in the table's order,
    as an xlsx file (same refusals; slow on a wide filter: call it off the event loop)."""
    rows = audit_rows_for_export(session, actor, filters, query)
    return workbook_bytes(rows, text, get_settings().timezone)


def workbook_bytes(rows: Sequence[AuditRow], text: Text, zone: str) -> bytes:
    """One sheet: time (local), actor, action, target, details; headers through `text`."""
    out = io.BytesIO()
    refuse_on_event_loop("xlsx export")
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#F2F2F2"})
    sheet = book.add_worksheet(text("audit.sheet"))
    headers = ["audit.col.at", "audit.col.actor", "audit.col.action", "audit.col.code",
               "audit.col.target", "audit.col.details"]  # fmt: skip
    sheet.write_row(0, 0, [text(h) for h in headers], head)
    tz = ZoneInfo(zone)
    for r, row in enumerate(rows, start=1):
        sheet.write_row(
            r,
            0,
            [
                _local(row.at, tz),
                row.actor_name or text("audit.system"),
                action_label(row.action, text),
                row.action,
                target_text(row),
                details_text(row.details, text),
            ],
        )
    for c, width in enumerate((19, 14, 18, 24, 16, 60)):
        sheet.set_column(c, c, width)
    book.close()
    return out.getvalue()


def _local(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")
