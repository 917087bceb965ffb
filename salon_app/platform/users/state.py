"""User management (/admin/users): the filter form and one page of the user table.

A refused filter (a malformed phone, an unknown role) is said under the form, which keeps what
was typed to be corrected, and the table keeps what it showed; the service checks every filter
again (the browser may send anything).
"""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text, in_worker_thread
from salon_app.components.data_table import TableMixin
from salon_app.components.format import local_datetime
from salon_app.core.errors import DomainError
from salon_app.core.paging import Page
from salon_app.core.services import users
from salon_app.core.services.access import Actor
from salon_app.i18n import t
from salon_app.platform.calls import refusal_or


def role_text(role: str, admin_role: str | None) -> str:
    """用户 / 技师 / 商家, or the operator's sub-role (超级管理员, 客服...)."""
    if admin_role:
        return t(f"admin.sub_role.{admin_role}")
    return t(f"admin.role_{role}")


def _row(r: users.UserRow) -> dict[str, str]:
    return {
        "id": str(r.id),
        "name": r.display_name,
        "phone": r.phone_masked,
        "role": role_text(r.role, r.admin_role),
        "status": t("users.status.active" if r.is_active else "users.status.disabled"),
        "active": "1" if r.is_active else "",
        "created_at": local_datetime(r.created_at),
        "last_login_at": local_datetime(r.last_login_at) if r.last_login_at else t("users.never"),
        "href": routes.admin_user(r.id),
    }


def _text(form: dict, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


class UsersState(TableMixin, SessionState):
    rows: list[dict[str, str]] = []
    filter_phone: str = ""
    filter_name: str = ""
    filter_role: str = ""
    filter_status: str = ""
    filter_error: str = ""
    # The filters of the rows on screen (a refused search leaves them, and the rows, as they were)
    _shown: tuple[str, str, str, str] = ("", "", "", "")

    @rx.event
    @in_worker_thread
    def load(self) -> list | None:
        self.filter_error = ""
        return self._load_table()

    def _load_table(self) -> list | None:
        return self._search(users.UserFilters(*self._shown))

    def _search(self, filters: users.UserFilters) -> list | None:
        query = users.user_query(
            self.table_search, self.table_sort, self.table_descending, self.table_page
        )

        def find(session: Session, actor: Actor) -> Page[users.UserRow] | DomainError:
            return refusal_or(users.search_users, session, actor, filters, query)

        found, events = self._guarded(find)
        if isinstance(found, DomainError):  # a refused filter: the table stays as it was
            self.filter_error = error_text(found)
        elif found is not None:
            self.filter_error = ""
            self._shown = (filters.phone, filters.name, filters.role, filters.status)
            self.rows = [_row(r) for r in found.rows]
            self._show_page(found)
        return events

    @rx.event
    def apply_filters(self, form: dict) -> list | None:
        self.filter_phone, self.filter_name = _text(form, "phone"), _text(form, "name")
        self.filter_role, self.filter_status = _text(form, "role"), _text(form, "status")
        self.table_page = 1
        wanted = users.UserFilters(
            self.filter_phone, self.filter_name, self.filter_role, self.filter_status
        )
        return self._search(wanted)

    @rx.event
    def set_filter(self, name: str, value: str) -> None:
        """What the operator types or picks, kept until the form is sent."""
        text = value[:50] if isinstance(value, str) else ""
        if name in ("phone", "name", "role", "status"):
            setattr(self, f"filter_{name}", text)

    @rx.event
    def clear_filters(self) -> list | None:
        self.table_page = 1
        self.filter_phone = self.filter_name = self.filter_role = self.filter_status = ""
        return self._search(users.UserFilters())
