"""结算对账 for finance (view_settlement): a month (frozen once issued) or any range, every
payee with its figures and the totals, one payee's lines, and the xlsx. Services run off the
event loop (the ledger rows of a period are read and summed there)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date, timedelta
from functools import partial
from typing import Any

import reflex as rx

from salon_app.auth.session_state import SessionState, error_toast
from salon_app.components.data_table import TableMixin
from salon_app.components.date_range import DateRangeMixin
from salon_app.components.format import local_datetime, money
from salon_app.core.clock import local_today
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import auth, settlement
from salon_app.i18n import t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONTHS_LISTED = 12
MONEY = ("gross_fen", "refunds_fen", "commission_fen", "incentives_fen", "payable_fen")


def _as(token: str, work: Any, *args: Any) -> Any:
    """Run a settlement service as the token's user in a session of its own (a thread)."""
    with session_scope() as session:
        return work(session, auth.resolve(session, token), *args)


def _shown(r: settlement.PayeeRow) -> dict[str, str]:
    return {
        "payee": r.payee,
        "name": r.name,
        "kind": t(f"settlement.kind.{r.kind}") if r.kind else "",
        "orders": str(r.orders),
        **{k.removesuffix("_fen"): money(getattr(r, k)) for k in MONEY},
    }


def _line(line: settlement.Line) -> dict[str, str]:
    return {
        "at": local_datetime(line.at),
        "kind": t(f"settlement.line.{line.kind}"),
        "order": line.order_code,
        "technician": line.technician,
        "price": money(line.price_fen),
        "commission": money(line.commission_fen),
        "payable": money(line.payable_fen),
        "incentive": money(line.incentive_fen) if line.incentive_fen else "",
    }


def months(today: date) -> list[str]:
    """The last MONTHS_LISTED months, the current one first ("2026-12", "2026-11", ...)."""
    out, day = [], today.replace(day=1)
    for _ in range(MONTHS_LISTED):
        out.append(f"{day:%Y-%m}")
        day = (day - timedelta(days=1)).replace(day=1)
    return out


class SettlementState(DateRangeMixin, TableMixin, SessionState):
    month_choices: list[str] = []
    month: str = ""  # the month on screen, "" for another range
    frozen_text: str = ""  # issued … / provisional
    frozen: bool = False
    totals: dict[str, str] = {}
    payees: list[dict[str, str]] = []
    top: list[dict[str, Any]] = []
    loading: bool = False
    exporting: bool = False
    detail_payee: str = ""
    detail: dict[str, str] = {}
    lines: list[dict[str, str]] = []
    _shown_range: tuple[str, str] = ("", "")

    @rx.event
    def load(self) -> rx.event.EventSpec:
        self.month_choices = months(local_today())
        if not self.range_from:
            self.month = self.month_choices[1]  # the last finished month: what is settled
            self._month_range(self.month)
        return SettlementState.refresh

    def _month_range(self, month: str) -> None:
        span = settlement.month_span(month)
        self.range_from, self.range_to = span.first.isoformat(), span.last.isoformat()

    def _load_range(self) -> list | None:
        self.month = ""
        return [SettlementState.refresh]

    def _load_table(self) -> list | None:
        return [SettlementState.refresh]

    @rx.event
    def choose_month(self, month: str) -> list | None:
        if month not in self.month_choices:
            return None
        self.month = month
        self._month_range(month)
        self.table_page = 1
        return [SettlementState.refresh]

    def _asked(self) -> tuple[date, date] | None:
        try:
            return date.fromisoformat(self.range_from), date.fromisoformat(self.range_to)
        except ValueError:
            return None

    def _restore(self) -> None:
        if self._shown_range[0]:
            self.range_from, self.range_to = self._shown_range

    @rx.event
    async def refresh(self) -> AsyncIterator[rx.event.EventSpec | None]:
        asked = self._asked()
        if asked is None:
            self._restore()
            yield rx.toast.error(t("settlement.range_invalid"), id="error-toast")
            return
        query = self._table_query(settlement.SORTS, "payable", True)
        self.loading = True
        yield None
        view, events = await self._guarded_in_thread(
            partial(_as, self.auth_token, settlement.settlement_period, *asked, query),
            self._restore,
        )
        self.loading = False
        for event in events:
            yield event
        if view is not None:
            self._show(view)

    def _show(self, view: settlement.SettlementView) -> None:
        self._shown_range = (view.first.isoformat(), view.last.isoformat())
        self.range_from, self.range_to = self._shown_range
        if view.frozen_at is not None:
            self.frozen_text = t("settlement.frozen", at=local_datetime(view.frozen_at))
        else:
            self.frozen_text = t("settlement.provisional")
        self.frozen = view.frozen_at is not None
        self.totals = {**_shown(view.totals), "payees": str(view.payees)}
        self.payees = [_shown(r) for r in view.page.rows]
        self.top = [{"name": r.name, "payable": r.payable_fen / 100} for r in view.top]
        self._show_page(view.page)
        if self.detail_payee:
            self.detail_payee, self.detail, self.lines = "", {}, []

    @rx.event
    async def open_payee(self, payee: str) -> AsyncIterator[rx.event.EventSpec | None]:
        """One payee's statement of the range on screen, with its lines."""
        first, last = self._shown_range
        if not first or not isinstance(payee, str) or len(payee) > 40:
            return
        try:
            found = await asyncio.to_thread(
                _as, self.auth_token, settlement.payee_statement, payee,
                date.fromisoformat(first), date.fromisoformat(last),
            )  # fmt: skip
        except DomainError as err:
            yield error_toast(err)
            return
        self.detail_payee = payee
        self.detail = _shown(found.row)
        self.lines = [_line(line) for line in found.lines]

    @rx.event
    def close_payee(self) -> None:
        self.detail_payee, self.detail, self.lines = "", {}, []

    @rx.event
    async def export(self) -> AsyncIterator[rx.event.EventSpec | None]:
        """The range on screen as an xlsx (payees and every line)."""
        first, last = self._shown_range
        if not first:
            return
        self.exporting = True
        yield None
        try:
            data = await asyncio.to_thread(
                _as, self.auth_token, _export, date.fromisoformat(first),
                date.fromisoformat(last),
            )  # fmt: skip
        except DomainError as err:
            self.exporting = False
            yield error_toast(err)
            return
        self.exporting = False
        yield rx.download(data=data, filename=f"settlement-{first}-{last}.xlsx", mime_type=XLSX)


def _export(session: Any, actor: Any, first: date, last: date) -> bytes:
    return settlement.export_xlsx(session, actor, first, last, text=t)
