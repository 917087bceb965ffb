"""The technician's training records (培训经历) on their profile page: the list and the form."""

from __future__ import annotations

import reflex as rx

from salon_app.components.form import labelled
from salon_app.components.layout import list_or_empty
from salon_app.i18n import t
from salon_app.technician.profile.state import TechProfileState
from salon_app.technician.profile.training_state import TechTrainingState as S
from salon_app.technician.profile.widgets import removable_row, section_form


def _record(r: rx.Var) -> rx.Component:
    return removable_row(
        rx.vstack(
            rx.text(r["course"], weight="medium"),
            rx.text(
                r["organiser"],
                " ",
                r["completed_on"],
                " ",
                r["hours"],
                size="1",
                color_scheme="gray",
            ),
            rx.cond(r["note"] != "", rx.text(r["note"], size="1")),
            spacing="0",
            flex="1",
        ),
        rx.cond(r["shop_run"] != "", rx.badge(r["shop_run"], variant="soft")),
        remove=S.remove(r["id"]),
        remove_id="training-remove-" + r["id"],
        kind="training",
    )


def training_section() -> rx.Component:
    form = section_form(
        rx.input(
            name="course_name",
            placeholder=t("tech_profile.training_course"),
            id="training-course",
        ),
        rx.input(
            name="organiser",
            placeholder=t("tech_profile.training_organiser"),
            id="training-organiser",
        ),
        rx.cond(
            TechProfileState.shop_name != "",
            rx.checkbox(
                t("tech_profile.training_by_shop"), name="by_my_shop", id="training-by-shop"
            ),
        ),
        rx.flex(
            labelled(
                t("tech_profile.training_date"),
                rx.input(type="date", name="completed_on", id="training-date"),
            ),
            labelled(
                t("tech_profile.training_hours"),
                rx.input(type="number", name="hours", min=1, id="training-hours"),
            ),
            gap="8px",
            width="100%",
        ),
        rx.input(name="note", placeholder=t("tech_profile.training_note"), id="training-note"),
        error=S.training_error,
        error_id="training-error",
        submit=t("tech_profile.training_add"),
        submit_id="training-add",
        on_submit=S.add,
        version=S.training_version,
        align="stretch",
    )
    return rx.vstack(
        list_or_empty(S.training, _record, "training-list"),
        rx.card(form, width="100%"),
        width="100%",
    )
