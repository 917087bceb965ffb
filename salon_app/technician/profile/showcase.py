"""Certificates (with a private scan, shown only to permitted viewers) and case studies."""

from __future__ import annotations

import reflex as rx

from salon_app.components.form import labelled
from salon_app.components.layout import list_or_empty
from salon_app.components.photos import image_picker
from salon_app.i18n import t
from salon_app.technician.profile.state import TechProfileState as S
from salon_app.technician.profile.widgets import removable_row, section_form, staged_note


def _certificate(c: rx.Var) -> rx.Component:
    return removable_row(
        rx.vstack(
            rx.text(c["name"], weight="medium"),
            rx.text(c["issuer"], " ", c["issued_on"], size="1", color_scheme="gray"),
            spacing="0",
            flex="1",
        ),
        rx.badge(c["status"], variant="soft"),
        rx.cond(
            c["has_scan"] != "",
            rx.button(
                t("tech_profile.cert_view_scan"),
                size="1",
                variant="soft",
                on_click=S.view_scan(c["id"]),
                id="cert-view-" + c["id"],
            ),
        ),
        remove=S.remove_certificate(c["id"]),
        remove_id="cert-remove-" + c["id"],
        kind="certificate",
    )


def _scan_viewer() -> rx.Component:
    return rx.cond(
        S.scan_image != "",
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.text(S.scan_title, weight="medium"),
                    rx.spacer(),
                    rx.button(t("tech_profile.close"), size="1", on_click=S.close_scan),
                    width="100%",
                ),
                rx.image(src=S.scan_image, id="scan-image", width="100%"),
            ),
            width="100%",
        ),
    )


def certificates_section() -> rx.Component:
    add_form = section_form(
        rx.input(name="name", placeholder=t("tech_profile.cert_name"), id="cert-name"),
        rx.input(name="issuer", placeholder=t("tech_profile.cert_issuer"), id="cert-issuer"),
        labelled(t("tech_profile.cert_date"), rx.input(type="date", name="issued_on")),
        error=S.cert_error,
        error_id="cert-error",
        submit=t("tech_profile.cert_add"),
        submit_id="cert-add",
        on_submit=S.add_certificate,
        version=S.version,
        align="stretch",
    )
    return rx.vstack(
        list_or_empty(S.certificates, _certificate, "certificates"),
        _scan_viewer(),
        rx.card(
            rx.vstack(
                image_picker(
                    "cert-scan", t("tech_profile.cert_scan"), S.stage_scan, S.upload_rejected
                ),
                staged_note(S.cert_scan_name, "cert-scan-staged"),
                add_form,
                width="100%",
            ),
            width="100%",
        ),
        width="100%",
    )


def _case(c: rx.Var) -> rx.Component:
    def photo(url: rx.Var, label: str) -> rx.Component:
        return rx.vstack(
            rx.image(
                src=url, width="100%", aspect_ratio="1", object_fit="cover", border_radius="8px"
            ),
            rx.text(label, size="1", color_scheme="gray"),
            spacing="1",
            flex="1",
        )

    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(c["title"], weight="medium"),
                rx.text(c["service"], size="1", color_scheme="gray"),
                rx.spacer(),
                rx.button(
                    t("tech_profile.remove"),
                    size="1",
                    variant="ghost",
                    color_scheme="red",
                    on_click=S.remove_case(c["id"]),
                    id="case-remove-" + c["id"],
                ),
                width="100%",
                align="center",
            ),
            rx.cond(
                c["before"] != "",
                rx.hstack(
                    photo(c["before"], t("tech_profile.before")),
                    photo(c["after"], t("tech_profile.after")),
                    width="100%",
                ),
            ),
        ),
        width="100%",
        class_name="case-study",
    )


def cases_section() -> rx.Component:
    add_form = section_form(
        rx.input(name="title", placeholder=t("tech_profile.case_title"), id="case-title"),
        rx.select.root(
            rx.select.trigger(placeholder=t("tech_profile.case_service"), width="100%"),
            rx.select.content(
                rx.select.item(t("tech_profile.case_no_service"), value="0"),
                rx.foreach(S.service_options, lambda o: rx.select.item(o["label"], value=o["id"])),
            ),
            name="service_id",
        ),
        error=S.case_error,
        error_id="case-error",
        submit=t("tech_profile.case_add"),
        submit_id="case-add",
        on_submit=S.add_case,
        version=S.version,
        align="stretch",
    )
    return rx.vstack(
        list_or_empty(S.cases, _case, "cases"),
        rx.card(
            rx.vstack(
                rx.flex(
                    image_picker(
                        "case-before",
                        t("tech_profile.case_before"),
                        S.stage_before,
                        S.upload_rejected,
                    ),
                    image_picker(
                        "case-after", t("tech_profile.case_after"), S.stage_after, S.upload_rejected
                    ),
                    gap="8px",
                    wrap="wrap",
                ),
                staged_note(S.case_before_name, "case-before-staged"),
                staged_note(S.case_after_name, "case-after-staged"),
                add_form,
                width="100%",
            ),
            width="100%",
        ),
        width="100%",
    )
