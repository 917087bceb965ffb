"""/admin/catalogue: the services table (publish and withdraw from the row) and the categories
table with its editor (name, cover). Each table is its own state (TableMixin: search, sort,
pages); each handler makes one service call (catalogue/) and reloads its table."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text, error_toast
from salon_app.components.browser_input import row_id
from salon_app.components.data_table import TableMixin
from salon_app.components.format import local_date, price_range
from salon_app.components.uploads import upload_refused
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.integrations.storage import PICTURE_MAX_BYTES
from salon_app.core.services import catalogue
from salon_app.core.services.access import Actor
from salon_app.i18n import t

TABS = ("services", "categories")


def _service_row(r: catalogue.ServiceRow) -> dict[str, str]:
    modes = [t(k) for k, on in (("common.in_shop", r.in_shop), ("common.at_home", r.at_home)) if on]
    return {
        "id": str(r.id),
        "name": r.name,
        "category": r.category,
        "thumb": r.thumb_url,
        "price": price_range(r.price_min_fen, r.price_max_fen),
        "duration": t("admin_catalogue.minutes", minutes=r.duration_min),
        "modes": " / ".join(modes),
        "published": local_date(r.published_at),
        "status": r.status,
        "status_label": t(f"admin_catalogue.status.{r.status}"),
        "technicians": str(r.technicians),
        "href": routes.admin_catalogue_service(r.id),
    }


class CatalogueState(SessionState):
    """The tab on screen (its tables have their own states)."""

    tab: str = "services"

    @rx.event
    def choose_tab(self, tab: str) -> None:
        if tab in TABS:
            self.tab = tab


class ServiceTableState(TableMixin, SessionState):
    rows: list[dict[str, str]] = []

    @rx.event
    def load(self) -> list | None:
        return self._load_table()

    def _load_table(self) -> list | None:
        query = self._table_query(catalogue.SERVICE_SORTS, "category")
        page, events = self._guarded(lambda s, a: catalogue.service_table(s, a, query))
        if page is not None:
            self.rows = [_service_row(r) for r in page.rows]
            self._show_page(page)
        return events

    def _act(self, action: Callable[[Session, Actor | None], object], done: str) -> list:
        return self._run(action, done, self._load_table)

    @rx.event
    def publish(self, service_id: str) -> list:
        sid = row_id(service_id)
        return self._act(
            lambda s, a: catalogue.publish_service(s, a, sid), "admin_catalogue.published"
        )

    @rx.event
    def withdraw(self, service_id: str) -> list:
        sid = row_id(service_id)
        return self._act(
            lambda s, a: catalogue.withdraw_service(s, a, sid), "admin_catalogue.withdrawn"
        )


class CategoryTableState(TableMixin, SessionState):
    rows: list[dict[str, str]] = []
    editing: dict[str, str] = {}  # the category open in the editor ({"id": ""} for a new one)
    edit_error: str = ""

    @rx.event
    def load(self) -> list | None:
        self.editing, self.edit_error = {}, ""
        return self._load_table()

    def _load_table(self) -> list | None:
        query = self._table_query(catalogue.CATEGORY_SORTS, "order")
        page, events = self._guarded(lambda s, a: catalogue.category_table(s, a, query))
        if page is not None:
            self.rows = [
                {
                    "id": str(r.id),
                    "name": r.name,
                    "thumb": r.thumb_url,
                    "services": str(r.services),
                    "on_sale": str(r.on_sale),
                }
                for r in page.rows
            ]
            self._show_page(page)
            if self.editing.get("id"):  # keep the editor on the saved category
                self.editing = next(
                    (r for r in self.rows if r["id"] == self.editing["id"]), self.editing
                )
        return events

    @rx.event
    def open_category(self, category_id: str) -> None:
        self.edit_error = ""
        self.editing = next((r for r in self.rows if r["id"] == category_id), {})

    @rx.event
    def new_category(self) -> None:
        self.edit_error = ""
        self.editing = {"id": "", "name": "", "thumb": ""}

    @rx.event
    def close_editor(self) -> None:
        self.editing, self.edit_error = {}, ""

    @rx.event
    def save_category(self, data: dict) -> list:
        category_id = row_id(self.editing.get("id")) or None
        name = str(data.get("name") or "")
        try:
            with session_scope() as session:
                saved = catalogue.save_category(session, self._actor(session), category_id, name)
        except DomainError as err:
            self.edit_error = error_text(err)
            return [error_toast(err)]
        self.edit_error = ""
        self.editing = {**self.editing, "id": str(saved), "name": name.strip()}
        self._load_table()
        return [rx.toast.success(t("admin_catalogue.saved"))]

    @rx.event
    async def upload_cover(self, files: list[rx.UploadFile]) -> list:
        if not files:  # the browser refused the file (its on_drop_rejected has said why)
            return []
        if refused := upload_refused(self, files):
            return refused
        data = await files[0].read(PICTURE_MAX_BYTES + 1)
        category_id = row_id(self.editing.get("id"))
        with session_scope() as session:
            actor = self._actor(session)

        def work() -> None:
            with session_scope() as session:
                catalogue.set_category_cover(session, actor, category_id, data)

        try:
            await asyncio.to_thread(work)
        except DomainError as err:
            return [error_toast(err)]
        self._load_table()
        return [rx.toast.success(t("admin_catalogue.cover_set"))]

    @rx.event
    def picture_rejected(self) -> list:
        return [rx.toast.error(t("admin_catalogue.picture_rejected"), id="error-toast")]
