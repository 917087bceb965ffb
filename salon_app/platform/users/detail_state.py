"""One user (/admin/users/<id>): what the services return, and the operator's actions.

The full phone reaches the browser only after reveal_phone committed its audit entry; the
temporary password of a reset is shown once, until the operator closes it or leaves (both are
forgotten when the page goes: `leave`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from salon_app.auth.session_state import SessionState, error_toast
from salon_app.components.browser_input import row_id
from salon_app.components.format import local_date, local_datetime, money
from salon_app.core.errors import DomainError
from salon_app.core.services import stats, users
from salon_app.i18n import t
from salon_app.platform.calls import as_operator
from salon_app.platform.users.state import role_text

FORMS = ("edit", "disable", "enable", "reset")


def _profile(d: users.UserDetail) -> dict[str, str]:
    return {
        "name": d.display_name,
        "phone": d.phone_masked,
        "role": role_text(d.role, d.admin_role),
        "status": t("users.status.active" if d.is_active else "users.status.disabled"),
        "active": "1" if d.is_active else "",
        "must_change": "1" if d.must_change_password else "",
        "joined": t("users.joined", at=local_datetime(d.created_at)),
        "last_login": t(
            "users.last_login",
            at=local_datetime(d.last_login_at) if d.last_login_at else t("users.never"),
        ),
        "source": t("users.source", source=stats.source_text(d.source, t)),
        "shop": t("users.shop", name=d.shop_name) if d.shop_name else "",
        "orders_total": str(d.orders_total),
        "complaints_total": str(d.complaints_total),
        "logins_total": str(d.logins_total),
        "logins_open": str(d.logins_open),
        "orders_note": t("users.recent_of", shown=len(d.orders), total=d.orders_total),
        "money_note": t("users.recent_of", shown=len(d.money), total=d.money_total),
        "complaints_note": t("users.recent_of", shown=len(d.complaints), total=d.complaints_total),
    }


def _money_status(m: users.UserMoney) -> str:
    key = f"{'refund' if m.kind == 'refund' else 'users.payment'}.status.{m.status}"
    text = t(key)
    return m.status if text == key else text


def _event(e: users.AccountEvent) -> dict[str, str]:
    return {
        "action": users.action_label(e.action, t),
        "by": e.actor_name or t("audit.system"),
        "at": local_datetime(e.at),
        "details": users.details_text(e.details, t),
    }


class UserDetailState(SessionState):
    profile: dict[str, str] = {}
    orders: list[dict[str, str]] = []
    payments: list[dict[str, str]] = []
    complaints: list[dict[str, str]] = []
    history: list[dict[str, str]] = []
    full_phone: str = ""  # only after the audited reveal
    form: str = ""  # the open action form: edit, disable, enable, reset ("" = none)
    temporary_password: str = ""  # a reset's password, shown once
    busy: bool = False
    _user_id: int = 0

    @rx.event
    def load(self) -> list | None:
        self._user_id = row_id(self._param("user_id"))
        self.full_phone = self.temporary_password = self.form = ""
        return self._reload()

    def _reload(self) -> list | None:
        wanted = self._user_id
        d, events = self._guarded(lambda s, a: users.user_detail(s, a, wanted))
        if d is None:
            return events
        self.profile = _profile(d)
        self.orders = [
            {
                "code": o.code,
                "services": "、".join(o.services) or "-",
                "status": t(f"order.status.{o.status}"),
                "amount": money(o.total_fen),
                "date": local_date(o.starts_at),
            }
            for o in d.orders
        ]
        self.payments = [
            {
                "kind": t(f"users.money.{m.kind}"),
                "code": m.order_code,
                "provider": t(f"payment.provider.{m.provider}"),
                "amount": money(m.amount_fen if m.kind == "payment" else -m.amount_fen),
                "status": _money_status(m),
                "date": local_datetime(m.at),
            }
            for m in d.money
        ]
        self.complaints = [
            {
                "code": c.order_code,
                "kind": t(f"complaint.kind.{c.kind}"),
                "status": t(f"complaint.status.{c.status}"),
                "reason": c.reason[:80],
                "date": local_date(c.created_at),
            }
            for c in d.complaints
        ]
        self.history = [_event(e) for e in d.history]
        return events

    @rx.event
    def open_form(self, name: str) -> None:
        self.form = name if name in FORMS else ""

    @rx.event
    def close_form(self) -> None:
        self.form = ""

    def _closed(self) -> None:
        self.form = ""

    @rx.event
    def reveal_phone(self) -> list:
        wanted, shown = self._user_id, []
        events = self._run(lambda s, a: shown.append(users.reveal_phone(s, a, wanted)))
        if shown:
            self.full_phone = shown[0]
            self._reload()
        return events

    @rx.event
    def save_name(self, form: dict) -> list:
        wanted, name = self._user_id, str(form.get("display_name", ""))
        return self._run(
            lambda s, a: users.edit_user(s, a, wanted, name), "users.edited", self._closed,
            self._reload,
        )  # fmt: skip

    @rx.event
    def disable(self, form: dict) -> list:
        return self._with_reason(users.disable_user, form, "users.disabled")

    @rx.event
    def enable(self, form: dict) -> list:
        return self._with_reason(users.enable_user, form, "users.enabled")

    def _with_reason(self, service: Callable[..., object], form: dict, done: str) -> list:
        """Disable or enable: the service with the reason typed in the form."""
        wanted, reason = self._user_id, str(form.get("reason", ""))
        return self._run(
            lambda s, a: service(s, a, wanted, reason), done, self._closed, self._reload
        )

    @rx.event
    async def reset_password(self) -> Any:
        """argon2 hashes the temporary password: off the event loop."""
        wanted, token = self._user_id, self.auth_token
        self.busy = True
        yield None
        try:
            password = await asyncio.to_thread(
                as_operator, token, lambda s, a: users.reset_password(s, a, wanted)
            )
        except DomainError as err:
            self.busy = False
            yield error_toast(err)
            return
        self.busy, self.form, self.temporary_password = False, "", password
        self._reload()
        yield rx.toast.success(t("users.password_reset"))

    @rx.event
    def forget_password(self) -> None:
        self.temporary_password = ""

    @rx.event
    def leave(self) -> None:
        """The page is gone: the revealed phone and a temporary password leave the tab's state."""
        self.full_phone = self.temporary_password = ""
