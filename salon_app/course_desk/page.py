"""The course desk (/admin/courses, /merchant/courses): the table of courses with a chart of
enrolments and completions, and the editor of one course."""

from __future__ import annotations

import reflex as rx

from salon_app.components.charts import Series, bar_chart
from salon_app.components.data_table import Column, data_table
from salon_app.components.layout import section
from salon_app.components.photos import image_picker
from salon_app.course_desk.state import CourseDeskState as S
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.platform.frame import admin_dashboard

COLUMNS = [
    Column("title", "course_desk.col.title", sortable=True),
    Column("category", "course_desk.col.category"),
    Column("status", "course_desk.col.status", sortable=True),
    Column("lessons", "course_desk.col.lessons"),
    Column("enrolled", "course_desk.col.enrolled", sortable=True),
    Column("completed", "course_desk.col.completed", sortable=True),
    Column("updated", "course_desk.col.updated", sortable=True),
]
VIDEO_TYPES = {"video/mp4": [".mp4"], "video/webm": [".webm"]}
PDF_TYPES = {"application/pdf": [".pdf"]}


def _field(label: str, name: str, field_id: str = "", **props: object) -> rx.Component:
    return rx.vstack(
        rx.text(t(label), size="2"),
        rx.input(name=name, id=field_id or f"course-{name}", width="100%", **props),
        spacing="1",
        width="100%",
    )


def _course_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _field("course_desk.field_title", "title", default_value=S.course["title"]),
            rx.text(t("course_desk.field_summary"), size="2"),
            rx.text_area(
                name="summary", default_value=S.course["summary"], id="course-summary", width="100%"
            ),
            rx.select.root(
                rx.select.trigger(
                    placeholder=t("course_desk.field_category"), id="course-category"
                ),
                rx.select.content(
                    rx.select.item(t("course_desk.no_category"), value="none"),
                    rx.foreach(
                        S.category_options,
                        lambda row: rx.select.item(row["name"], value=row["id"]),
                    ),
                ),
                value=S.category,
                on_change=S.choose_category,
            ),
            rx.grid(
                _field(
                    "course_desk.field_pass_mark", "pass_mark", default_value=S.course["pass_mark"]
                ),
                _field(
                    "course_desk.field_attempts", "attempts", default_value=S.course["attempts"]
                ),
                _field(
                    "course_desk.field_video_pct", "video_pct", default_value=S.course["video_pct"]
                ),
                columns=rx.breakpoints(initial="1", sm="3"),
                spacing="3",
                width="100%",
            ),
            rx.checkbox(
                t("course_desk.field_yearly"),
                checked=S.yearly,
                on_change=S.set_yearly,
                id="course-yearly",
            ),
            rx.button(t("course_desk.save"), type="submit", id="course-save"),
            width="100%",
        ),
        on_submit=S.save_course,
        key=S.form_key,
    )


def _lesson_item(lesson: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(lesson["section"], " · ", lesson["title"], weight="medium"),
            rx.text(
                lesson["kind"],
                " ",
                lesson["video"],
                " ",
                lesson["material"],
                " ",
                rx.cond(lesson["requires"] != "", "← " + lesson["requires"].to(str), ""),
                size="1",
                color_scheme="gray",
            ),
            spacing="0",
        ),
        rx.spacer(),
        rx.button(
            t("course_desk.up"), size="1", variant="soft", on_click=S.move_lesson(lesson["id"], -1)
        ),
        rx.button(
            t("course_desk.down"), size="1", variant="soft", on_click=S.move_lesson(lesson["id"], 1)
        ),
        rx.upload(
            rx.button(t("course_desk.upload_video"), size="1", variant="soft", type="button"),
            id="lesson-video-upload",
            accept=VIDEO_TYPES,
            max_files=1,
            on_drop=S.upload_video(rx.upload_files(upload_id="lesson-video-upload")),
            on_drop_rejected=lambda _r: S.file_rejected(),
            on_click=S.choose_file_lesson(lesson["id"]),
            border="none",
            padding="0",
        ),
        rx.upload(
            rx.button(t("course_desk.upload_material"), size="1", variant="soft", type="button"),
            id="lesson-material-upload",
            accept=PDF_TYPES,
            max_files=1,
            on_drop=S.upload_material(rx.upload_files(upload_id="lesson-material-upload")),
            on_drop_rejected=lambda _r: S.file_rejected(),
            on_click=S.choose_file_lesson(lesson["id"]),
            border="none",
            padding="0",
        ),
        rx.button(
            t("course_desk.remove"),
            size="1",
            color_scheme="red",
            variant="soft",
            on_click=S.remove_lesson(lesson["id"]),
        ),
        width="100%",
        wrap="wrap",
        class_name="desk-lesson",
    )


