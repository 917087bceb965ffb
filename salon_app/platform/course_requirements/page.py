"""/admin/courses/requirements: the requirements table, the add form with its preview and
confirm step, and the platform's challenges."""

from __future__ import annotations

import reflex as rx

from salon_app.components.data_table import scroll_table
from salon_app.components.form import labelled
from salon_app.components.layout import section
from salon_app.i18n import t
from salon_app.learning_desk.challenges import challenges_section
from salon_app.platform.course_requirements.state import RequirementsState as R
from salon_app.platform.frame import admin_dashboard

_SELECT = {"padding": "6px 8px", "border_radius": "6px", "border": "1px solid var(--gray-a7)"}


def _options(rows: rx.Var) -> rx.Component:
    return rx.foreach(rows, lambda c: rx.el.option(c["name"], value=c["id"]))


def _add_form() -> rx.Component:
    return rx.form(
        rx.grid(
            labelled(
                t("requirement.course"),
                rx.el.select(_options(R.courses), name="course", id="req-course", style=_SELECT),
            ),
            labelled(
                t("requirement.category"),
                rx.el.select(
                    rx.el.option(t("requirement.no_category"), value=""),
                    _options(R.categories),
                    name="category",
                    id="req-category",
                    style=_SELECT,
                ),
            ),
            labelled(t("field.skill_tag"), rx.input(name="skill", id="req-skill")),
            columns=rx.breakpoints(initial="1", md="3"),
            spacing="3",
            width="100%",
        ),
        rx.button(t("requirement.check"), type="submit", id="req-check", margin_top="8px"),
        on_submit=R.check,
        reset_on_submit=False,
        width="100%",
    )


def _confirm() -> rx.Component:
    return rx.cond(
        R.preview != "",
        rx.callout.root(
            rx.callout.text(R.preview, id="req-preview"),
            rx.hstack(
                rx.button(t("requirement.confirm"), on_click=R.confirm, id="req-confirm"),
                rx.button(
                    t("requirement.cancel"), on_click=R.cancel, variant="soft", id="req-cancel"
                ),
            ),
            color_scheme="amber",
            width="100%",
        ),
    )


def _row(r: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(r["target"]),
        rx.table.cell(r["kind"]),
        rx.table.cell(r["course"]),
        rx.table.cell(r["holders"]),
        rx.table.cell(
            rx.button(
                t("requirement.remove"),
                on_click=R.remove(r["id"]),
                size="1",
                variant="soft",
                color_scheme="red",
                class_name="req-remove",
            )
        ),
        class_name="requirement-row",
    )


def course_requirements_page() -> rx.Component:
    return admin_dashboard(
        t("requirement.title"),
        section(
            t("requirement.title"),
            rx.text(t("requirement.intro"), size="2", color_scheme="gray"),
            scroll_table(
                [
                    "requirement.col.target",
                    "requirement.col.kind",
                    "requirement.col.course",
                    "requirement.col.holders",
                    "table.actions",
                ],
                rx.foreach(R.rows, _row),
                "requirements",
            ),
            _add_form(),
            _confirm(),
        ),
        challenges_section(R),
    )
