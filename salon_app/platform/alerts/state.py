"""The alert queue (/admin/alerts): a live table with filters, one alert opened with its notes
and the actions on it. What anyone may see or do is decided by services/alerts from the
session; the browser only sends filters, an alert id, texts, a technician id and an amount."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text, in_worker_thread
from salon_app.components import live
from salon_app.components.browser_input import row_id, small_number
from salon_app.components.data_table import TableMixin
from salon_app.components.format import local_datetime, money
from salon_app.core import live_feed
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import alerts
from salon_app.core.services.dispatch import board as dispatch_board
from salon_app.core.services.feedback.desk import refund_fen_from_yuan
from salon_app.i18n import t
from salon_app.platform.dispatch.state import _candidates as candidate_rows

RULES = list(alerts.RULES)


def what_happened(a: alerts.AlertRow) -> str:
    """The alert's situation in words, with the figures it was raised with."""
    params = {k: v for k, v in a.details.items() if isinstance(v, int | str)}
    if a.rule == "payment_mismatch":
        params["reason"] = t(f"alert.mismatch.{a.details.get('reason', 'amount_mismatch')}")
    if a.rule == "sos":
        params["who"] = t(f"safety.who.{a.details.get('who', 'customer')}")
    if a.rule == "not_departed" and isinstance(params.get("minutes"), int):
        params["minutes"] = max(params["minutes"], 0)
    return t(f"alert.what.{a.rule}", **params)


def _handled(a: alerts.AlertRow) -> str:
    if a.status == "resolved" and a.resolved_at:
        return t("alert.resolved_by", name=a.resolved_by, at=local_datetime(a.resolved_at))
    if a.acknowledged_at:
        return t(
            "alert.acknowledged_by", name=a.acknowledged_by, at=local_datetime(a.acknowledged_at)
        )
    return ""


def alert_row(a: alerts.AlertRow) -> dict[str, str]:
    return {
        "id": str(a.id),
        "rule": t(f"alert.rule.{a.rule}"),
        "what": what_happened(a),
        "order": a.order_code or "-",
        "shop": a.shop_name or "-",
        "technician": a.technician_name or "-",
        "since": local_datetime(a.since),
        "raised": local_datetime(a.raised_at),
        "status": t(f"alert.status.{a.status}"),
        "status_key": a.status,
        "handled": _handled(a),
        "resolution": a.resolution,
        "starts": local_datetime(a.order_starts_at) if a.order_starts_at else "",
    }


def _note_row(n: alerts.NoteView) -> dict[str, str]:
    text = n.text
    if n.kind == "call_requested":
        text = t(f"alert.party.{n.text}") if n.text in alerts.actions.PARTIES else n.text
    return {
        "kind": t(f"alert.note.{n.kind}"),
        "text": text,
        "author": n.author,
        "at": local_datetime(n.at),
    }


