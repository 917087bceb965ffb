"""The technician's live job board: offers to answer and accepted jobs, updated without reload."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_toast
from salon_app.components import live
from salon_app.components.browser_input import row_id
from salon_app.components.format import local_datetime, local_time, money
from salon_app.core import live_feed
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services import dispatch
from salon_app.core.services.orders import jobs as job_board
from salon_app.i18n import t

TABS = list(job_board.TECH_TABS)


def job_row(job: job_board.JobCard) -> dict[str, str]:
    return {
        "code": job.order_code,
        "href": routes.tech_job(job.order_code),
        "offer_id": str(job.offer_id or ""),
        "services": "、".join(job.service_names),
        "when": f"{local_datetime(job.starts_at)} – {local_time(job.ends_at)}",
        "place": (job.district or t("common.at_home")) if job.at_home else t("common.in_shop"),
        "total": money(job.total_fen),
        "expires": t("job.expires", time=local_time(job.offer_expires_at))
        if job.offer_expires_at
        else "",
        "status": t(f"order.status.{job.status}"),
        "step": t(f"order.step.{job.service_step}") if job.service_step else "",
    }


class JobBoardState(live.LivePage, SessionState):
    offers: list[dict[str, str]] = []
    jobs: list[dict[str, str]] = []
    tab: str = "pending_service"
    rejecting: str = ""  # the offer whose reject reason is being typed

    @rx.event
    def load(self) -> list | None:
        return self._reload()

    def _reload(self) -> list | None:
        data, events = self._guarded(
            lambda s, a: (job_board.inbox(s, a), job_board.my_jobs(s, a, self.tab))
        )
        if data is not None:
            self.offers = [job_row(j) for j in data[0]]
            self.jobs = [job_row(j) for j in data[1]]
        return events

    def _watched(self) -> live.Watched:
        return live.Watched(
            routes.TECH_HOME,
            job_board.board_version,
            lambda s, a: [live_feed.technician(a.technician_id)],  # offers, its orders' steps
        )

    @rx.event
    def choose_tab(self, tab: str) -> list | None:
        if tab in TABS:
            self.tab = tab
            return self._reload()
        return None

    @rx.event
    def accept(self, offer_id: str) -> list | None:
        try:
            with session_scope() as session:
                dispatch.accept(session, self._actor(session), row_id(offer_id))
        except DomainError as err:
            self._reload()
            return [error_toast(err)]
        self._reload()
        return [rx.toast.success(t("job.accepted"))]

    @rx.event
    def start_reject(self, offer_id: str) -> None:
        self.rejecting = offer_id

    @rx.event
    def reject(self, form: dict) -> list | None:
        try:
            with session_scope() as session:
                dispatch.reject(
                    session,
                    self._actor(session),
                    row_id(self.rejecting),
                    str(form.get("reason", "")),
                )
        except DomainError as err:
            return [error_toast(err)]
        self.rejecting = ""
        self._reload()
        return [rx.toast.info(t("job.rejected"))]
