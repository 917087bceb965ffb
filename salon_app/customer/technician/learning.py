"""The profile's learning: completed courses (each with its serial, checkable on /verify) and
badges, shown next to the self-declared training."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx
from sqlmodel import Session

from salon_app import routes
from salon_app.components.layout import list_or_empty, section
from salon_app.core.services import learning
from salon_app.i18n import t


def learning_rows(session: Session, technician_id: int) -> tuple[list[dict[str, str]], list[str]]:
    """(completed courses, badges) of the technician, as the page shows them."""
    got = learning.achievements(session, None, technician_id)
    courses = [
        {
            "title": c.title,
            "serial": t("tech.course_serial", serial=c.serial),
            "until": t("tech.course_until", date=c.expires_on.isoformat()) if c.expires_on else "",
            "link": f"{routes.VERIFY_CERTIFICATE}?{urlencode({'serial': c.serial})}",
        }
        for c in got.courses
    ]
    return courses, got.badges


def _course(c: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.text(c["title"], weight="medium", size="2"),
        rx.text(c["serial"], " ", c["until"], size="1", color_scheme="gray"),
        rx.link(t("tech.verify"), href=c["link"], size="2"),
        wrap="wrap",
        spacing="2",
        align="center",
        class_name="completed-course",
    )


def learning_sections(courses: rx.Var, badges: rx.Var) -> rx.Component:
    """Completed courses, then badges (sections shown only when there is something)."""
    return rx.fragment(
        section(
            t("tech.completed_courses"),
            list_or_empty(courses, _course, "profile-courses"),
        ),
        rx.cond(
            badges.length() > 0,
            section(
                t("tech.badges"),
                rx.flex(
                    rx.foreach(badges, lambda b: rx.badge(b, size="2", class_name="badge")),
                    wrap="wrap",
                    gap="2",
                    id="profile-badges",
                ),
            ),
        ),
    )
