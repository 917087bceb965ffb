"""One alert opened below the queue: what happened, its notes, and the actions on it
(acknowledge, re-assign to a ranked candidate, a call through the privacy number, a refund
that only finance can send, a note, the resolution)."""

from __future__ import annotations

import reflex as rx

from salon_app.i18n import t
from salon_app.platform.alerts.state import AlertsState as A


def _candidate(c: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.hstack(
                rx.text(c["label"], size="2"),
                rx.badge(c["live"], variant="soft"),
                wrap="wrap",
                spacing="2",
            ),
            rx.text(c["why"], size="1", color_scheme="gray"),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond(
            c["current"] == "",
            rx.button(
                t("admin.assign_candidate"),
                size="1",
                variant="outline",
                on_click=A.reassign(c["id"]),
                class_name="alert-reassign",
            ),
            rx.badge(t("admin.current_technician"), color_scheme="gray"),
        ),
        width="100%",
        align="center",
        class_name="alert-candidate",
    )


def _text_form(
    name: str, placeholder: str, button: str, handler: rx.EventHandler, form_id: str
) -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(name=name, placeholder=placeholder, max_length=500, width="100%"),
            rx.button(button, type="submit", size="2"),
            width="100%",
        ),
        on_submit=handler,
        reset_on_submit=True,
        id=form_id,
        width="100%",
    )


def _refund_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.input(type="hidden", name="sequence", value=A.opened["sequence"]),
            rx.text(t("alert.refundable", amount=""), A.opened["refundable"], size="1"),
            rx.hstack(
                rx.input(
                    name="amount",
                    placeholder=t("alert.refund_amount"),
                    input_mode="decimal",
                    disabled=~A.can_refund,
                ),
                rx.input(
                    name="reason", placeholder=t("alert.refund_reason"), disabled=~A.can_refund
                ),
                rx.button(
                    t("alert.refund"),
                    type="submit",
                    size="2",
                    color_scheme="red",
                    disabled=~A.can_refund,
                    id="alert-refund-submit",
                ),
                wrap="wrap",
            ),
            rx.cond(
                ~A.can_refund,
                rx.text(
                    t("alert.refund_finance_only"),
                    size="1",
                    color_scheme="gray",
                    id="refund-finance-only",
                ),
            ),
            spacing="1",
        ),
        on_submit=A.refund,
        reset_on_submit=True,
        id="alert-refund",
    )


def _note(n: rx.Var) -> rx.Component:
    return rx.text(
        n["at"], " · ", n["author"], " · ", n["kind"],
        rx.cond(n["text"] != "", rx.fragment("：", n["text"])),
        size="2",
        class_name="alert-note",
    )  # fmt: skip


def _header() -> rx.Component:
    o = A.opened
    return rx.vstack(
        rx.hstack(
            rx.heading(o["rule"], size="4"),
            rx.badge(o["status"], id="opened-status"),
            rx.spacer(),
            rx.button(t("alert.close"), size="1", variant="ghost", on_click=A.close_alert),
            width="100%",
        ),
        rx.text(o["what"], id="opened-what"),
        rx.text(
            t("alert.order"), " ", o["order"], " · ", o["shop"], " · ", o["technician"], size="2"
        ),
        rx.text(
            t("alert.since"), " ", o["since"], " · ", t("alert.starts"), " ", o["starts"],
            size="2", color_scheme="gray",
        ),
        rx.cond(o["handled"] != "", rx.text(o["handled"], size="2", id="opened-handled")),
        rx.cond(
            o["resolution"] != "",
            rx.text(t("alert.resolution"), "：", o["resolution"], size="2"),
        ),
        rx.cond(
            (o["status_key"] == "open") & A.can_handle,
            rx.button(
                t("alert.acknowledge"), on_click=A.acknowledge(o["id"]), id="opened-acknowledge"
            ),
        ),
        spacing="2",
        width="100%",
    )  # fmt: skip


def _interventions() -> rx.Component:
    """Re-assign (the dispatch page's candidates) and a call through the privacy number."""
    return rx.vstack(
        rx.text(t("alert.reassign"), weight="bold", size="2"),
        rx.cond(
            A.reassign_note != "", rx.text(A.reassign_note, size="1", color_scheme="gray")
        ),
        rx.foreach(A.candidates, _candidate),
        rx.text(t("alert.call"), weight="bold", size="2"),
        rx.hstack(
            rx.button(
                t("alert.call_customer"), size="1", variant="outline",
                on_click=A.request_call("customer"), id="call-customer",
            ),
            rx.button(
                t("alert.call_technician"), size="1", variant="outline",
                on_click=A.request_call("technician"), id="call-technician",
            ),
        ),
        rx.text(t("alert.call_hint"), size="1", color_scheme="gray"),
        width="100%",
        spacing="2",
    )  # fmt: skip


def opened_alert() -> rx.Component:
    o = A.opened
    unresolved = o["status_key"] != "resolved"
    note_form = _text_form(
        "text", t("alert.note_placeholder"), t("alert.add_note"), A.add_note, "alert-note-form"
    )
    resolve_form = _text_form(
        "resolution",
        t("alert.resolution_placeholder"),
        t("alert.resolve"),
        A.resolve,
        "alert-resolve-form",
    )
    return rx.card(
        rx.vstack(
            _header(),
            rx.cond(unresolved & (o["has_order"] != "") & A.can_handle, _interventions()),
            rx.cond(unresolved & (o["has_order"] != ""), _refund_form()),
            rx.text(t("alert.notes"), weight="bold", size="2"),
            rx.vstack(rx.foreach(A.notes, _note), spacing="1", id="alert-notes"),
            rx.cond(A.can_handle, note_form),
            rx.cond(unresolved & A.can_handle, resolve_form),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="opened-alert",
    )
