"""/tech/learn and /tech/learn/<id>: phone-first pages of the technician's courses.

A text lesson ends with the 读完了 button (after the last paragraph: reaching it means the
text was scrolled to its end); a video lesson's player reports its position every few seconds
while it plays, and when it pauses or ends (components/lesson_video.py).
"""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.components.layout import guarded, list_or_empty, page, section
from salon_app.components.lesson_video import reporting_video
from salon_app.i18n import t
from salon_app.technician.learn.state import CourseState as C
from salon_app.technician.learn.state import LearnState as L

REPORT_EVERY_MS = 3000


def _course_card(course: rx.Var) -> rx.Component:
    return rx.link(
        rx.card(
            rx.hstack(
                rx.cond(
                    course["cover"] != "",
                    rx.image(src=course["cover"], width="72px", height="54px", border_radius="6px"),
                ),
                rx.vstack(
                    rx.hstack(
                        rx.text(course["title"], weight="bold"),
                        rx.badge(course["by"], variant="soft"),
                        rx.cond(
                            course["completed"] != "",
                            rx.badge(t("learn.completed"), color_scheme="grass"),
                        ),
                        wrap="wrap",
                    ),
                    rx.text(course["summary"], size="1", color_scheme="gray"),
                    rx.progress(value=course["pct"].to(int), width="100%"),
                    rx.text(course["progress"], size="1"),
                    spacing="1",
                    width="100%",
                ),
                width="100%",
            ),
            width="100%",
        ),
        href=course["href"],
        underline="none",
        width="100%",
        class_name="course-card",
    )


def certificate_card(cert: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(cert["course"], weight="bold"),
                rx.text(cert["serial"], size="1", class_name="certificate-serial"),
                rx.text(cert["issued"], " · ", cert["expires"], size="1", color_scheme="gray"),
                spacing="1",
            ),
            rx.spacer(),
            rx.vstack(
                rx.badge(
                    cert["status_text"],
                    color_scheme=rx.match(cert["status"], ("valid", "grass"), "gray"),
                ),
                rx.link(t("learn.verify_link"), href=cert["verify"], size="2"),
                align="end",
            ),
            width="100%",
        ),
        width="100%",
        class_name="certificate-card",
    )


def learn_page() -> rx.Component:
    return page(
        guarded(
            rx.vstack(
                rx.heading(t("learn.title"), size="6"),
                section(
                    t("learn.courses"),
                    list_or_empty(L.courses, _course_card, "courses", t("learn.no_courses")),
                ),
                section(
                    t("learn.certificates"),
                    list_or_empty(
                        L.certificates, certificate_card, "certificates", t("learn.no_certificates")
                    ),
                ),
                spacing="5",
                width="100%",
            )
        ),
        subtitle=t("nav.tech_home"),
    )


def _lesson_row(lesson: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.cond(lesson["section"] != "", rx.text(lesson["section"], size="1", weight="bold")),
        rx.button(
            rx.hstack(
                rx.cond(
                    lesson["done"] != "",
                    rx.icon("circle-check", color="var(--grass-9)", size=18),
                    rx.cond(
                        lesson["locked"] != "", rx.icon("lock", size=18), rx.icon("circle", size=18)
                    ),
                ),
                rx.text(lesson["title"]),
                rx.badge(lesson["kind"], variant="soft"),
                rx.spacer(),
                rx.text(lesson["watched"], size="1"),
                width="100%",
                align="center",
            ),
            on_click=C.open_lesson(lesson["id"]),
            variant=rx.cond(C.lesson_id == lesson["id"], "soft", "ghost"),
            width="100%",
            justify="start",
            class_name="lesson-row",
            data_locked=rx.cond(lesson["locked"] != "", "1", ""),
            data_done=lesson["done"],
        ),
        rx.cond(lesson["locked"] != "", rx.text(lesson["locked"], size="1", color_scheme="gray")),
        spacing="1",
        width="100%",
    )


