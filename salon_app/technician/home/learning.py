"""The technician's learning on their home page: assignments from the shop (due dates,
overdue flagged, progress) and current challenges with their own count and badges earned.
Loads itself when shown (no PAGES change)."""

from __future__ import annotations

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.auth.session_state import SessionState
from salon_app.components.layout import list_or_empty, section
from salon_app.core.services import learning
from salon_app.core.services.access import Actor
from salon_app.i18n import t


def _mine(
    session: Session, actor: Actor
) -> tuple[list[learning.Progress], list[learning.ChallengeRow]]:
    return learning.my_assignments(session, actor), learning.my_challenges(session, actor)


class MyLearningState(SessionState):
    assignments: list[dict[str, str]] = []
    challenges: list[dict[str, str]] = []

    @rx.event
    def load(self) -> list | None:
        found, events = self._guarded(_mine)
        if found is None:
            return events
        tasks, challenges = found
        self.assignments = [
            {
                "course": p.course,
                "href": routes.tech_course(p.course_id),
                "due": t("assignment.due_on", date=p.due_on.isoformat()) if p.due_on else "",
                "lessons": t("assignment.lessons", done=p.lessons_done, total=p.lessons_total),
                "state": t("assignment.done")
                if p.done
                else t("assignment.overdue")
                if p.overdue
                else t("assignment.in_progress"),
                "overdue": "1" if p.overdue else "",
            }
            for p in tasks
        ]
        self.challenges = [
            {
                "title": c.title,
                "progress": t("challenge.progress", mine=min(c.mine, c.goal), goal=c.goal),
                "days": t(
                    "challenge.days", first=c.first_day.isoformat(), last=c.last_day.isoformat()
                ),
                "badge": c.badge,
                "earned": "1" if c.earned else "",
            }
            for c in challenges
        ]
        return None


def _assignment(a: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.link(a["course"], href=a["href"], weight="medium", size="2"),
        rx.text(a["due"], " · ", a["lessons"], size="1", color_scheme="gray"),
        rx.badge(a["state"], color_scheme=rx.cond(a["overdue"] != "", "red", "gray")),
        wrap="wrap",
        spacing="2",
        align="center",
        class_name=rx.cond(a["overdue"] != "", "my-assignment overdue", "my-assignment"),
    )


def _challenge(c: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(c["title"], weight="medium", size="2"),
        rx.text(c["progress"], " · ", c["days"], size="1", color_scheme="gray"),
        rx.badge(
            c["badge"],
            rx.cond(c["earned"] != "", " ✓ " + t("challenge.earned"), ""),
            color_scheme=rx.cond(c["earned"] != "", "green", "gray"),
        ),
        wrap="wrap",
        spacing="2",
        align="center",
        class_name="my-challenge",
    )


def my_learning_section() -> rx.Component:
    """Assignments, then challenges."""
    return rx.vstack(
        section(
            t("assignment.mine"),
            list_or_empty(MyLearningState.assignments, _assignment, "my-assignments"),
        ),
        rx.cond(
            MyLearningState.challenges.length() > 0,
            section(
                t("challenge.title"),
                rx.vstack(rx.foreach(MyLearningState.challenges, _challenge), width="100%"),
            ),
        ),
        width="100%",
        spacing="5",
        on_mount=MyLearningState.load,
    )
