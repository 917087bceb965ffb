"""/admin/catalogue/service?id=<id>: one service's details, cover, gallery and status; without
an id, the form for a new service. Each handler makes one service call (catalogue/), then
shows the service as saved; a refusal shows why and changes nothing on the page."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text, error_toast
from salon_app.components.browser_input import row_id, small_number
from salon_app.components.format import money
from salon_app.components.uploads import upload_refused
from salon_app.core import amounts
from salon_app.core.clock import local_today
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.integrations.storage import PICTURE_MAX_BYTES
from salon_app.core.services import catalogue
from salon_app.core.services.access import Actor
from salon_app.i18n import t

Loaded = tuple[catalogue.ServiceEdit | None, list[catalogue.CategoryOption]]


def _load(session: Session, actor: Actor | None, service_id: int) -> Loaded:
    options = catalogue.category_options(session, actor)
    edit = catalogue.service_for_edit(session, actor, service_id) if service_id else None
    return edit, options


def _apply(
    actor: Actor | None, service_id: int, action: Callable[[Session, Actor | None], object]
) -> Loaded:
    """One service call as `actor`, then the service as saved (runs in a worker thread too)."""
    with session_scope() as session:
        action(session, actor)
        return _load(session, actor, service_id)


def form_of(data: dict) -> catalogue.ServiceForm:
    """The form as the browser sent it; numbers and dates it cannot mean are refused here,
    everything else by the service."""
    duration = small_number(data.get("duration_min"))
    try:
        publish_on = date.fromisoformat(str(data.get("publish_on") or "").strip())
    except ValueError:
        raise DomainError("admin_catalogue.bad_date") from None
    return catalogue.ServiceForm(
        category_id=row_id(data.get("category_id")),
        name=str(data.get("name") or ""),
        summary=str(data.get("summary") or ""),
        process=str(data.get("process") or ""),
        products=str(data.get("products") or ""),
        effect=str(data.get("effect") or ""),
        price_min_fen=catalogue.yuan_to_fen(data.get("price_min")),
        price_max_fen=catalogue.yuan_to_fen(data.get("price_max")),
        duration_min=duration if duration is not None else 0,
        at_home=data.get("at_home") in ("on", True, "true"),
        in_shop=data.get("in_shop") in ("on", True, "true"),
        publish_on=publish_on,
    )


class ServiceEditState(SessionState):
    loaded: bool = False
    service_id: str = ""  # "" while creating a new one
    fields: dict[str, str] = {}
    at_home: bool = False
    in_shop: bool = True
    categories: list[dict[str, str]] = []
    status: str = ""
    status_label: str = ""
    status_hint: str = ""
    cover: str = ""
    gallery: list[dict[str, str]] = []
    prices_hint: str = ""
    customer_link: str = ""
    form_error: str = ""
    version: int = 0  # the form's key: bumped after a load so inputs show the saved values

    def _fill(self, loaded: Loaded) -> None:
        edit, options = loaded
        self.loaded = True
        self.categories = [{"id": str(c.id), "name": c.name} for c in options]
        self.version += 1
        if edit is None:
            first = str(options[0].id) if options else ""
            self.service_id, self.status = "", ""
            self.fields = {"category_id": first, "publish_on": local_today().isoformat()}
            self.at_home, self.in_shop = False, True
            self.cover = self.prices_hint = self.customer_link = ""
            self.status_label = self.status_hint = ""
            self.gallery = []
            return
        f = edit.form
        self.service_id = str(edit.id)
        self.fields = {
            "category_id": str(f.category_id),
            "name": f.name,
            "summary": f.summary,
            "process": f.process,
            "products": f.products,
            "effect": f.effect,
            "price_min": amounts.display_yuan(f.price_min_fen),
            "price_max": amounts.display_yuan(f.price_max_fen),
            "duration_min": str(f.duration_min),
            "publish_on": f.publish_on.isoformat(),
        }
        self.at_home, self.in_shop = f.at_home, f.in_shop
        self.status = edit.status
        self.status_label = t(f"admin_catalogue.status.{edit.status}")
        self.status_hint = t(f"admin_catalogue.status_hint.{edit.status}")
        self.cover = edit.image_url
        last = len(edit.gallery) - 1
        self.gallery = [
            {
                "id": str(p.id),
                "thumb": p.thumb_url,
                "left": str(i - 1) if i > 0 else "",
                "right": str(i + 1) if i < last else "",
            }
            for i, p in enumerate(edit.gallery)
        ]
        self.prices_hint = (
            t(
                "admin_catalogue.prices_hint",
                count=edit.offered_by,
                low=money(edit.lowest_price_fen or 0),
                high=money(edit.highest_price_fen or 0),
            )
            if edit.offered_by
            else t("admin_catalogue.no_technicians")
        )
        self.customer_link = routes.service(edit.slug) if edit.status == "on_sale" else ""

    def _current(self) -> Actor | None:
        with session_scope() as session:
            return self._actor(session)

    def _id(self) -> int:
        return row_id(self.service_id)

    @rx.event
    def load(self) -> list | None:
        self.form_error = ""
        service_id = row_id(self._param("id"))
        loaded, events = self._guarded(lambda s, a: _load(s, a, service_id))
        if loaded is not None:
            self._fill(loaded)
        return events

    @rx.event
    def save(self, data: dict) -> list | None:
        """Save the details; a new service opens as itself once created."""
        try:
            form = form_of(data)
            with session_scope() as session:
                actor = self._actor(session)
                saved = catalogue.save_service(session, actor, self._id() or None, form)
                loaded = _load(session, actor, saved)
        except DomainError as err:
            self.form_error = error_text(err)
            return [error_toast(err)]
        self.form_error = ""
        created = not self.service_id
        self._fill(loaded)
        done = [rx.toast.success(t("admin_catalogue.saved"))]
        if created:
            done.append(rx.redirect(routes.admin_catalogue_service(saved)))
        return done

    def _act(self, action: Callable[[Session, Actor | None], object], done: str) -> list:
        try:
            self._fill(_apply(self._current(), self._id(), action))
        except DomainError as err:
            return [error_toast(err)]
        return [rx.toast.success(t(done))]

    async def _act_off_loop(
        self, action: Callable[[Session, Actor | None], object], done: str
    ) -> list:
        """For Pillow: the work runs in a worker thread, the page waits."""
        try:
            loaded = await asyncio.to_thread(_apply, self._current(), self._id(), action)
        except DomainError as err:
            return [error_toast(err)]
        self._fill(loaded)
        return [rx.toast.success(t(done))]

    @rx.event
    def publish(self) -> list:
        return self._act(
            lambda s, a: catalogue.publish_service(s, a, self._id()), "admin_catalogue.published"
        )

    @rx.event
    def withdraw(self) -> list:
        return self._act(
            lambda s, a: catalogue.withdraw_service(s, a, self._id()), "admin_catalogue.withdrawn"
        )

    @rx.event
    async def upload_cover(self, files: list[rx.UploadFile]) -> list:
        if not files:  # the browser refused the file (its on_drop_rejected has said why)
            return []
        if refused := upload_refused(self, files):
            return refused
        data = await files[0].read(PICTURE_MAX_BYTES + 1)
        service_id = self._id()
        return await self._act_off_loop(
            lambda s, a: catalogue.set_service_cover(s, a, service_id, data),
            "admin_catalogue.cover_set",
        )

    @rx.event
    async def add_picture(self, files: list[rx.UploadFile]) -> list:
        if not files:  # the browser refused the file (its on_drop_rejected has said why)
            return []
        if refused := upload_refused(self, files):
            return refused
        data = await files[0].read(PICTURE_MAX_BYTES + 1)
        service_id = self._id()
        return await self._act_off_loop(
            lambda s, a: catalogue.add_gallery_picture(s, a, service_id, data),
            "admin_catalogue.picture_added",
        )

    @rx.event
    def picture_rejected(self) -> list:
        return [rx.toast.error(t("admin_catalogue.picture_rejected"), id="error-toast")]

    @rx.event
    def move_picture(self, picture_id: str, position: str) -> list:
        to = row_id(position)
        return self._act(
            lambda s, a: catalogue.move_gallery_picture(s, a, row_id(picture_id), to),
            "admin_catalogue.picture_moved",
        )

    @rx.event
    def remove_picture(self, picture_id: str) -> list:
        return self._act(
            lambda s, a: catalogue.remove_gallery_picture(s, a, row_id(picture_id)),
            "admin_catalogue.picture_removed",
        )
