"""The challenges section of /admin/courses/requirements (platform challenges) and
/merchant/courses/assignments (the shop's): the list with badges awarded, and the form.

The service decides whose challenges they are from the actor (operator or shop staff)."""

from __future__ import annotations

from datetime import date

import reflex as rx

from salon_app.components.browser_input import small_number
from salon_app.components.data_table import scroll_table
from salon_app.components.form import labelled
from salon_app.components.layout import section
from salon_app.core.services import learning
from salon_app.i18n import t


def form_day(value: object) -> date | None:
    """A date input's value; anything unreadable is None (the service says it is required)."""
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def _row(c: learning.ChallengeRow) -> dict[str, str]:
    return {
        "title": c.title,
        "goal": t("challenge.goal_text", goal=c.goal),
        "days": t("challenge.days", first=c.first_day.isoformat(), last=c.last_day.isoformat()),
        "badge": c.badge,
        "awarded": str(c.awarded),
    }


class ChallengesMixin(rx.State, mixin=True):
    challenges: list[dict[str, str]] = []
    _created: str = ""  # the title of the challenge just created (for the toast)

    def _load_challenges(self) -> None:
        found, _ = self._guarded(learning.challenge_board)  # type: ignore[attr-defined]
        if found is not None:
            self.challenges = [_row(c) for c in found]

    @rx.event
    def create_challenge(self, form: dict) -> list:
        """Start a challenge from the form (title, goal lessons, first and last day, badge)."""

        def create(session, actor) -> None:  # noqa: ANN001
            made = learning.create_challenge(
                session,
                actor,
                str(form.get("title", "")),
                small_number(form.get("goal")) or 0,
                form_day(form.get("first_day")),
                form_day(form.get("last_day")),
                str(form.get("badge", "")),
            )
            self._created = made.title

        self._created = ""
        events = self._run(create, "", self._load_challenges)  # type: ignore[attr-defined]
        if self._created:
            return [*events, rx.toast.success(t("challenge.created", title=self._created))]
        return events


def challenges_section(state: type[ChallengesMixin]) -> rx.Component:
    """The challenge form, then the list."""
    return section(
        t("challenge.title"),
        rx.form(
            rx.grid(
                labelled(t("field.challenge_title"), rx.input(name="title", id="challenge-title")),
                labelled(
                    t("challenge.goal"),
                    rx.input(name="goal", type="number", min="1", id="challenge-goal"),
                ),
                labelled(
                    t("challenge.first_day"),
                    rx.input(name="first_day", type="date", id="challenge-first"),
                ),
                labelled(
                    t("challenge.last_day"),
                    rx.input(name="last_day", type="date", id="challenge-last"),
                ),
                labelled(t("field.badge_name"), rx.input(name="badge", id="challenge-badge")),
                columns=rx.breakpoints(initial="1", md="3"),
                spacing="3",
                width="100%",
            ),
            rx.button(
                t("challenge.create"), type="submit", id="challenge-create", margin_top="8px"
            ),
            on_submit=state.create_challenge,
            reset_on_submit=False,
            width="100%",
        ),
        scroll_table(
            [
                "challenge.col.title",
                "challenge.col.goal",
                "challenge.col.days",
                "challenge.col.badge",
                "challenge.col.awarded",
            ],
            rx.foreach(
                state.challenges,
                lambda c: rx.table.row(
                    rx.table.cell(c["title"]),
                    rx.table.cell(c["goal"]),
                    rx.table.cell(c["days"]),
                    rx.table.cell(rx.badge(c["badge"])),
                    rx.table.cell(c["awarded"]),
                    class_name="challenge-row",
                ),
            ),
            "challenges",
        ),
        id="challenges-section",
    )