def _lesson_view() -> rx.Component:
    text = rx.vstack(
        rx.markdown(C.lesson_body, use_raw=False, use_math=False, use_katex=False),
        rx.cond(
            C.lesson_done,
            rx.badge(t("course.lesson_done"), color_scheme="grass", id="lesson-done"),
            rx.vstack(
                rx.text(t("course.read_hint"), size="1", color_scheme="gray"),
                rx.button(t("course.read_done"), on_click=C.mark_read, id="read-done"),
            ),
        ),
        width="100%",
    )
    video = rx.vstack(
        reporting_video(
            src=C.video_url,
            controls=True,
            preload="metadata",
            width="100%",
            key=C.lesson_id,
            id="lesson-video",
            on_time_update=C.report_position.throttle(REPORT_EVERY_MS),
            on_pause=C.report_position,
            on_ended=C.report_position,
        ),
        rx.hstack(
            rx.text(t("course.watched", pct=C.watched_pct), size="2", id="watched-pct"),
            rx.cond(
                C.lesson_done,
                rx.badge(t("course.lesson_done"), color_scheme="grass", id="lesson-done"),
            ),
        ),
        rx.cond(
            C.lesson_body != "",
            rx.markdown(C.lesson_body, use_raw=False, use_math=False, use_katex=False),
        ),
        width="100%",
    )
    return rx.cond(
        C.lesson_id == "",
        rx.text(t("course.choose_lesson"), color_scheme="gray"),
        rx.card(
            rx.vstack(
                rx.heading(C.lesson_title, size="4", id="lesson-title"),
                rx.cond(C.lesson_kind == "video", video, text),
                rx.cond(
                    C.material_url != "",
                    rx.link(
                        rx.icon("download", size=16),
                        t("course.material", name=C.material_name),
                        href=C.material_url,
                        download=C.material_name,
                        id="material-link",
                    ),
                ),
                width="100%",
            ),
            width="100%",
            id="lesson",
        ),
    )


def _question(question: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.badge(question["kind"]), rx.text(question["text"], weight="medium")),
        rx.foreach(
            question["options"].to(list[dict[str, str]]),
            lambda option: rx.button(
                option["label"],
                on_click=C.pick(option["key"]),
                variant=rx.cond(C.picked.contains(option["key"]), "solid", "outline"),
                width="100%",
                justify="start",
                class_name="quiz-option",
                data_key=option["key"],
            ),
        ),
        width="100%",
        class_name="quiz-question",
    )


def _quiz() -> rx.Component:
    return section(
        t("course.quiz"),
        rx.cond(C.result != "", rx.callout(C.result, id="quiz-result", width="100%")),
        rx.cond(
            C.quiz_open,
            rx.vstack(
                rx.text(C.quiz_info, size="2", id="quiz-info"),
                rx.foreach(C.questions, _question),
                rx.button(t("course.submit_quiz"), on_click=C.submit_quiz, id="submit-quiz"),
                width="100%",
            ),
            rx.text(C.quiz_reason, color_scheme="gray", id="quiz-closed"),
        ),
    )


def course_page() -> rx.Component:
    return page(
        guarded(
            rx.vstack(
                rx.link(t("course.back"), href=routes.TECH_LEARN, size="2"),
                rx.heading(C.title, size="6", id="course-title"),
                rx.text(C.summary, size="2"),
                rx.text(C.rules, size="1", color_scheme="gray"),
                rx.cond(C.yearly, rx.text(t("course.renewal"), size="1", color_scheme="gray")),
                rx.cond(
                    C.certificate.contains("serial"),
                    section(t("course.certificate"), certificate_card(C.certificate)),
                ),
                section(t("course.lessons"), rx.foreach(C.lessons, _lesson_row)),
                _lesson_view(),
                _quiz(),
                spacing="4",
                width="100%",
            )
        ),
        subtitle=t("learn.title"),
    )
