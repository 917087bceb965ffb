"""/merchant/shop: the shop's information, hours, closures, photos and videos.

Every member sees the page; what a role may not change is hidden (merchants.may) and the
service refuses it anyway. Each handler makes one service call, then shows the saved shop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text, error_toast, in_worker_thread
from salon_app.components.browser_input import row_id
from salon_app.components.format import weekday_name
from salon_app.components.uploads import MEDIA, upload_refused
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import merchants
from salon_app.core.services.access import Actor
from salon_app.i18n import t

SLOTS = (0, 1, 2)  # ranges a day may have (merchants.opening.RANGES_PER_DAY_MAX)


def _week_rows(hours: list[merchants.OpenRange] | None) -> list[dict[str, str]]:
    rows = []
    for day in range(7):
        ranges = [r for r in hours or [] if r.weekday == day]
        row = {
            "weekday": str(day),
            "label": weekday_name(day),
            "closed": "1" if hours is not None and not ranges else "",
        }
        for i in SLOTS:
            row[f"s{i}"] = ranges[i].start if i < len(ranges) else ""
            row[f"e{i}"] = ranges[i].end if i < len(ranges) else ""
        rows.append(row)
    return rows


def hours_from_form(rows: list[dict[str, str]], form: dict) -> list[merchants.OpenRange]:
    """The week the form describes; a half-filled range or an open day without one is refused
    here, everything else by the service."""
    ranges = []
    for row in rows:
        day = int(row["weekday"])
        if row["closed"]:
            continue
        filled = 0
        for i in SLOTS:
            start = str(form.get(f"s{i}_{day}") or "").strip()
            end = str(form.get(f"e{i}_{day}") or "").strip()
            if bool(start) != bool(end):
                raise DomainError("shop_admin.hours_incomplete", weekday=day)
            if start:
                ranges.append(merchants.OpenRange(day, start, end))
                filled += 1
        if not filled:
            raise DomainError("shop_admin.hours_empty_day", weekday=day)
    return ranges


def _day(value: object) -> date:
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise DomainError("shop_admin.date_invalid") from None


def _apply(
    actor: Actor | None, action: Callable[[Session, Actor | None], object]
) -> merchants.ShopSettings:
    """One service call as `actor`, then the shop as saved (runs in a worker thread too)."""
    with session_scope() as session:
        action(session, actor)
        return merchants.shop_settings(session, actor)


class ShopInfoState(SessionState):
    loaded: bool = False
    can_edit: bool = False
    read_only_note: str = ""
    public_link: str = ""
    name: str = ""
    address: str = ""
    contact_phone: str = ""
    intro: str = ""
    located: str = ""
    hours_unset: bool = False
    hours: list[dict[str, str]] = []
    closures: list[dict[str, str]] = []
    photos: list[dict[str, str]] = []
    videos: list[dict[str, str]] = []
    info_error: str = ""
    hours_error: str = ""
    closure_error: str = ""
    version: int = 0  # a form's key: bumped after a save so forms show the saved values

    def _fill(self, s: merchants.ShopSettings) -> None:
        self.loaded = True
        self.can_edit = merchants.may(s.role, merchants.Capability.edit_shop)
        self.read_only_note = t("shop_admin.read_only", role=t(f"staff.role.{s.role}"))
        self.public_link = routes.shop(s.id)
        self.name, self.address = s.info.name, s.info.address
        self.contact_phone, self.intro = s.info.contact_phone, s.info.intro
        self.located = t(
            "shop_admin.located", district=s.district, lat=f"{s.lat:.5f}", lng=f"{s.lng:.5f}"
        )
        self.hours_unset = s.hours is None
        self.hours = _week_rows(s.hours)
        self.closures = [
            {
                "id": str(c.id),
                "span": t(
                    "shop_admin.closure_span",
                    first=c.first_day.isoformat(),
                    last=c.last_day.isoformat(),
                ),
                "reason": c.reason,
            }
            for c in s.closures
        ]
        last = len(s.media) - 1
        media = [  # up/down: the index to move to in the one list of photos and videos
            {
                "id": str(m.id),
                "url": m.url,
                "caption": m.caption,
                "up": str(i - 1) if i > 0 else "",
                "down": str(i + 1) if i < last else "",
            }
            for i, m in enumerate(s.media)
        ]
        self.photos = [m for m, v in zip(media, s.media, strict=True) if v.kind == "photo"]
        self.videos = [m for m, v in zip(media, s.media, strict=True) if v.kind == "video"]
        self.version += 1

    def _current(self) -> Actor | None:
        with session_scope() as session:
            return self._actor(session)

    def _do(self, action: Callable[[Session, Actor | None], object]) -> None:
        self._fill(_apply(self._current(), action))

    async def _do_off_loop(self, action: Callable[[Session, Actor | None], object]) -> None:
        """For Pillow and big files: the work runs in a worker thread, the page waits."""
        self._fill(await asyncio.to_thread(_apply, self._current(), action))

    @rx.event
    def load(self) -> list | None:
        self.info_error = self.hours_error = self.closure_error = ""
        data, events = self._guarded(merchants.shop_settings)
        if data is not None:
            self._fill(data)
        return events

    @rx.event
    @in_worker_thread
    def save_info(self, form: dict) -> list | None:
        info = merchants.ShopInfo(
            name=str(form.get("name", "")),
            address=str(form.get("address", "")),
            contact_phone=str(form.get("contact_phone", "")),
            intro=str(form.get("intro", "")),
        )
        try:
            self._do(lambda s, a: merchants.update_shop_info(s, a, info))
        except DomainError as err:
            self.info_error = error_text(err)
            return None
        self.info_error = ""
        return [rx.toast.success(t("shop_admin.info_saved"))]

    @rx.event
    def set_closed(self, weekday: str, closed: bool) -> None:
        """Only the form's look: nothing is saved until the week is."""
        self.hours = [
            row | {"closed": "1" if closed is True else ""} if row["weekday"] == weekday else row
            for row in self.hours
        ]

    @rx.event
    def save_hours(self, form: dict) -> list | None:
        try:
            ranges = hours_from_form(self.hours, form)
            self._do(lambda s, a: merchants.set_business_hours(s, a, ranges))
        except DomainError as err:
            self.hours_error = error_text(err)
            return None
        self.hours_error = ""
        return [rx.toast.success(t("shop_admin.hours_saved"))]

    @rx.event
    def add_closure(self, form: dict) -> list | None:
        try:
            first, last = _day(form.get("first_day")), _day(form.get("last_day"))
            reason = str(form.get("reason", ""))
            self._do(lambda s, a: merchants.add_closure(s, a, first, last, reason))
        except DomainError as err:
            self.closure_error = error_text(err)
            return None
        self.closure_error = ""
        return [rx.toast.success(t("shop_admin.closure_added"))]

    @rx.event
    def remove_closure(self, closure_id: str) -> list:
        return self._act(
            lambda s, a: merchants.remove_closure(s, a, row_id(closure_id)),
            "shop_admin.closure_removed",
        )

    def _act(self, action: Callable[[Session, Actor | None], object], done: str) -> list:
        try:
            self._do(action)
        except DomainError as err:
            return [error_toast(err)]
        return [rx.toast.success(t(done))]

    @rx.event
    async def upload_photo(self, files: list[rx.UploadFile]) -> list:
        if not files:  # the browser refused the file (its on_drop_rejected has said why)
            return []
        if refused := upload_refused(self, files):
            return refused
        data = await files[0].read(merchants.media.PHOTO_MAX_BYTES + 1)
        try:
            await self._do_off_loop(lambda s, a: merchants.add_shop_photo(s, a, data))
        except DomainError as err:
            return [error_toast(err)]
        return [rx.toast.success(t("shop_admin.photo_added"))]

    @rx.event
    async def upload_video(self, files: list[rx.UploadFile]) -> list:
        if not files:  # the browser refused the file (its on_drop_rejected has said why)
            return []
        if refused := upload_refused(self, files, MEDIA):
            return refused
        upload = files[0]
        try:
            await self._do_off_loop(
                lambda s, a: merchants.add_shop_video(s, a, upload.file, upload.size)
            )
        except DomainError as err:
            return [error_toast(err)]
        return [rx.toast.success(t("shop_admin.video_added"))]

    @rx.event
    def photo_rejected(self) -> list:
        return [rx.toast.error(t("shop_admin.photo_rejected"), id="error-toast")]

    @rx.event
    def video_rejected(self) -> list:
        return [rx.toast.error(t("shop_admin.video_rejected"), id="error-toast")]

    @rx.event
    def move_media(self, media_id: str, position: str) -> list:
        to = row_id(position)
        return self._act(
            lambda s, a: merchants.move_shop_media(s, a, row_id(media_id), to),
            "shop_admin.order_saved",
        )

    @rx.event
    def save_caption(self, form: dict) -> list:
        media_id, caption = row_id(form.get("media_id")), str(form.get("caption", ""))
        return self._act(
            lambda s, a: merchants.set_media_caption(s, a, media_id, caption),
            "shop_admin.caption_saved",
        )

    @rx.event
    def remove_media(self, media_id: str) -> list:
        return self._act(
            lambda s, a: merchants.remove_shop_media(s, a, row_id(media_id)),
            "shop_admin.media_removed",
        )
