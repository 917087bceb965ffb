"""Abnormal-order monitoring: the rules the background job evaluates (rules.py), raising each
alert once per (rule, subject) (raising.py), the alert queue (queue.py) and what operators do
with an alert: acknowledge, note, call, re-assign, refund, resolve (actions.py).
"""

from __future__ import annotations

from salon_app.core.services.alerts import actions
from salon_app.core.services.alerts.queue import (
    STATUSES,
    AlertDetail,
    AlertFilter,
    AlertRow,
    AlertSummary,
    NoteView,
    alert_detail,
    alert_queue,
    alert_shops,
    alert_summary,
    queue_version,
    require_viewer,
    table_query,
)
from salon_app.core.services.alerts.raising import ScanReport, raise_alert, scan
from salon_app.core.services.alerts.rules import RULES, Finding, sos_finding

__all__ = [
    "RULES",
    "STATUSES",
    "AlertDetail",
    "AlertFilter",
    "AlertRow",
    "AlertSummary",
    "Finding",
    "NoteView",
    "ScanReport",
    "actions",
    "alert_detail",
    "alert_queue",
    "alert_shops",
    "alert_summary",
    "queue_version",
    "raise_alert",
    "require_viewer",
    "scan",
    "sos_finding",
    "table_query",
]
