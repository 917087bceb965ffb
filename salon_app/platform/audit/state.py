"""The audit log (/admin/audit): filters, a date range, one page of entries, the xlsx export.

What the table shows is the last search the service accepted; a refused filter (a malformed
phone, a bad range) is said under the form and the rows stay. The export repeats that search
(all pages) off the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import reflex as rx
from sqlmodel import Session

from salon_app.auth.session_state import SessionState, error_text, error_toast, in_worker_thread
from salon_app.components.browser_input import small_number
from salon_app.components.data_table import TableMixin
from salon_app.components.date_range import DateRangeMixin
from salon_app.components.format import local_datetime
from salon_app.core.errors import DomainError
from salon_app.core.paging import Page
from salon_app.core.services import users
from salon_app.core.services.access import Actor
from salon_app.i18n import t
from salon_app.platform.calls import as_operator, refusal_or

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILTERS = ("actor", "action", "target_type", "target_id")


def _row(r: users.AuditRow) -> dict[str, str]:
    return {
        "id": str(r.id),
        "at": local_datetime(r.at),
        "actor": r.actor_name or t("audit.system"),
        "action": users.action_label(r.action, t),
        "code": r.action,
        "target": users.target_text(r),
        "details": users.details_text(r.details, t),
    }


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


class AuditState(DateRangeMixin, TableMixin, SessionState):
    rows: list[dict[str, str]] = []
    filter_actor: str = ""
    filter_action: str = ""
    filter_target_type: str = ""
    filter_target_id: str = ""
    filter_error: str = ""
    exporting: bool = False
    _shown: tuple = ()  # the AuditFilters of the rows on screen (what the export repeats)

    @rx.event
    @in_worker_thread
    def load(self) -> list | None:
        self._default_range(30)
        self.filter_error = ""
        return self._load_table()

    def _load_range(self) -> list | None:
        self.table_page = 1
        return self._load_table()

    def _asked(self) -> users.AuditFilters | DomainError:
        """The filters on the form, or why they cannot be searched."""
        target = self.filter_target_id.strip()
        target_id = small_number(target) if target else None
        if target and target_id is None:
            return DomainError("audit.target_id_invalid")
        first, last = _day(self.range_from), _day(self.range_to)
        if (self.range_from and first is None) or (self.range_to and last is None):
            return DomainError("audit.range_invalid")
        return users.AuditFilters(
            self.filter_actor, self.filter_action, self.filter_target_type, target_id, first, last
        )

    def _query(self) -> Any:
        return users.audit_query(self.table_sort, self.table_descending, self.table_page)

    def _load_table(self) -> list | None:
        asked = self._asked()
        if isinstance(asked, DomainError):
            self.filter_error = error_text(asked)
            return None
        query = self._query()

        def find(session: Session, actor: Actor) -> Page[users.AuditRow] | DomainError:
            return refusal_or(users.search_audit, session, actor, asked, query)

        found, events = self._guarded(find)
        if isinstance(found, DomainError):
            self.filter_error = error_text(found)
        elif found is not None:
            self.filter_error = ""
            self._shown = tuple(vars(asked).values())
            self.rows = [_row(r) for r in found.rows]
            self._show_page(found)
        return events

    @rx.event
    def set_filter(self, name: str, value: str) -> None:
        if name in FILTERS:
            setattr(self, f"filter_{name}", value[:60] if isinstance(value, str) else "")

    @rx.event
    def apply_filters(self, form: dict) -> list | None:
        for name in FILTERS:
            value = form.get(name, "")
            setattr(self, f"filter_{name}", value[:60] if isinstance(value, str) else "")
        self.table_page = 1
        return self._load_table()

    @rx.event
    def clear_filters(self) -> list | None:
        self.filter_actor = self.filter_action = ""
        self.filter_target_type = self.filter_target_id = ""
        self.table_page = 1
        return self._load_table()

    @rx.event
    async def export(self) -> AsyncIterator[rx.event.EventSpec | None]:
        """The rows of the search on screen, every page, as an xlsx download."""
        if not self._shown:
            return
        filters, query, token = users.AuditFilters(*self._shown), self._query(), self.auth_token
        self.exporting = True
        yield None
        try:
            data = await asyncio.to_thread(
                as_operator,
                token,
                lambda s, a: users.export_audit_xlsx(s, a, filters, query, t),
            )
        except DomainError as err:
            self.exporting = False
            yield error_toast(err)
            return
        self.exporting = False
        yield rx.download(data=data, filename="audit-log.xlsx", mime_type=XLSX)
