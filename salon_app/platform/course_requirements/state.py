"""Course requirements (/admin/courses/requirements): which course a category or a skill tag
requires; adding one first shows how many technicians would lose qualification and asks to
confirm; removing; the platform's challenges. Permission.manage_learning (services check)."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState
from salon_app.components.browser_input import row_id
from salon_app.core.services import certificates
from salon_app.i18n import t
from salon_app.learning_desk.challenges import ChallengesMixin


class RequirementsState(ChallengesMixin, SessionState):
    rows: list[dict[str, str]] = []
    categories: list[dict[str, str]] = []  # {"id", "name"} without a requirement yet
    courses: list[dict[str, str]] = []  # published platform courses
    preview: str = ""  # "N 名技师将失去资格…" shown before confirming; "" no pending addition
    _pending: tuple[int, int | None, str] = (0, None, "")  # course, category, skill

    @rx.event
    def load(self) -> list | None:
        self.preview = ""
        events = self._reload()
        if not self.access_error:
            self._load_challenges()
        return events

    def _reload(self) -> list | None:
        board, events = self._guarded(certificates.requirement_board)
        if board is not None:
            self.rows = [
                {
                    "id": str(r.id),
                    "target": r.target,
                    "kind": t(f"requirement.kind.{r.kind}"),
                    "course": r.course_title,
                    "holders": str(r.holders),
                }
                for r in board.requirements
            ]
            self.categories = [{"id": str(c.id), "name": c.name} for c in board.categories]
            self.courses = [{"id": str(c.id), "name": c.name} for c in board.courses]
        return events

    @rx.event
    def check(self, form: dict) -> list:
        """Preview the requirement in the form: how many would lose qualification."""
        asked = (
            row_id(form.get("course")),
            row_id(form.get("category")) or None,
            str(form.get("skill", ""))[:100],
        )

        def run(session, actor) -> None:  # noqa: ANN001
            found = certificates.preview_requirement(session, actor, *asked)
            self._pending = asked
            self.preview = t(
                "requirement.preview",
                losing=found.losing,
                target=found.target,
                course=found.course_title,
            )

        self.preview = ""
        return self._run(run)

    @rx.event
    def confirm(self) -> list:
        """Add the previewed requirement (the service checks it all again)."""
        if not self.preview:
            return []
        pending = self._pending

        def run(session, actor) -> None:  # noqa: ANN001
            certificates.add_requirement(session, actor, *pending)

        return self._run(run, "requirement.added", self._cancel, self._reload)

    @rx.event
    def cancel(self) -> None:
        self._cancel()

    def _cancel(self) -> None:
        self.preview, self._pending = "", (0, None, "")

    @rx.event
    def remove(self, requirement_id: str) -> list:
        rid = row_id(requirement_id)
        return self._run(
            lambda s, a: certificates.remove_requirement(s, a, rid),
            "requirement.removed",
            self._reload,
        )
