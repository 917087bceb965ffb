"""The technician's income statement, as the income page shows it."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState
from salon_app.components.format import day_label, local_datetime, money
from salon_app.core.services.ledger import income
from salon_app.i18n import t


class IncomeState(SessionState):
    today: str = ""
    month: str = ""
    total: str = ""
    rate: str = ""
    lines: list[dict[str, str]] = []
    days: list[dict[str, str]] = []
    months: list[dict[str, str]] = []

    @rx.event
    def load(self) -> list | None:
        statement, events = self._guarded(income.statement)
        if statement is not None:
            self.today, self.month = money(statement.today_fen), money(statement.month_fen)
            self.total = money(statement.total_fen)
            self.rate = t("income.rate", rate=statement.commission_rate_bp / 100)
            self.lines = [
                {
                    "code": line.order_code,
                    "when": local_datetime(line.at),
                    "price": money(line.price_fen),
                    "commission": money(line.commission_fen),
                    "share": money(line.share_fen),
                    "refund": t("income.refund") if line.refund else "",
                    "incentive": line.incentive,  # a shop's bonus: its rule's name, no order
                }
                for line in statement.lines
            ]
            self.days = [
                {"label": day_label(day), "amount": money(fen)} for day, fen in statement.by_day
            ]
            self.months = [
                {"label": month, "amount": money(fen)} for month, fen in statement.by_month
            ]
        return events
