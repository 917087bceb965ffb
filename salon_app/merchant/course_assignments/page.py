"""/merchant/courses/assignments: the assign form, the progress table, the shop's challenges."""

from __future__ import annotations

import reflex as rx

from salon_app.components.data_table import Column, data_table
from salon_app.components.form import labelled
from salon_app.components.layout import section
from salon_app.i18n import t
from salon_app.learning_desk.challenges import challenges_section
from salon_app.merchant.course_assignments.state import AssignmentsState as A
from salon_app.merchant.frame import merchant_dashboard

_SELECT = {"padding": "6px 8px", "border_radius": "6px", "border": "1px solid var(--gray-a7)"}


def _technician(x: rx.Var) -> rx.Component:
    return rx.el.label(
        rx.checkbox(
            checked=A.chosen.contains(x["id"]),
            on_change=lambda _on: A.toggle_technician(x["id"]),
        ),
        x["name"],
        style={"display": "flex", "gap": "6px", "align_items": "center"},
        class_name="assign-technician",
    )


def _assign_form() -> rx.Component:
    return section(
        t("assignment.new"),
        rx.form(
            rx.vstack(
                labelled(
                    t("assignment.col.course"),
                    rx.el.select(
                        rx.foreach(A.courses, lambda c: rx.el.option(c["name"], value=c["id"])),
                        name="course",
                        id="assign-course",
                        style=_SELECT,
                    ),
                ),
                labelled(
                    t("assignment.technicians"),
                    rx.flex(
                        rx.foreach(A.technicians, _technician),
                        wrap="wrap",
                        gap="12px",
                        id="assign-technicians",
                    ),
                ),
                labelled(
                    t("field.due_on"),
                    rx.input(name="due_on", type="date", id="assign-due", width="200px"),
                ),
                rx.button(t("assignment.assign"), type="submit", id="assign-submit"),
                spacing="3",
                width="100%",
                align="start",
            ),
            on_submit=A.assign,
            reset_on_submit=False,
            width="100%",
        ),
    )


def _status(r: rx.Var) -> rx.Component:
    return rx.badge(
        r["status"],
        color_scheme=rx.cond(r["overdue"] != "", "red", rx.cond(r["done"] != "", "green", "gray")),
        class_name=rx.cond(r["overdue"] != "", "assignment-overdue", "assignment-status"),
    )


def _due(r: rx.Var) -> rx.Component:
    return rx.text(
        r["due"],
        color=rx.cond(r["overdue"] != "", "var(--red-11)", "inherit"),
        weight=rx.cond(r["overdue"] != "", "bold", "regular"),
    )


COLUMNS = [
    Column("technician", "assignment.col.technician", sortable=True),
    Column("course", "assignment.col.course", sortable=True),
    Column("lessons", "assignment.col.lessons", sortable=True),
    Column("quiz", "assignment.col.quiz"),
    Column("certificate", "assignment.col.certificate"),
    Column("due", "assignment.col.due", sortable=True, render=_due),
    Column("status", "assignment.col.status", sortable=True, render=_status),
]


def course_assignments_page() -> rx.Component:
    return merchant_dashboard(
        t("assignment.title"),
        _assign_form(),
        section(t("assignment.title"), data_table(A, COLUMNS, A.rows, "assignments")),
        challenges_section(A),
    )
