"""The training section of the technician's profile page: list, add, remove (one service each)."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState, error_text, error_toast
from salon_app.components.browser_input import optional_whole
from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError
from salon_app.core.services.technicians import training
from salon_app.i18n import t
from salon_app.technician.profile.view import optional_date, whole_number

CHECKED = ("on", "true", "1")


def training_row(item: training.TrainingItem) -> dict[str, str]:
    return {
        "id": str(item.id),
        "course": item.course_name,
        "organiser": item.organiser,
        "completed_on": item.completed_on.isoformat(),
        "hours": t("tech.training_hours", hours=item.hours) if item.hours else "",
        "note": item.note,
        "shop_run": t("tech_profile.training_shop_run") if item.by_shop else "",
    }


def hours_from_form(text: object) -> int | None:
    """Training hours as typed, blank for none (components/browser_input.optional_whole)."""
    low, high = training.HOURS_MIN, training.HOURS_MAX
    return optional_whole(
        text,
        minimum=low,
        maximum=high,
        error="tech_profile.training_hours_invalid",
        low=low,
        high=high,
    )


class TechTrainingState(SessionState):
    training: list[dict[str, str]] = []
    training_error: str = ""
    training_version: int = 0  # bumped after an add, so the form's inputs are emptied

    def _refill(self, items: list[training.TrainingItem]) -> None:
        self.training = [training_row(i) for i in items]

    @rx.event
    def load(self) -> list | None:
        self.training_error = ""
        items, events = self._guarded(training.my_training)
        if items is not None:
            self._refill(items)
        return events

    @rx.event
    def add(self, form: dict) -> list | None:
        try:
            new = training.NewTraining(
                course_name=str(form.get("course_name", "")),
                organiser=str(form.get("organiser", "")),
                completed_on=optional_date(form.get("completed_on")),
                hours=hours_from_form(form.get("hours")),
                note=str(form.get("note", "")),
                by_my_shop=str(form.get("by_my_shop", "")).lower() in CHECKED,
            )
            with session_scope() as session:
                actor = self._actor(session)
                training.add_training(session, actor, new)
                items = training.my_training(session, actor)
        except DomainError as err:
            self.training_error = error_text(err)
            return None
        self._refill(items)
        self.training_error = ""
        self.training_version += 1
        return [rx.toast.success(t("tech_profile.training_added"))]

    @rx.event
    def remove(self, training_id: str) -> list:
        try:
            with session_scope() as session:
                actor = self._actor(session)
                training.remove_training(session, actor, whole_number(training_id))
                items = training.my_training(session, actor)
        except DomainError as err:
            return [error_toast(err)]
        self._refill(items)
        return [rx.toast.success(t("tech_profile.training_removed"))]