class AlertsState(live.LivePage, TableMixin, SessionState):
    rows: list[dict[str, str]] = []
    rule_filter: str = ""
    status_filter: str = ""
    shop_filter: str = ""
    shop_options: list[list[str]] = []  # [id, name]
    counts: dict[str, str] = {}
    chart: list[dict[str, str | int]] = []
    opened: dict[str, str] = {}  # the alert opened below the table; {} when none
    notes: list[dict[str, str]] = []
    candidates: list[dict[str, str]] = []
    reassign_note: str = ""  # why the order cannot move now, when it cannot

    @rx.var
    def can_refund(self) -> bool:
        return "issue_refunds" in self.admin_rights

    @rx.var
    def can_handle(self) -> bool:
        return "handle_alerts" in self.admin_rights

    @rx.event
    def load(self) -> list | None:
        self.opened, self.notes, self.candidates, self.reassign_note = {}, [], [], ""
        return self._reload()

    def _watched(self) -> live.Watched:
        """New alerts and every change to one appear without reload."""
        return live.Watched(
            routes.ADMIN_ALERTS, alerts.queue_version, lambda s, a: [live_feed.ALERTS]
        )

    def _reload(self) -> list | None:
        events = self._load_table()
        if self.opened and not self.access_error:
            self._show_opened(row_id(self.opened.get("id")))
        return events

    def _load_table(self) -> list | None:
        query = alerts.table_query(
            self.table_search, self.table_sort, self.table_descending, self.table_page
        )
        wanted = alerts.AlertFilter(
            self.rule_filter, self.status_filter, small_number(self.shop_filter)
        )
        found, events = self._guarded(
            lambda s, a: (
                alerts.alert_queue(s, a, query, wanted),
                alerts.alert_shops(s, a),
                alerts.alert_summary(s, a),
            )
        )
        if found is not None:
            page, shops, summary = found
            self.rows = [alert_row(r) for r in page.rows]
            self._show_page(page)
            self.shop_options = [[str(i), name] for i, name in shops]
            self.counts = {k: str(v) for k, v in summary.by_status.items()}
            self.chart = [
                {"rule": t(f"alert.rule.{rule}"), "open": n_open, "acknowledged": n_ack}
                for rule, n_open, n_ack in summary.by_rule
            ]
        return events

    @rx.event
    def filter_rule(self, rule: str) -> list | None:
        self.rule_filter = rule if rule in RULES else ""
        self.table_page = 1
        return self._load_table()

    @rx.event
    def filter_status(self, status: str) -> list | None:
        self.status_filter = status if status in alerts.STATUSES else ""
        self.table_page = 1
        return self._load_table()

    @rx.event
    def filter_shop(self, shop_id: str) -> list | None:
        number = small_number(shop_id)
        self.shop_filter = str(number) if number else ""
        self.table_page = 1
        return self._load_table()

    def _show_opened(self, alert_id: int) -> DomainError | None:
        try:
            with session_scope() as session:
                actor = self._actor(session)
                detail = alerts.alert_detail(session, actor, alert_id)
                moving = self._candidates(session, actor, detail)
        except DomainError as err:
            self.opened, self.notes, self.candidates = {}, [], []
            return err
        self.opened = {
            **alert_row(detail.alert),
            "has_order": "1" if detail.order_id is not None else "",
            "refundable": money(detail.refundable_fen),
            "sequence": str(detail.refund_count + 1),
        }
        self.notes = [_note_row(n) for n in detail.notes]
        self.candidates, self.reassign_note = moving
        return None

    @staticmethod
    def _candidates(session, actor, detail: alerts.AlertDetail):  # noqa: ANN001, ANN205
        """The order's candidates as the dispatch page ranks them, or why it cannot move."""
        if not detail.alert.order_code or detail.alert.status == "resolved":
            return [], ""
        try:
            found = dispatch_board.order_for_reassignment(session, actor, detail.alert.order_code)
        except DomainError as err:
            return [], error_text(err)
        return candidate_rows(found), ""

    @rx.event
    def open_alert(self, alert_id: str) -> list | None:
        refusal = self._show_opened(row_id(alert_id))
        return [rx.toast.error(error_text(refusal), id="error-toast")] if refusal else None

    @rx.event
    def close_alert(self) -> None:
        self.opened, self.notes, self.candidates, self.reassign_note = {}, [], [], ""

    def _opened_id(self) -> int:
        return row_id(self.opened.get("id"))

    @rx.event
    def acknowledge(self, alert_id: str) -> list:
        wanted = row_id(alert_id)
        return self._run(
            lambda s, a: alerts.actions.acknowledge(s, a, wanted),
            "alert.acknowledged",
            self._reload,
        )

    @rx.event
    def add_note(self, form: dict) -> list:
        wanted, text = self._opened_id(), str(form.get("text", ""))
        return self._run(
            lambda s, a: alerts.actions.add_note(s, a, wanted, text), "alert.noted", self._reload
        )

    @rx.event
    def resolve(self, form: dict) -> list:
        wanted, text = self._opened_id(), str(form.get("resolution", ""))
        return self._run(
            lambda s, a: alerts.actions.resolve(s, a, wanted, text), "alert.resolved", self._reload
        )

    @rx.event
    def request_call(self, party: str) -> list:
        wanted, who = self._opened_id(), str(party)
        return self._run(
            lambda s, a: alerts.actions.request_call(s, a, wanted, who),
            "alert.call_recorded",
            self._reload,
        )

    @rx.event
    def reassign(self, technician_id: str) -> list:
        wanted, tech_id = self._opened_id(), row_id(technician_id)
        return self._run(
            lambda s, a: alerts.actions.reassign(s, a, wanted, tech_id),
            "alert.reassigned",
            self._reload,
        )

    @rx.event
    @in_worker_thread
    def refund(self, form: dict) -> list:
        wanted, reason = self._opened_id(), str(form.get("reason", ""))
        sequence = small_number(form.get("sequence"))

        def act(session, actor) -> None:  # noqa: ANN001
            fen = refund_fen_from_yuan(form.get("amount", ""))
            alerts.actions.refund(session, actor, wanted, fen, reason, sequence)

        return self._run(act, "alert.refunded", self._reload)
