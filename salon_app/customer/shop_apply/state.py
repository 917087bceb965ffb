"""The shop application page (商家入驻): the applicant's status, and the form to apply or to
apply again after a rejection. The licence scan is checked the moment it is chosen (off the
event loop) and kept in a backend var until the form is sent; the service checks it again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import reflex as rx

from salon_app.auth.session_state import SessionState, error_text, error_toast
from salon_app.components.browser_input import row_id
from salon_app.components.format import local_datetime
from salon_app.components.photos import data_url, read_uploads
from salon_app.components.uploads import admit_uploads
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.models import Role
from salon_app.core.services import auth, photos, shop_applications
from salon_app.i18n import t


def _send(token: str, form: shop_applications.ShopApplicationForm, scan: bytes) -> None:
    """Apply in a session of its own (a worker thread: the scan is decoded again)."""
    with session_scope() as session:
        actor = auth.resolve(session, token)
        shop_applications.apply_for_shop(session, actor, form, scan or None)


class ShopApplyState(SessionState):
    categories: list[dict[str, str]] = []
    chosen: list[str] = []
    status: str = ""  # "" (never applied), pending, approved, rejected
    status_text: str = ""
    applied_shop: str = ""
    applied_at: str = ""
    reason: str = ""
    form_error: str = ""
    scan_preview: str = ""  # the chosen scan's thumbnail (a data: URL of the applicant's own file)
    sending: bool = False
    _scan: bytes = b""

    @rx.var
    def may_apply(self) -> bool:
        return self.user_role == Role.customer and self.status in ("", "rejected")

    @rx.event
    def load(self) -> None:
        self._load()

    def _load(self) -> None:
        with session_scope() as session:
            actor = self._actor(session)
            self.categories = [
                {"id": str(i), "name": name}
                for i, name in shop_applications.categories_to_offer(session)
            ]
            mine = None
            if actor is not None and actor.role in (Role.customer, Role.merchant):
                mine = shop_applications.my_application(session, actor)
        self._show(mine)

    def _show(self, mine: shop_applications.MyApplication | None) -> None:
        self.status = mine.status if mine else ""
        self.status_text = t(f"shop_apply.status.{mine.status}") if mine else ""
        self.applied_shop = mine.shop_name if mine else ""
        self.applied_at = local_datetime(mine.created_at) if mine else ""
        self.reason = mine.reason if mine else ""

    @rx.event
    def toggle_category(self, category_id: str, on: bool) -> None:
        if not isinstance(category_id, str):
            return
        rest = [c for c in self.chosen if c != category_id]
        self.chosen = [*rest, category_id] if on else rest

    @rx.event
    async def stage_scan(self, files: list[rx.UploadFile]) -> list:
        if not files:  # the browser refused the file (its on_drop_rejected has said why)
            return []
        try:
            admit_uploads(self, files)
            chosen = await read_uploads(files, 1)
            jpeg, thumb = await asyncio.to_thread(photos.preview, chosen[0] if chosen else b"")
        except DomainError as err:
            self._scan, self.scan_preview = b"", ""
            return [error_toast(err)]
        self._scan, self.scan_preview = jpeg, data_url(thumb)
        return []

    @rx.event
    def upload_rejected(self) -> list:
        return [rx.toast.error(t("upload.rejected"), id="error-toast")]

    @rx.event
    async def submit(self, form: dict) -> AsyncIterator[rx.event.EventSpec | None]:
        ids = [row_id(c) for c in self.chosen if row_id(c)]
        application = shop_applications.ShopApplicationForm(
            shop_name=str(form.get("shop_name", "")),
            licence_number=str(form.get("licence_number", "")),
            address=str(form.get("address", "")),
            contact_phone=str(form.get("contact_phone", "")),
            category_ids=ids,
            intro=str(form.get("intro", "")),
        )
        self.sending = True
        yield
        try:
            await asyncio.to_thread(_send, self.auth_token, application, self._scan)
        except DomainError as err:
            self.sending, self.form_error = False, error_text(err)
            yield error_toast(err)
            return
        self.sending, self.form_error = False, ""
        self._scan, self.scan_preview, self.chosen = b"", "", []
        self._load()
        yield rx.toast.success(t("shop_apply.sent"))
