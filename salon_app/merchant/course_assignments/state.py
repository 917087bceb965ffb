"""Course assignments (/merchant/courses/assignments): assign a course to some of the shop's
technicians by a due date, the progress table (searched, sorted, paged; overdue flagged), and
the shop's challenges."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState
from salon_app.components.browser_input import row_id
from salon_app.components.data_table import TableMixin
from salon_app.core.services import learning
from salon_app.i18n import t
from salon_app.learning_desk.challenges import ChallengesMixin, form_day


def _row(p: learning.Progress) -> dict[str, str]:
    if p.done:
        status = t("assignment.done")
    elif p.overdue:
        status = t("assignment.overdue")
    else:
        status = t("assignment.in_progress")
    return {
        "id": str(p.enrollment_id),
        "technician": p.technician,
        "course": p.course,
        "lessons": t("assignment.lessons", done=p.lessons_done, total=p.lessons_total),
        "quiz": t("assignment.quiz_passed") if p.quiz_passed else t("assignment.quiz_open"),
        "certificate": p.certificate or "-",
        "due": p.due_on.isoformat() if p.due_on else "-",
        "status": status,
        "overdue": "1" if p.overdue else "",
        "done": "1" if p.done else "",
    }


class AssignmentsState(ChallengesMixin, TableMixin, SessionState):
    rows: list[dict[str, str]] = []
    courses: list[dict[str, str]] = []  # what may be assigned: {"id", "name"}
    technicians: list[dict[str, str]] = []
    chosen: list[str] = []  # ids of the technicians ticked in the form
    _assigned: int = -1

    @rx.event
    def load(self) -> list | None:
        options, events = self._guarded(learning.assignment_options)
        if options is None:
            return events
        courses, techs = options
        self.courses = [{"id": str(c.id), "name": c.name} for c in courses]
        self.technicians = [{"id": str(x.id), "name": x.name} for x in techs]
        self.chosen = [c for c in self.chosen if any(x["id"] == c for x in self.technicians)]
        self._load_challenges()
        return self._load_table()

    def _load_table(self) -> list | None:
        query = self._table_query(learning.ASSIGNMENT_SORTS, "due")
        found, events = self._guarded(lambda s, a: learning.shop_assignment_page(s, a, query))
        if found is not None:
            self.rows = [_row(p) for p in found.rows]
            self._show_page(found)
        return events

    @rx.event
    def toggle_technician(self, tech_id: str) -> None:
        key = str(row_id(tech_id))
        if key in self.chosen:
            self.chosen = [c for c in self.chosen if c != key]
        elif any(x["id"] == key for x in self.technicians):
            self.chosen = [*self.chosen, key]

    @rx.event
    def assign(self, form: dict) -> list:
        """Assign the chosen course to the ticked technicians by the due date."""

        def run(session, actor) -> None:  # noqa: ANN001
            self._assigned = learning.assign_course(
                session,
                actor,
                row_id(form.get("course")),
                [row_id(c) for c in self.chosen],
                form_day(form.get("due_on")),
            )

        self._assigned = -1
        events = self._run(run, "", self._load_table)
        if self._assigned >= 0:
            self.chosen = []
            return [*events, rx.toast.success(t("assignment.assigned", count=self._assigned))]
        return events
