"""One job for the technician: the customer's needs, progress steps, messages."""

from __future__ import annotations

from typing import Any

import reflex as rx

from salon_app.auth.session_state import SessionState, error_toast, in_worker_thread
from salon_app.components import live
from salon_app.components.complaint_view import ComplaintPhotos, complaint_row
from salon_app.components.format import local_datetime
from salon_app.components.geolocation import CURRENT_POSITION_JS
from salon_app.components.thread import OrderThread, message_rows
from salon_app.components.visit_safety import SosPanel
from salon_app.core import live_feed
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services.feedback import complaints
from salon_app.core.services.orders import jobs as job_board
from salon_app.core.services.orders import messages
from salon_app.i18n import t
from salon_app.technician.home.board_state import job_row
from salon_app.technician.job.contact_state import JobContactState

NEXT_STEP = {"": "departed", "departed": "arrived", "arrived": "started", "started": "completed"}


class JobState(
    live.LivePage, JobContactState, SosPanel, ComplaintPhotos, OrderThread, SessionState
):
    code: str = ""
    job: dict[str, str] = {}
    events: list[dict[str, str]] = []
    next_step: str = ""
    locating: bool = False  # waiting for the browser's position before recording a step
    complaint_rows: list[dict[str, str]] = []
    _pending_step: str = ""  # the step the button asked for, recorded when the position comes

    @rx.event
    @in_worker_thread  # may bind the order's privacy number (the relay provider: network)
    def load(self) -> list | None:
        self.code = self._param("job_code")
        self.locating, self._pending_step = False, ""
        self.photos_for, self.complaint_photos = "", []
        return self._reload(reveal=True)

    def _reload(self, reveal: bool = False) -> list | None:
        data, events = self._guarded(
            lambda s, a: (
                job_board.job_detail(s, a, self.code),
                messages.visible_thread(s, a, self.code),
                complaints.job_complaints(s, a, self.code),
            )
        )
        if data is not None:
            detail, thread, filed = data
            self.complaint_rows = [complaint_row(c) for c in filed]
            self.job = {
                **job_row(detail),
                "customer": detail.customer_name,
                "phone": detail.customer_phone,  # masked: calls go through the relay number
                "accepted": "1" if detail.contact_open else "",
            }
            if reveal:
                self._reveal_contact(detail.contact_open)
            else:
                self._keep_contact(detail.contact_open)
            self.events = [
                {
                    "what": t(f"order.event.{kind}"),
                    "when": local_datetime(at),
                    "where": t("job.position_recorded") if located else "",
                }
                for kind, at, located in detail.events
            ]
            active = detail.dispatch_state == "accepted" and detail.status in (
                "pending_service",
                "in_service",
            )
            self.next_step = NEXT_STEP.get(detail.service_step, "") if active else ""
            self.thread = message_rows(thread)
            self._load_visit_safety()
        return events

    def _load_visit_safety(self) -> None:
        """SOS while the visit is on, and whether the arrival was verified."""
        self._load_sos()
        with session_scope() as session:
            state = job_board.job_arrival(session, self._actor(session), self.code)
        self.job["arrival"] = t(f"visit.arrival.{state}") if state else ""

    def _watched(self) -> live.Watched:
        code = self._param("job_code")  # the address's job: the load may not have run yet
        return live.Watched(
            "/tech/job/",
            lambda s, a: job_board.job_version(s, a, code),
            lambda s, a: [live_feed.order(job_board.job_order_id(s, a, code))],
        )

    @rx.event
    def advance(self) -> list | None:
        """Ask the browser for its position first; record_step records the step with it."""
        if not self.next_step or self.locating:
            return None  # a second tap while locating records nothing twice
        self._pending_step, self.locating = self.next_step, True
        return [rx.call_script(CURRENT_POSITION_JS, callback=JobState.record_step)]

    @rx.event
    def record_step(self, position: Any) -> list | None:
        """The step asked for by advance, with whatever the browser sent (the service checks it;
        null when the technician refused or the browser could not tell)."""
        step, self._pending_step, self.locating = self._pending_step, "", False
        if not step:
            return None
        fix = position if isinstance(position, dict) else {}
        try:
            with session_scope() as session:
                job_board.advance(
                    session, self._actor(session), self.code, step, fix.get("lat"), fix.get("lng")
                )
        except DomainError as err:
            self._reload()
            return [error_toast(err)]
        self._reload()
        located = bool(self.events) and self.events[-1]["where"] != ""
        if not located:
            return [rx.toast.info(t("job.step_no_position", step=t(f"job.step.{step}")))]
        return [rx.toast.success(t(f"job.step.{step}"))]
