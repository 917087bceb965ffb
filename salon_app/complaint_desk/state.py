"""The complaints desk, shared by shop staff (/merchant/complaints) and admins (/admin/complaints).

What each user may see and do is decided by complaint_handling from the session token; the
browser only sends which complaint, which status, the resolution text and a refund in yuan.
"""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_toast, in_worker_thread
from salon_app.complaint_desk.mediation import MediationDesk
from salon_app.components.browser_input import row_id
from salon_app.components.complaint_view import ComplaintPhotos
from salon_app.components.format import local_datetime
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.models import Role
from salon_app.core.services.access import require_role
from salon_app.core.services.feedback import desk
from salon_app.i18n import t


def desk_row(c: desk.DeskComplaint) -> dict[str, str]:
    return {
        "id": str(c.id),
        "order": t("desk.order", code=c.order_code),
        "services": "、".join(c.services),
        "technician": c.technician_name,
        "customer": c.customer_name,
        "kind": t(f"complaint.kind.{c.kind}"),
        "after_sales": "1" if c.kind == "after_sales" else "",
        "reason": c.reason,
        "photos": str(c.photo_count) if c.photo_count else "",
        "status": t(f"complaint.status.{c.status}"),
        "final": "1" if c.status in desk.FINAL else "",
        "resolution": t("complaint.resolution", text=c.resolution) if c.resolution else "",
        "when": local_datetime(c.created_at),
    }


class ComplaintDeskState(MediationDesk, ComplaintPhotos, SessionState):
    rows: list[dict[str, str]] = []
    status_filter: str = ""

    @rx.event
    def load(self) -> list | None:
        self.photos_for, self.complaint_photos = "", []
        return self._reload()

    def _reload(self) -> list | None:
        wanted = self.status_filter
        # Each desk is its role's page: a merchant at /admin/complaints is refused like on
        # any other admin page (what anyone sees is still decided by the service).
        role = Role.admin if self.router.url.path.startswith(routes.ADMIN_HOME) else Role.merchant
        rows, events = self._guarded(
            lambda s, a: desk.desk_complaints(s, require_role(a, role), wanted)
        )
        if rows is not None:
            self.rows = [desk_row(c) for c in rows]
            self._load_mediation([c.id for c in rows] if role == Role.admin else [])
        return events

    @rx.event
    def filter_by(self, status: str) -> list | None:
        self.status_filter = status if status in desk.STATUSES else ""
        return self._reload()

    @rx.event
    @in_worker_thread
    def act(self, form: dict) -> list | None:
        raw_id = str(form.get("id", ""))
        try:
            with session_scope() as session:
                done = desk.handle_complaint(
                    session,
                    self._actor(session),
                    row_id(raw_id),
                    str(form.get("status", "")),
                    str(form.get("resolution", "")),
                    desk.refund_fen_from_yuan(form.get("refund_yuan", "")),
                )
        except DomainError as err:
            self._reload()
            return [error_toast(err)]
        self._reload()
        if done.refund_key:
            return [rx.toast.success(t("desk.refund_made", key=done.refund_key))]
        return [rx.toast.success(t("desk.updated"))]
