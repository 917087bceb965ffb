"""/merchant/staff: the shop's staff and pending invitations; only the owner changes them
(merchants.may(role, manage_staff) hides the controls, the service refuses anyone else)."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from salon_app.auth.session_state import SessionState, error_text, error_toast
from salon_app.components.browser_input import row_id
from salon_app.components.format import local_datetime
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.models import ShopRole
from salon_app.core.services import merchants
from salon_app.core.services.access import Actor
from salon_app.i18n import t

ROLES = [r.value for r in ShopRole]


class StaffState(SessionState):
    loaded: bool = False
    can_manage: bool = False
    members: list[dict[str, str]] = []
    invitations: list[dict[str, str]] = []
    invite_error: str = ""

    def _fill(self, staff: merchants.StaffList) -> None:
        self.loaded = True
        mine = next((m.role for m in staff.members if m.is_me), "")
        self.can_manage = bool(mine) and merchants.may(mine, merchants.Capability.manage_staff)
        self.members = [
            {
                "user_id": str(m.user_id),
                "name": m.display_name + (t("staff_page.me") if m.is_me else ""),
                "phone": m.phone,
                "role": m.role,
                "role_label": t(f"staff.role.{m.role}"),
            }
            for m in staff.members
        ]
        self.invitations = [
            {
                "id": str(i.id),
                "phone": i.phone,
                "role_label": t(f"staff.role.{i.role}"),
                "at": local_datetime(i.created_at),
            }
            for i in staff.invitations
        ]

    def _do(self, action: Callable[[Session, Actor | None], object]) -> object:
        """One service call as the current user, then the staff list as it now is."""
        with session_scope() as session:
            actor = self._actor(session)
            result = action(session, actor)
            staff = merchants.list_staff(session, actor)
        self._fill(staff)
        return result

    def _act(self, action: Callable[[Session, Actor | None], object], done: str) -> list:
        try:
            self._do(action)
        except DomainError as err:
            return [error_toast(err)]
        return [rx.toast.success(t(done))]

    @rx.event
    def load(self) -> list | None:
        self.invite_error = ""
        data, events = self._guarded(merchants.list_staff)
        if data is not None:
            self._fill(data)
        return events

    @rx.event
    def invite(self, form: dict) -> list | None:
        phone, role = str(form.get("phone", "")), str(form.get("role", ""))
        try:
            result = self._do(lambda s, a: merchants.invite_staff(s, a, phone, role))
        except DomainError as err:
            self.invite_error = error_text(err)
            return None
        self.invite_error = ""
        if isinstance(result, merchants.StaffMember):
            return [rx.toast.success(t("staff_page.joined", name=result.display_name))]
        return [rx.toast.success(t("staff_page.invited"))]

    @rx.event
    def revoke(self, invitation_id: str) -> list:
        return self._act(
            lambda s, a: merchants.revoke_invitation(s, a, row_id(invitation_id)),
            "staff_page.revoked",
        )

    @rx.event
    def change_role(self, user_id: str, role: str) -> list:
        role = role if isinstance(role, str) else ""
        return self._act(
            lambda s, a: merchants.change_staff_role(s, a, row_id(user_id), role),
            "staff_page.role_changed",
        )

    @rx.event
    def remove(self, user_id: str) -> list:
        return self._act(
            lambda s, a: merchants.remove_staff(s, a, row_id(user_id)), "staff_page.removed"
        )
