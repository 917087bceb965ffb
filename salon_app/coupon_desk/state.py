"""The coupon desk: the templates table (search, sort, paging, figures), a form to create or
edit one, publish and end. Operators act for the platform, shop staff for their shop: the
service decides from the session which desk it is and what it may touch; a merchant at
/admin/coupons is refused like on any other admin page."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text, error_toast
from salon_app.components.browser_input import row_id
from salon_app.components.coupon_text import condition_text, rate_text
from salon_app.components.data_table import TableMixin
from salon_app.components.format import local_datetime, money
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.models import CouponTemplate, Role
from salon_app.core.services import marketing
from salon_app.core.services.access import Actor, require_role
from salon_app.coupon_desk.typed import draft_from_form, local_day_text
from salon_app.i18n import fen_to_yuan, t

KINDS = list(marketing.COUPON_KINDS)
SCOPES = list(marketing.COUPON_SCOPES)
VALIDITY = ["days", "dates"]
EMPTY_FORM = {
    "name": "", "amount": "", "threshold": "", "discount": "", "cap": "", "valid_days": "7",
    "valid_from": "", "valid_until": "", "total_stock": "100", "per_user_limit": "1",
    "per_day_limit": "0", "points_cost": "0", "claimable": "1", "scope_exclude": "", "publish": "",
}  # fmt: skip


def _row(r: marketing.TemplateRow, platform: bool) -> dict[str, str]:
    terms = marketing.CouponTerms(
        r.name, r.kind, r.amount_fen, r.threshold_fen, r.discount_bp, r.cap_fen, "all", (),
        False, r.shop_name,
    )  # fmt: skip
    value = (
        t("coupon.value_percent", rate=rate_text(r.discount_bp))
        if r.kind == "percent"
        else t("coupon.value_off", amount=fen_to_yuan(r.amount_fen))
    )
    mine = (r.funded_by == "platform") == platform
    return {
        "id": str(r.id),
        "name": r.name,
        "kind": t(f"coupon.kind.{r.kind}"),
        "value": f"{value} · {condition_text(terms)}",
        "funded": r.shop_name or t("coupon.funded.platform"),
        "status": r.status,
        "status_text": t(f"coupon.status.{r.status}"),
        "issued": f"{r.issued}/{r.total_stock}",
        "used": str(r.used),
        "cost": money(r.cost_fen),
        "created": local_datetime(r.created_at),
        "editable": "1" if mine and r.status != "ended" else "",
    }


def _form_of(tpl: CouponTemplate) -> dict[str, str]:
    return {
        "name": tpl.name,
        "amount": fen_to_yuan(tpl.amount_fen) if tpl.amount_fen else "",
        "threshold": fen_to_yuan(tpl.threshold_fen) if tpl.threshold_fen else "",
        "discount": f"{tpl.discount_bp / 100:g}" if tpl.kind == "percent" else "",
        "cap": fen_to_yuan(tpl.cap_fen) if tpl.cap_fen else "",
        "valid_days": str(tpl.valid_days or ""),
        "valid_from": local_day_text(tpl.valid_from),
        "valid_until": local_day_text(tpl.valid_until),
        "total_stock": str(tpl.total_stock),
        "per_user_limit": str(tpl.per_user_limit),
        "per_day_limit": str(tpl.per_day_limit),
        "points_cost": str(tpl.points_cost),
        "claimable": "1" if tpl.claimable else "",
        "scope_exclude": "1" if tpl.scope_exclude else "",
        "publish": "",
    }


class CouponDeskState(TableMixin, SessionState):
    rows: list[dict[str, str]] = []
    chart: list[dict[str, str | int]] = []
    platform: bool = False
    editing: str = ""  # the template being edited; "" for a new one
    editing_name: str = ""
    kind: str = "threshold"
    scope: str = "all"
    validity: str = "days"
    options: list[dict[str, str]] = []  # what the scope may name: id, name, on ("1" or "")
    form: dict[str, str] = EMPTY_FORM
    form_key: int = 0
    form_error: str = ""
    _done_name: str = ""

    def _desk_actor(self, actor: Actor) -> Actor:
        role = Role.admin if self.router.url.path.startswith(routes.ADMIN_HOME) else Role.merchant
        return require_role(actor, role)

    def _show(self, session: Session, actor: Actor) -> None:
        actor = self._desk_actor(actor)
        self.platform = marketing.coupon_desk(session, actor).shop_id is None
        query = self._table_query(marketing.COUPON_SORTS, "created", True)
        page = marketing.template_table(session, actor, query)
        self.rows = [_row(r, self.platform) for r in page.rows]
        self.chart = [{"name": r.name, "issued": r.issued, "used": r.used} for r in page.rows]
        self._show_page(page)
        chosen = {o["id"] for o in self.options if o["on"]}
        self.options = [
            {"id": str(i), "name": n, "on": "1" if str(i) in chosen else ""}
            for i, n in marketing.scope_options(session, actor, self.scope)
        ]

    def _load_table(self) -> list | None:
        _, events = self._guarded(self._show)
        return events

    @rx.event
    def load(self) -> list | None:
        self._blank()
        return self._load_table()

    def _blank(self) -> None:
        self.editing, self.editing_name, self.form_error = "", "", ""
        self.kind, self.scope, self.validity = "threshold", "all", "days"
        self.form, self.options = dict(EMPTY_FORM), []
        self.form_key += 1

    @rx.event
    def choose_kind(self, kind: str | list[str]) -> None:
        if isinstance(kind, str) and kind in KINDS:
            self.kind, self.form_error = kind, ""

    @rx.event
    def choose_validity(self, mode: str | list[str]) -> None:
        if isinstance(mode, str) and mode in VALIDITY:
            self.validity = mode

    @rx.event
    def choose_scope(self, scope: str) -> list | None:
        if scope not in SCOPES:
            return None
        self.scope, self.options = scope, []
        return self._load_table()

    @rx.event
    def toggle_option(self, option_id: str) -> None:
        self.options = [
            {**o, "on": "" if o["on"] else "1"} if o["id"] == option_id else o for o in self.options
        ]

    @rx.event
    def cancel_edit(self) -> list | None:
        self._blank()
        return self._load_table()

    @rx.event
    def edit(self, template_id: str) -> list | None:
        def load(session: Session, actor: Actor) -> None:
            tpl = marketing.template_for_edit(session, self._desk_actor(actor), row_id(template_id))
            self.editing, self.editing_name = str(tpl.id), tpl.name
            self.kind, self.scope = tpl.kind, tpl.scope
            self.validity = "days" if tpl.valid_days else "dates"
            self.form = _form_of(tpl)
            self.options = [{"id": str(i), "name": "", "on": "1"} for i in tpl.scope_ids]
            self.form_key += 1
            self.form_error = ""
            self._show(session, actor)

        try:
            _, events = self._guarded(load)
        except DomainError as err:
            return [error_toast(err)]
        return events

    @rx.event
    def save(self, form: dict) -> list | None:
        """Create (publishing it at once when asked) or save the template being edited."""
        self.form_error = ""
        ids = [row_id(o["id"]) for o in self.options if o["on"]]
        with session_scope() as session:
            actor = self._actor(session)
            try:
                actor = self._desk_actor(actor)
                draft = draft_from_form(form, self.kind, self.scope, self.validity, ids)
                if self.editing:
                    tpl = marketing.update_template(session, actor, row_id(self.editing), draft)
                else:
                    publish = bool(form.get("publish"))
                    tpl = marketing.create_template(session, actor, draft, publish=publish)
            except DomainError as err:
                self.form_error = error_text(err)
                return [error_toast(err)]
        self._blank()
        events = self._load_table() or []
        return [*events, rx.toast.success(t("coupon.saved", name=tpl.name))]

    def _status(self, template_id: str, status: str, done: str) -> list:
        def act(session: Session, actor: Actor | None) -> None:
            tpl = marketing.set_status(session, actor, row_id(template_id), status)
            self._done_name = tpl.name

        self._done_name = ""
        events = self._run(act)
        if events:
            return events
        return [*(self._load_table() or []), rx.toast.success(t(done, name=self._done_name))]

    @rx.event
    def activate(self, template_id: str) -> list:
        return self._status(template_id, "active", "coupon.activated")

    @rx.event
    def end(self, template_id: str) -> list:
        return self._status(template_id, "ended", "coupon.ended")
