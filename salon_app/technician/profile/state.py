"""The technician's own profile page: one handler per form, each calling one service function.

Files are read here and handed to the service as bytes; a certificate scan or a case-study
photo chosen before its form is sent waits in a backend-only var, already checked.
profile_view.py turns service data into rows for the page and form fields back into values.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text, error_toast, in_worker_thread
from salon_app.components.photos import data_url
from salon_app.components.uploads import upload_refused
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services.access import Actor
from salon_app.core.services.technicians import own_profile as tp
from salon_app.i18n import t
from salon_app.technician.profile.view import (
    case_row,
    certificate_row,
    hours_from_form,
    hours_rows,
    optional_date,
    price_row,
    radius_km,
    read_upload,
    skills_from_form,
    whole_number,
)

T = TypeVar("T")


class TechProfileState(SessionState):
    loaded: bool = False
    version: int = 0  # bumped on every refill, so uncontrolled inputs show the saved values
    public_href: str = ""
    name: str = ""
    gender: str = ""
    birth_date: str = ""
    years: str = ""
    skills: str = ""
    bio: str = ""
    age: str = ""
    shop_name: str = ""
    photo_url: str = ""
    certificates: list[dict[str, str]] = []
    cases: list[dict[str, str]] = []
    hours: list[dict[str, str]] = []
    area: str = ""
    radius: str = ""
    prices: list[dict[str, str]] = []
    service_options: list[dict[str, str]] = []
    basic_error: str = ""
    cert_error: str = ""
    case_error: str = ""
    hours_error: str = ""
    area_error: str = ""
    price_error: str = ""
    price_error_for: str = ""  # service id of the row the price error belongs to
    cert_scan_name: str = ""
    case_before_name: str = ""
    case_after_name: str = ""
    scan_title: str = ""
    scan_image: str = ""  # data: URL, only ever set for a viewer the service allowed
    _cert_scan: bytes = b""
    _case_before: bytes = b""
    _case_after: bytes = b""

    def _fill(self, p: tp.MyProfile) -> None:
        b = p.basic
        self.public_href = routes.technician(p.id)
        self.name, self.gender, self.bio = b.display_name, b.gender, b.bio
        self.birth_date = b.birth_date.isoformat() if b.birth_date else ""
        self.years, self.skills = str(b.years_experience), "、".join(b.skills)
        self.age = t("tech.age", age=p.age) if p.age is not None else ""
        self.shop_name, self.photo_url = p.shop_name or "", p.photo_url
        self.certificates = [certificate_row(c) for c in p.certificates]
        self.cases = [case_row(c) for c in p.case_studies]
        self.hours = hours_rows(p.hours)
        self.area = (
            t("tech_profile.area_current", label=p.area.label, radius=f"{p.area.radius_km:g}")
            if p.area
            else ""
        )
        self.radius = f"{p.area.radius_km:g}" if p.area else "5"
        self.prices = [price_row(o) for o in p.prices]
        self.service_options = [{"id": str(o.service_id), "label": o.name} for o in p.prices]
        self.version += 1
        self.loaded = True

    def _apply(self, action: Callable[[Session, Actor | None], T]) -> T:
        """Run one service call as the current user, then refill the page from the database."""
        with session_scope() as session:
            actor = self._actor(session)
            result = action(session, actor)
            profile = tp.my_profile(session, actor)
        self._fill(profile)
        return result

    @rx.event
    def load(self) -> list | None:
        self.scan_image = self.scan_title = ""
        self.basic_error = self.cert_error = self.case_error = ""
        self.hours_error = self.area_error = self.price_error = ""
        data, events = self._guarded(tp.my_profile)
        if data is not None:
            self._fill(data)
        return events

    @rx.event
    def save_basic(self, form: dict) -> list | None:
        try:
            birth = optional_date(form.get("birth_date"))
            skills = skills_from_form(form.get("skills"))
            info = tp.BasicInfo(
                display_name=str(form.get("display_name", "")),
                gender=str(form.get("gender", "")),
                birth_date=birth,
                years_experience=whole_number(form.get("years_experience") or 0),
                skills=skills,
                bio=str(form.get("bio", "")),
            )
            self._apply(lambda s, a: tp.update_basic(s, a, info))
        except DomainError as err:
            self.basic_error = error_text(err)
            return None
        self.basic_error = ""
        return [rx.toast.success(t("tech_profile.saved"))]

    @rx.event
    async def upload_photo(self, files: list[rx.UploadFile]) -> list:
        if not files:  # the browser refused the file (its on_drop_rejected has said why)
            return []
        if refused := upload_refused(self, files):
            return refused
        data, name = await read_upload(files), files[0].filename or ""
        try:  # Pillow decodes it: off the event loop
            await asyncio.to_thread(self._apply, lambda s, a: tp.set_photo(s, a, data, name))
        except DomainError as err:
            return [error_toast(err)]
        # Nothing to clear: on_drop sends the files at once, the picker keeps no selection.
        return [rx.toast.success(t("tech_profile.photo_saved"))]

    @rx.event
    def upload_rejected(self) -> list:
        return [rx.toast.error(t("upload.rejected"), id="error-toast")]

    async def _stage(self, files: list[rx.UploadFile], slot: str, scan: bool = False) -> list:
        """Check a chosen photo now and keep it (backend var `_<slot>`) until its form is sent."""
        if not files:  # the browser refused the file (its on_drop_rejected has said why)
            return []
        if refused := upload_refused(self, files):
            return refused
        chosen, name = await read_upload(files), ""

        def prepare() -> bytes:  # Pillow decodes it: off the event loop
            with session_scope() as session:
                return tp.prepare_upload(session, self._actor(session), chosen, scan=scan)

        try:
            data = await asyncio.to_thread(prepare)
            name = files[0].filename or ""
            events = [rx.toast.info(t("tech_profile.file_staged"))]
        except DomainError as err:
            data, events = b"", [error_toast(err)]
        setattr(self, f"_{slot}", data)
        setattr(self, f"{slot}_name", name)
        return events

    @rx.event
    async def stage_scan(self, files: list[rx.UploadFile]) -> list:
        return await self._stage(files, "cert_scan", scan=True)

    @rx.event
    async def stage_before(self, files: list[rx.UploadFile]) -> list:
        return await self._stage(files, "case_before")

    @rx.event
    async def stage_after(self, files: list[rx.UploadFile]) -> list:
        return await self._stage(files, "case_after")

    @rx.event
    @in_worker_thread
    def add_certificate(self, form: dict) -> list | None:
        scan = self._cert_scan or None
        try:
            issued = optional_date(form.get("issued_on"))
            name, issuer = str(form.get("name", "")), str(form.get("issuer", ""))
            self._apply(lambda s, a: tp.add_certificate(s, a, name, issuer, issued, scan))
        except DomainError as err:
            self.cert_error = error_text(err)
            return None
        self.cert_error, self._cert_scan, self.cert_scan_name = "", b"", ""
        return [rx.toast.success(t("tech_profile.certificate_added"))]

    @rx.event
    def remove_certificate(self, certificate_id: str) -> list:
        try:
            self._apply(lambda s, a: tp.remove_certificate(s, a, whole_number(certificate_id)))
        except DomainError as err:
            return [error_toast(err)]
        self.scan_image = self.scan_title = ""
        return [rx.toast.success(t("tech_profile.certificate_removed"))]

    @rx.event
    def view_scan(self, certificate_id: str) -> list | None:
        try:
            with session_scope() as session:
                actor = self._actor(session)
                scan = tp.certificate_scan(session, actor, whole_number(certificate_id))
        except DomainError as err:
            return [error_toast(err)]
        if scan is None:
            return [rx.toast.info(t("tech_profile.cert_no_scan"))]
        title = next((c["name"] for c in self.certificates if c["id"] == certificate_id), "")
        self.scan_title = title
        self.scan_image = data_url(scan)
        return None

    @rx.event
    def close_scan(self) -> None:
        self.scan_image = self.scan_title = ""

    @rx.event
    @in_worker_thread
    def add_case(self, form: dict) -> list | None:
        title = str(form.get("title", ""))
        before, after = self._case_before or None, self._case_after or None
        try:
            raw_service = str(form.get("service_id") or "0")
            service_id = whole_number(raw_service) or None
            self._apply(lambda s, a: tp.add_case_study(s, a, title, service_id, before, after))
        except DomainError as err:
            self.case_error = error_text(err)
            return None
        self.case_error = ""
        self._case_before = self._case_after = b""
        self.case_before_name = self.case_after_name = ""
        return [rx.toast.success(t("tech_profile.case_added"))]

    @rx.event
    def remove_case(self, case_id: str) -> list:
        try:
            self._apply(lambda s, a: tp.remove_case_study(s, a, whole_number(case_id)))
        except DomainError as err:
            return [error_toast(err)]
        return [rx.toast.success(t("tech_profile.case_removed"))]

    @rx.event
    def set_rest(self, weekday: str, rest: bool) -> None:
        self.hours = [
            row | {"rest": "1" if rest else ""} if row["weekday"] == weekday else row
            for row in self.hours
        ]

    @rx.event
    def save_hours(self, form: dict) -> list | None:
        try:
            ranges = hours_from_form(self.hours, form)
            self._apply(lambda s, a: tp.replace_working_hours(s, a, ranges))
        except DomainError as err:
            self.hours_error = error_text(err)
            return None
        self.hours_error = ""
        return [rx.toast.success(t("tech_profile.hours_saved"))]

    @rx.event
    @in_worker_thread
    def save_area(self, form: dict) -> list | None:
        address = str(form.get("address", ""))
        try:
            radius = radius_km(form.get("radius"))
            self._apply(lambda s, a: tp.set_service_area(s, a, address, radius))
        except DomainError as err:
            self.area_error = error_text(err)
            return None
        self.area_error = ""
        return [rx.toast.success(t("tech_profile.area_saved"))]

    @rx.event
    def save_price(self, form: dict) -> list | None:
        service = str(form.get("service_id", ""))
        try:
            price_fen = tp.yuan_to_fen(str(form.get("price", "")))
            self._apply(lambda s, a: tp.set_price(s, a, whole_number(service), price_fen))
        except DomainError as err:
            self.price_error, self.price_error_for = error_text(err), service
            return None
        self.price_error = self.price_error_for = ""
        return [rx.toast.success(t("tech_profile.price_saved"))]

    @rx.event
    def remove_price(self, service_id: str) -> list:
        try:
            self._apply(lambda s, a: tp.remove_price(s, a, whole_number(service_id)))
        except DomainError as err:
            return [error_toast(err)]
        self.price_error = self.price_error_for = ""
        return [rx.toast.success(t("tech_profile.price_removed"))]