def _lesson_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.grid(
                _field("course_desk.field_section", "section", "lesson-section"),
                _field("course_desk.field_lesson_title", "title", "lesson-name"),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            rx.hstack(
                rx.select(
                    ["text", "video"],
                    value=S.lesson_kind,
                    on_change=S.choose_kind,
                    id="lesson-kind",
                ),
                rx.select.root(
                    rx.select.trigger(placeholder=t("course_desk.field_requires")),
                    rx.select.content(
                        rx.select.item(t("course_desk.no_requirement"), value="none"),
                        rx.foreach(
                            S.lessons, lambda row: rx.select.item(row["title"], value=row["id"])
                        ),
                    ),
                    value=S.requires,
                    on_change=S.choose_requires,
                ),
                rx.cond(
                    S.lesson_kind == "video",
                    rx.input(
                        name="seconds",
                        placeholder=t("course_desk.field_video_seconds"),
                        id="lesson-seconds",
                    ),
                ),
                wrap="wrap",
            ),
            rx.text_area(
                name="body",
                placeholder=t("course_desk.field_body"),
                rows="6",
                width="100%",
                id="lesson-body",
            ),
            rx.button(t("course_desk.lesson_new"), type="submit", id="lesson-add"),
            width="100%",
        ),
        on_submit=S.add_lesson,
        key=S.form_key,
    )


def _question_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.input(
                name="question",
                placeholder=t("course_desk.field_question"),
                width="100%",
                id="question-text",
            ),
            rx.text_area(
                name="options",
                placeholder=t("course_desk.field_options"),
                rows="4",
                width="100%",
                id="question-options",
            ),
            rx.button(t("course_desk.question_save"), type="submit", id="question-add"),
            width="100%",
        ),
        on_submit=S.add_question,
        key=S.form_key,
    )


def _editor() -> rx.Component:
    saved = (S.editing != "") & (S.editing != "new")
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(t("course_desk.course"), size="4"),
                rx.cond(S.status != "", rx.badge(S.status)),
                rx.spacer(),
                rx.button(t("course_desk.close"), variant="ghost", on_click=S.close),
                width="100%",
            ),
            _course_form(),
            rx.cond(
                saved,
                rx.vstack(
                    rx.hstack(
                        rx.cond(
                            S.cover != "", rx.image(src=S.cover, width="120px", border_radius="6px")
                        ),
                        image_picker(
                            "course-cover", t("course_desk.cover"), S.upload_cover, S.file_rejected
                        ),
                        rx.button(
                            t("course_desk.publish"),
                            on_click=S.set_status("published"),
                            id="course-publish",
                        ),
                        rx.button(
                            t("course_desk.archive"),
                            variant="soft",
                            on_click=S.set_status("archived"),
                        ),
                        rx.button(
                            t("course_desk.to_draft"),
                            variant="soft",
                            on_click=S.set_status("draft"),
                        ),
                        wrap="wrap",
                        align="center",
                    ),
                    section(
                        t("course_desk.lessons"),
                        rx.foreach(S.lessons, _lesson_item),
                        _lesson_form(),
                    ),
                    section(
                        t("course_desk.quiz"),
                        rx.foreach(
                            S.questions,
                            lambda q: rx.hstack(
                                rx.text(q["text"], " — ", q["options"], size="2"),
                                rx.spacer(),
                                rx.button(
                                    t("course_desk.remove"),
                                    size="1",
                                    variant="soft",
                                    color_scheme="red",
                                    on_click=S.remove_question(q["id"]),
                                ),
                                width="100%",
                                class_name="desk-question",
                            ),
                        ),
                        _question_form(),
                    ),
                    width="100%",
                    spacing="4",
                ),
            ),
            width="100%",
            spacing="4",
        ),
        width="100%",
        id="course-editor",
    )


def _desk() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.spacer(),
            rx.button(
                rx.icon("plus", size=16),
                t("course_desk.new"),
                on_click=S.new_course,
                id="course-new",
            ),
            width="100%",
        ),
        rx.cond(S.editing != "", _editor()),
        section(
            t("course_desk.courses"),
            data_table(
                S,
                COLUMNS,
                S.rows,
                "courses",
                actions=lambda row: rx.button(
                    t("course_desk.edit"), size="1", variant="soft", on_click=S.edit(row["id"])
                ),
            ),
        ),
        bar_chart(
            S.chart,
            "name",
            [
                Series("enrolled", "course_desk.col.enrolled"),
                Series("completed", "course_desk.col.completed"),
            ],
            "course-chart",
            t("course_desk.chart"),
        ),
        spacing="5",
        width="100%",
    )


def admin_courses_page() -> rx.Component:
    return admin_dashboard(t("course_desk.title"), _desk())


def merchant_courses_page() -> rx.Component:
    return merchant_dashboard(t("course_desk.title"), _desk())
