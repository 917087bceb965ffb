"""The promotions pages: a form (new or editing) and the table of promotions, in the platform
dashboard for operators and in the merchant dashboard for a shop."""

from __future__ import annotations

import reflex as rx

from salon_app.components.data_table import Column, data_table
from salon_app.components.form import error_callout, labelled
from salon_app.components.layout import section
from salon_app.core.services.marketing import AUDIENCES, KINDS
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.platform.frame import admin_dashboard
from salon_app.promotions.state import TIERS_ON_FORM
from salon_app.promotions.state import PromotionsState as S


def _input(label: str, name: str, **props: object) -> rx.Component:
    return labelled(
        label,
        rx.input(
            name=name,
            id=f"promotion-{name}",
            default_value=S.defaults[name].to(str),
            width="100%",
            **props,
        ),
    )


def select(
    options: rx.Var | list[dict[str, str]], value: rx.Var, on_change: object, id_: str
) -> rx.Component:
    """A select over {"value", "label"} options (a Var or a fixed list)."""
    items = (
        rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["value"]))
        if isinstance(options, rx.Var)
        else [rx.select.item(o["label"], value=o["value"]) for o in options]
    )
    return rx.select.root(
        rx.select.trigger(id=id_, width="100%"),
        rx.select.content(items),
        value=value,
        on_change=on_change,
    )


def _rule_fields() -> rx.Component:
    tiers = rx.grid(
        *(
            field
            for i in range(1, TIERS_ON_FORM + 1)
            for field in (
                _input(t("promotions.tier_threshold", n=i), f"tier{i}_threshold",
                       input_mode="decimal"),
                _input(t("promotions.tier_off", n=i), f"tier{i}_off", input_mode="decimal"),
            )
        ),
        columns="2",
        spacing="2",
        width="100%",
    )  # fmt: skip
    return rx.match(
        S.kind,
        ("tiers", tiers),
        ("percent", _input(t("promotions.discount"), "discount", input_mode="decimal")),
        ("returning", _input(t("promotions.discount"), "discount", input_mode="decimal")),
        ("nth_free", _input(t("promotions.n"), "n", input_mode="numeric")),
        ("newcomer_price", _input(t("promotions.price"), "price", input_mode="decimal")),
        rx.text(t("promotions.bogo_hint"), size="2", color_scheme="gray"),
    )


def _pick(option: rx.Var) -> rx.Component:
    chosen = S.picked.contains(option["value"])
    return rx.badge(
        option["label"],
        variant=rx.cond(chosen, "solid", "outline"),
        on_click=S.toggle_pick(option["value"]),
        cursor="pointer",
        class_name="promotion-pick",
        size="2",
    )


def _form() -> rx.Component:
    kinds = [{"value": k, "label": t(f"promotions.kind.{k}")} for k in KINDS]
    audiences = [{"value": a, "label": t(f"promotions.audience.{a}")} for a in AUDIENCES]
    return rx.card(
        rx.form(
            rx.vstack(
                rx.hstack(
                    rx.heading(
                        rx.cond(S.editing != "", t("promotions.editing"), t("promotions.new")),
                        size="3",
                    ),
                    rx.spacer(),
                    rx.cond(
                        S.editing != "",
                        rx.button(
                            t("promotions.cancel_edit"),
                            on_click=S.new,
                            variant="soft",
                            type="button",
                            size="1",
                            id="promotion-cancel-edit",
                        ),
                    ),
                    width="100%",
                ),
                rx.grid(
                    _input(t("promotions.name"), "name", max_length=30),
                    labelled(
                        t("promotions.kind"), select(kinds, S.kind, S.choose_kind, "promotion-kind")
                    ),
                    _input(t("promotions.starts"), "starts", type="datetime-local"),
                    _input(t("promotions.ends"), "ends", type="datetime-local"),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                _rule_fields(),
                rx.grid(
                    labelled(
                        t("promotions.audience"),
                        select(audiences, S.audience, S.choose_audience, "promotion-audience"),
                    ),
                    rx.cond(
                        S.audience_options.length() > 0,
                        labelled(
                            t("promotions.audience_ref"),
                            select(
                                S.audience_options,
                                S.audience_ref,
                                S.choose_audience_ref,
                                "promotion-audience-ref",
                            ),
                        ),
                    ),
                    labelled(
                        t("promotions.scope"),
                        select(S.scope_choices, S.scope, S.choose_scope, "promotion-scope"),
                    ),
                    _input(t("promotions.group"), "group", max_length=20),
                    _input(t("promotions.priority"), "priority", input_mode="numeric"),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                rx.cond(
                    S.scope_options.length() > 0,
                    rx.flex(
                        rx.foreach(S.scope_options, _pick),
                        wrap="wrap",
                        gap="6px",
                        id="promotion-picks",
                    ),
                ),
                error_callout(S.form_error, "promotion-error"),
                rx.button(t("promotions.save"), type="submit", id="promotion-save"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.save,
            key=S.form_key,
            width="100%",
        ),
        width="100%",
    )


COLUMNS = [
    Column("name", "promotions.col.name", sortable=True),
    Column("kind", "promotions.col.kind", sortable=True),
    Column("rule", "promotions.col.rule"),
    Column("audience", "promotions.col.audience"),
    Column("scope", "promotions.col.scope"),
    Column("period", "promotions.col.period", sortable=False),
    Column("priority", "promotions.col.priority", sortable=True),
    Column("state", "promotions.col.state"),
]


def _actions(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["open"] != "",
        rx.hstack(
            rx.button(t("promotions.edit"), on_click=S.edit(row["id"]), size="1",
                      variant="soft", class_name="promotion-edit"),
            rx.button(t("promotions.end"), on_click=S.end(row["id"]), size="1",
                      variant="outline", color_scheme="red", class_name="promotion-end"),
        ),
    )  # fmt: skip


def _content() -> rx.Component:
    return rx.vstack(
        _form(),
        section(t("promotions.table"), data_table(S, COLUMNS, S.rows, "promotions", _actions)),
        spacing="5",
        width="100%",
    )


def admin_promotions_page() -> rx.Component:
    return admin_dashboard(t("promotions.title"), _content())


def merchant_promotions_page() -> rx.Component:
    return merchant_dashboard(t("promotions.title"), _content())
