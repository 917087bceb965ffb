"""The events desk: the events table (search, sort, paging) with a chart of seats, a form to
publish or edit an event, and one event's panel: its check-in code, figures and sign-ups
(seated, the waitlist in order, attended) with a check-in by hand. Operators act for the
platform, shop staff for their shop: the services decide from the session which desk it is."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.auth.session_state import SessionState, error_text, error_toast
from salon_app.components.browser_input import row_id, small_number
from salon_app.components.data_table import TableMixin
from salon_app.components.format import local_datetime, local_time
from salon_app.core.clock import utcnow
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.models import Role
from salon_app.core.services import learning
from salon_app.core.services.access import Actor, require_role
from salon_app.core.settings import get_settings
from salon_app.i18n import t

NO_COURSE = "none"
EMPTY_FORM = {"title": "", "description": "", "place": "", "starts": "", "ends": "",
              "capacity": "20", "course": NO_COURSE}  # fmt: skip
LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends


def _desk_actor(state: rx.State, actor: Actor | None) -> Actor:
    """/admin/events is the platform's desk, /merchant/events a shop's: the wrong role for the
    page is refused like on any other page of that side."""
    role = Role.admin if state.router.url.path.startswith(routes.ADMIN_HOME) else Role.merchant
    return require_role(actor, role)


def _local(text: object) -> datetime | None:
    try:
        moment = datetime.strptime(str(text or "").strip(), LOCAL_INPUT)
    except ValueError:
        return None
    return moment.replace(tzinfo=ZoneInfo(get_settings().timezone))


def _input_value(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo(get_settings().timezone)).strftime(LOCAL_INPUT)


def _draft(form: dict, course: str) -> learning.EventDraft:
    return learning.EventDraft(
        title=str(form.get("title") or ""),
        description=str(form.get("description") or ""),
        place=str(form.get("place") or ""),
        starts_at=_local(form.get("starts")),
        ends_at=_local(form.get("ends")),
        capacity=small_number(form.get("capacity")),
        course_id=None if course == NO_COURSE else row_id(course),
    )


def _row(r: learning.EventRow) -> dict[str, str]:
    now = utcnow()
    live = r.status == "published"
    status = "ended" if live and r.ends_at <= now else r.status
    return {
        "id": str(r.id),
        "title": r.title,
        "organiser": r.organiser,
        "place": r.place,
        "starts": f"{local_datetime(r.starts_at)}–{local_time(r.ends_at)}",
        "capacity": str(r.capacity),
        "seats": f"{r.seats_taken}/{r.capacity}",
        "waiting": str(r.waiting),
        "attended": str(r.attended),
        "status": status,
        "status_text": t(f"events.status.{status}"),
        "course": r.course_title,
        "editable": "1" if r.mine and live and r.starts_at > now else "",
        "cancellable": "1" if live and r.ends_at > now else "",
    }


class EventDeskState(TableMixin, SessionState):
    rows: list[dict[str, str]] = []
    chart: list[dict[str, str | int]] = []
    courses: list[dict[str, str]] = []  # value, label
    editing: str = ""
    editing_title: str = ""
    course: str = NO_COURSE
    form: dict[str, str] = EMPTY_FORM
    form_key: int = 0
    form_error: str = ""

    def _show(self, session: Session, actor: Actor) -> None:
        actor = _desk_actor(self, actor)
        query = self._table_query(learning.EVENT_SORTS, "starts", True)
        page = learning.event_table(session, actor, query)
        self.rows = [_row(r) for r in page.rows]
        self.chart = [
            {"name": r.title, "seated": r.seats_taken, "waiting": r.waiting,
             "attended": r.attended}
            for r in page.rows
        ]  # fmt: skip
        self._show_page(page)
        self.courses = [{"value": NO_COURSE, "label": t("events.no_course")}] + [
            {"value": str(i), "label": title}
            for i, title in learning.course_choices(session, actor)
        ]

    def _load_table(self) -> list | None:
        _, events = self._guarded(self._show)
        return events

    def _blank(self) -> None:
        self.editing, self.editing_title, self.form_error = "", "", ""
        self.course, self.form = NO_COURSE, dict(EMPTY_FORM)
        self.form_key += 1

    @rx.event
    def load(self) -> list | None:
        self._blank()
        return self._load_table()

    @rx.event
    def choose_course(self, value: str) -> None:
        if isinstance(value, str) and value in {c["value"] for c in self.courses}:
            self.course = value

    @rx.event
    def edit(self, event_id: str) -> list | None:
        def load(session: Session, actor: Actor) -> None:
            d = learning.event_detail(session, _desk_actor(self, actor), row_id(event_id))
            self.editing, self.editing_title = str(d.id), d.title
            self.form = {
                "title": d.title, "description": d.description, "place": d.place,
                "starts": _input_value(d.starts_at), "ends": _input_value(d.ends_at),
                "capacity": str(d.capacity), "course": str(d.course_id or NO_COURSE),
            }  # fmt: skip
            self.course = str(d.course_id) if d.course_id else NO_COURSE
            self.form_key += 1
            self.form_error = ""
            self._show(session, actor)

        try:
            _, events = self._guarded(load)
        except DomainError as err:
            return [error_toast(err)]
        return events

    @rx.event
    def refresh_table(self) -> list | None:
        return self._load_table()

    @rx.event
    def cancel_edit(self) -> list | None:
        self._blank()
        return self._load_table()

    @rx.event
    def save(self, form: dict) -> list | None:
        """Publish a new event, or save the one being edited."""
        self.form_error = ""
        with session_scope() as session:
            try:
                actor = _desk_actor(self, self._actor(session))
                draft = _draft(form, self.course)
                if self.editing:
                    event = learning.update_event(session, actor, row_id(self.editing), draft)
                else:
                    event = learning.publish_event(session, actor, draft)
            except DomainError as err:
                self.form_error = error_text(err)
                return [error_toast(err)]
        self._blank()
        events = self._load_table() or []
        return [*events, EventSignupsState.open(str(event.id)),
                rx.toast.success(t("events.saved", title=event.title))]  # fmt: skip

    @rx.event
    def cancel_event(self, event_id: str) -> list:
        def act(session: Session, actor: Actor | None) -> None:
            learning.cancel_event(session, _desk_actor(self, actor), row_id(event_id))

        events = self._run(act, "events.event_cancelled")
        return [*events, *(self._load_table() or []), EventSignupsState.refresh]


class EventSignupsState(TableMixin, SessionState):
    """The chosen event's panel: figures, the check-in code, the sign-ups."""

    event_id: str = ""
    detail: dict[str, str] = {}
    signups: list[dict[str, str]] = []

    def _show(self, session: Session, actor: Actor) -> None:
        actor = _desk_actor(self, actor)
        if not self.event_id:
            return
        d = learning.event_detail(session, actor, row_id(self.event_id))
        self.detail = {
            "title": d.title,
            "when": f"{local_datetime(d.starts_at)}–{local_time(d.ends_at)}",
            "place": d.place,
            "code": d.code,
            "capacity": str(d.capacity),
            "seated": str(d.seats_taken),
            "waiting": str(d.waiting),
            "attended": str(d.attended),
            "status": t(f"events.status.{d.status}"),
        }
        query = self._table_query(learning.SIGNUP_SORTS, "signed_up")
        page = learning.signup_table(session, actor, d.id, query)
        self.signups = [
            {
                "id": str(s.id),
                "technician": s.technician,
                "shop": s.shop or "—",
                "status": s.status,
                "status_text": t("events.my.waiting", position=s.waiting_position)
                if s.status == "waiting"
                else t(f"events.my.{s.status}"),
                "signed_up": local_datetime(s.signed_up_at),
                "checked_in": local_datetime(s.checked_in_at) if s.checked_in_at else "",
                "attempts": str(s.checkin_attempts),
            }
            for s in page.rows
        ]
        self._show_page(page)

    def _load_table(self) -> list | None:
        _, events = self._guarded(self._show)
        return events

    @rx.event
    def load(self) -> None:
        self.event_id, self.detail, self.signups = "", {}, []

    @rx.event
    def open(self, event_id: str) -> list | None:
        self.event_id = str(row_id(event_id) or "")
        self.table_search, self.table_page = "", 1
        return self._load_table()

    @rx.event
    def refresh(self) -> list | None:
        return self._load_table()

    @rx.event
    def close(self) -> None:
        self.event_id, self.detail, self.signups = "", {}, []

    @rx.event
    def check_in(self, signup_id: str) -> list:
        def act(session: Session, actor: Actor | None) -> None:
            learning.check_in_by_organiser(session, _desk_actor(self, actor), row_id(signup_id))

        events = self._run(act, "events.checked_in_by_hand")
        return [*events, *(self._load_table() or []), EventDeskState.refresh_table]
