"""/admin/staff: operators as a table (search by name or whole phone, sort, pages), adding one
(the generated initial password is shown once), changing a sub-role, disabling and enabling.
Only a super admin gets here (Permission.manage_staff); the services check it on every call."""

from __future__ import annotations

import asyncio

import reflex as rx

from salon_app.auth.session_state import SessionState, error_text
from salon_app.components.browser_input import row_id
from salon_app.components.data_table import TableMixin
from salon_app.components.format import local_datetime
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.models import AdminRole
from salon_app.core.services import staff
from salon_app.i18n import t

ROLES = [r.value for r in AdminRole]


def _row(o: staff.OperatorRow) -> dict[str, str]:
    return {
        "id": str(o.user_id),
        "name": o.display_name + (t("operators.me") if o.is_me else ""),
        "phone": o.phone_masked,
        "role": o.admin_role,
        "active": "1" if o.is_active else "",
        "status": t("operators.active" if o.is_active else "operators.disabled"),
        "last_login": local_datetime(o.last_login_at) if o.last_login_at else t("operators.never"),
        "me": "1" if o.is_me else "",
    }


class OperatorsState(TableMixin, SessionState):
    rows: list[dict[str, str]] = []
    create_error: str = ""
    # A generated initial password, shown once to the super admin who created the account
    # (forgotten when they hide it or leave the page).
    new_password: str = ""
    new_password_for: str = ""

    @rx.event
    def load(self) -> list | None:
        self.create_error = self.new_password = self.new_password_for = ""
        return self._load_table()

    def _load_table(self) -> list | None:
        query = self._table_query(staff.SORTABLE, "created")
        found, events = self._guarded(lambda s, a: staff.list_operators(s, a, query))
        if found is not None:
            self.rows = [_row(o) for o in found.rows]
            self._show_page(found)
        return events

    @rx.event
    async def create(self, form: dict) -> list | None:
        phone, name = str(form.get("phone", "")), str(form.get("display_name", ""))
        role, password = str(form.get("admin_role", "")), str(form.get("password", ""))

        def create() -> staff.NewOperator:
            with session_scope() as session:
                actor = self._actor(session)
                return staff.create_operator(session, actor, phone, name, role, password)

        try:
            made = await asyncio.to_thread(create)  # argon2
        except DomainError as err:
            self.create_error = error_text(err)
            return None
        self.create_error = ""
        self.new_password, self.new_password_for = made.initial_password, made.display_name
        self._load_table()
        return [rx.toast.success(t("operators.created", name=made.display_name))]

    @rx.event
    def hide_password(self) -> None:
        self.new_password = self.new_password_for = ""

    @rx.event
    def change_role(self, user_id: str, role: str) -> list:
        role = role if isinstance(role, str) else ""
        return self._run(
            lambda s, a: staff.change_admin_role(s, a, row_id(user_id), role),
            "operators.role_changed",
            self._load_table,
        )

    @rx.event
    def disable(self, user_id: str) -> list:
        return self._run(
            lambda s, a: staff.set_operator_active(s, a, row_id(user_id), False),
            "operators.disabled_done",
            self._load_table,
        )

    @rx.event
    def enable(self, user_id: str) -> list:
        return self._run(
            lambda s, a: staff.set_operator_active(s, a, row_id(user_id), True),
            "operators.enabled_done",
            self._load_table,
        )
