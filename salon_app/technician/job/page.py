"""One job for the technician: the customer, the address and needs, progress, messages."""

from __future__ import annotations

import reflex as rx

from salon_app.components.complaint_view import complaint_item
from salon_app.components.layout import detail_line, guarded, page, section
from salon_app.components.thread import thread_view
from salon_app.components.visit_safety import sos_panel
from salon_app.i18n import t
from salon_app.technician.job.contact_view import contact_lines
from salon_app.technician.job.state import JobState


def job_page() -> rx.Component:
    j = JobState.job
    return page(
        guarded(
            rx.vstack(
                rx.hstack(
                    rx.heading(j["services"], size="5"),
                    rx.spacer(),
                    rx.badge(j["status"], id="job-status"),
                    width="100%",
                ),
                rx.card(
                    rx.vstack(
                        detail_line(t("order.time"), j["when"], "job-when"),
                        detail_line(t("job.customer"), j["customer"], "job-customer"),
                        contact_lines(JobState),
                        detail_line(t("order.progress"), j["step"], "job-step"),
                        detail_line(t("order.event.arrived"), j["arrival"], "job-arrival"),
                        detail_line(t("order.total"), j["total"], "job-total"),
                        spacing="2",
                    ),
                    width="100%",
                ),
                rx.cond(
                    JobState.next_step != "",
                    rx.button(
                        rx.match(
                            JobState.next_step,
                            *[
                                (s, t(f"job.step.{s}"))
                                for s in ("departed", "arrived", "started", "completed")
                            ],
                            "",
                        ),
                        on_click=JobState.advance,
                        loading=JobState.locating,
                        size="3",
                        width="100%",
                        id="next-step",
                    ),
                ),
                sos_panel(JobState),
                rx.cond(
                    JobState.locating,
                    rx.text(t("job.locating"), size="1", color_scheme="gray", id="locating"),
                ),
                section(
                    t("order.timeline"),
                    rx.foreach(
                        JobState.events,
                        lambda e: rx.hstack(
                            rx.text(e["what"], size="2"),
                            rx.text(e["where"], size="1", color_scheme="gray"),
                            rx.spacer(),
                            rx.text(e["when"], size="1"),
                            width="100%",
                            class_name="job-event",
                        ),
                    ),
                ),
                rx.cond(j["accepted"] == "1", thread_view(JobState.thread, JobState.send)),
                rx.cond(
                    JobState.complaint_rows.length() > 0,
                    section(
                        t("complaint.title"),
                        rx.foreach(JobState.complaint_rows, lambda c: complaint_item(c, JobState)),
                    ),
                ),
                spacing="4",
                width="100%",
            ),
        ),
        subtitle=t("nav.tech_home"),
    )
