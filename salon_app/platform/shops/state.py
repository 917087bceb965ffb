"""商家入驻 for operators (review_shops): applications with their licence scan, approve or
reject with a reason; the platform's default commission rate; the shops, each opening its
detail page (commission rates per category)."""

from __future__ import annotations

import asyncio

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_toast, in_worker_thread
from salon_app.components.browser_input import row_id
from salon_app.components.data_table import TableMixin
from salon_app.components.format import local_datetime
from salon_app.components.photos import data_url
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import auth, shop_applications
from salon_app.i18n import t

FILTERS = ("pending", "approved", "rejected", "all")


def percent(bp: int) -> str:
    """Basis points as the percentage operators type: 1250 → "12.5%"."""
    return f"{bp / 100:g}%"


def _row(a: shop_applications.ApplicationRow) -> dict[str, str]:
    return {
        "id": str(a.id),
        "shop_name": a.shop_name,
        "licence_number": a.licence_number,
        "district": a.district,
        "address": a.address,
        "contact_phone": a.contact_phone,
        "categories": "、".join(a.categories),
        "applicant": a.applicant,
        "status": a.status,
        "status_text": t(f"shop_apply.status.{a.status}"),
        "reason": a.reason,
        "created_at": local_datetime(a.created_at),
        "shop_link": routes.admin_shop(a.merchant_id) if a.merchant_id else "",
        "thumb": data_url(a.thumb) if a.thumb else "",
    }


def _read_scan(token: str, application_id: int) -> str:
    with session_scope() as session:
        actor = auth.resolve(session, token)
        return data_url(shop_applications.application_scan(session, actor, application_id))


class AdminShopsState(TableMixin, SessionState):
    status_filter: str = "pending"
    rows: list[dict[str, str]] = []
    rejecting: str = ""  # the application whose rejection reason is being written
    scan_for: str = ""
    scan: str = ""  # its whole licence scan (data: URL, after the service allowed the viewer)

    @rx.event
    @in_worker_thread
    def load(self) -> list | None:
        self.rejecting = self.scan_for = self.scan = ""
        return self._load_table()

    def _load_table(self) -> list | None:
        status = "" if self.status_filter == "all" else self.status_filter
        page, events = self._guarded(
            lambda s, a: shop_applications.list_shop_applications(
                s, a, self._table_query(shop_applications.SORTS, "created_at", True), status
            )
        )
        if page is not None:
            self.rows = [_row(r) for r in page.rows]
            self._show_page(page)
        return events

    @rx.event
    def filter_status(self, status: str | list[str]) -> list | None:
        if not isinstance(status, str) or status not in FILTERS:
            return None
        self.status_filter, self.table_page = status, 1
        return self._load_table()

    @rx.event
    async def show_scan(self, application_id: str) -> list | None:
        wanted = row_id(application_id)
        try:
            self.scan = await asyncio.to_thread(_read_scan, self.auth_token, wanted)
        except DomainError as err:
            return [error_toast(err)]
        self.scan_for = str(wanted)
        return None

    @rx.event
    def hide_scan(self) -> None:
        self.scan_for = self.scan = ""

    @rx.event
    def approve(self, application_id: str) -> list:
        wanted = row_id(application_id)
        return self._run(
            lambda s, a: shop_applications.approve_shop_application(s, a, wanted),
            "shop_review.approved",
            self._load_table,
        )

    @rx.event
    def start_reject(self, application_id: str) -> None:
        self.rejecting = str(row_id(application_id))

    @rx.event
    def cancel_reject(self) -> None:
        self.rejecting = ""

    @rx.event
    def reject(self, form: dict) -> list:
        wanted = row_id(form.get("application_id"))
        reason = str(form.get("reason", ""))
        return self._run(
            lambda s, a: shop_applications.reject_shop_application(s, a, wanted, reason),
            "shop_review.rejected",
            self.cancel_reject,
            self._load_table,
        )


class AdminShopListState(TableMixin, SessionState):
    shops: list[dict[str, str]] = []
    platform_rate: str = ""

    @rx.event
    @in_worker_thread
    def load(self) -> list | None:
        return self._load_table()

    def _load_table(self) -> list | None:
        query = self._table_query(shop_applications.SHOP_SORTS, "created_at", True)
        found, events = self._guarded(
            lambda s, a: (
                shop_applications.platform_rate(s, a),
                shop_applications.list_shops(s, a, query),
            )
        )
        if found is not None:
            rate, page = found
            self.platform_rate = percent(rate)
            self.shops = [
                {
                    "id": str(r.id),
                    "name": r.name,
                    "district": r.district,
                    "rate": percent(r.rate_bp) + ("" if r.own_rate else t("commission.inherited")),
                    "link": routes.admin_shop(r.id),
                }
                for r in page.rows
            ]
            self._show_page(page)
        return events

    @rx.event
    def save_platform_rate(self, form: dict) -> list:
        rate = form.get("rate", "")
        return self._run(
            lambda s, a: shop_applications.set_platform_rate(s, a, rate),
            "commission.saved",
            self._load_table,
        )
