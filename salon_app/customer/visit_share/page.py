"""Share-my-visit (/visit/<token>): the technician, the service and the live step."""

from __future__ import annotations

import reflex as rx

from salon_app.components.layout import detail_line, page, section
from salon_app.customer.visit_share.state import SharedVisitState
from salon_app.i18n import t


def visit_share_page() -> rx.Component:
    v = SharedVisitState.visit
    return page(
        rx.cond(
            SharedVisitState.problem != "",
            rx.callout(SharedVisitState.problem, color_scheme="orange", id="share-problem"),
            rx.vstack(
                rx.heading(t("share.page_title"), size="5"),
                rx.card(
                    rx.hstack(
                        rx.avatar(src=v["photo"], fallback="技", size="5"),
                        rx.vstack(
                            rx.text(t("share.technician"), size="1", color_scheme="gray"),
                            rx.heading(v["technician"], size="4", id="share-technician"),
                            spacing="1",
                        ),
                        align="center",
                        spacing="4",
                    ),
                    width="100%",
                ),
                rx.card(
                    rx.vstack(
                        detail_line(t("share.service"), v["services"], "share-services"),
                        detail_line(t("share.time"), v["when"], "share-when"),
                        detail_line(t("share.step"), v["step"], "share-step"),
                        spacing="2",
                    ),
                    width="100%",
                ),
                section(
                    t("share.steps"),
                    rx.foreach(
                        SharedVisitState.steps,
                        lambda s: rx.hstack(
                            rx.text(s["what"], size="2"),
                            rx.spacer(),
                            rx.text(s["when"], size="1", color_scheme="gray"),
                            width="100%",
                            class_name="share-event",
                        ),
                    ),
                ),
                rx.text(v["until"], size="1", color_scheme="gray"),
                rx.text(t("share.privacy"), size="1", color_scheme="gray"),
                spacing="4",
                width="100%",
            ),
        ),
        subtitle=t("share.title"),
    )
