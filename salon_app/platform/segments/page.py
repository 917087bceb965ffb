"""/admin/segments: tags at a glance, the segment builder, saved segments and their members."""

from __future__ import annotations

import reflex as rx

from salon_app.components.charts import Series, bar_chart
from salon_app.components.data_table import Column, data_table
from salon_app.components.form import labelled
from salon_app.components.layout import section, stat, stat_grid
from salon_app.i18n import t
from salon_app.platform.frame import admin_dashboard
from salon_app.platform.segments.state import ManualTagsState as M
from salon_app.platform.segments.state import SegmentMembersState as B
from salon_app.platform.segments.state import SegmentsState as S


def _select(options: rx.Var, value: rx.Var, on_change: rx.EventHandler, id_: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(id=id_, min_width="140px"),
        rx.select.content(
            rx.foreach(options, lambda o: rx.select.item(o["label"], value=o["value"]))
        ),
        value=value,
        on_change=on_change,
    )


def _overview() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            stat_grid(
                stat(t("segments.customers"), S.customers, "stat-customers"),
                stat(t("segments.computed_at"), S.computed_at, "stat-computed-at"),
            ),
            rx.button(
                rx.icon("refresh-cw", size=16),
                t("segments.recompute"),
                on_click=S.recompute,
                loading=S.recomputing,
                id="recompute",
            ),
            width="100%",
            align="center",
            wrap="wrap",
        ),
        rx.grid(
            bar_chart(
                S.tag_rows,
                "name",
                [Series("count", "segments.count")],
                "tag-chart",
                t("segments.distribution"),
            ),
            bar_chart(
                S.band_rows,
                "band",
                [
                    Series("r", "segment.field.r_band"),
                    Series("f", "segment.field.f_band"),
                    Series("m", "segment.field.m_band"),
                ],
                "band-chart",
                t("segments.bands"),
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
        ),
        width="100%",
        spacing="3",
    )


def _condition(condition: rx.Var, index: rx.Var) -> rx.Component:
    return rx.badge(
        condition["text"],
        rx.icon(
            "x",
            size=14,
            cursor="pointer",
            on_click=S.remove_condition(index.to_string()),
            aria_label=t("segments.remove_condition"),
        ),
        size="2",
        variant="soft",
        class_name="segment-condition",
    )


def _builder() -> rx.Component:
    value = rx.cond(
        S.value_options.length() > 0,
        _select(S.value_options, S.draft_value, S.choose_value, "draft-value"),
        rx.input(
            value=S.draft_value,
            on_change=S.choose_value,
            type="number",
            min=0,
            id="draft-value-number",
            width="120px",
        ),
    )
    return section(
        t("segments.builder"),
        rx.text(t("segments.builder_hint"), size="2", color_scheme="gray"),
        rx.hstack(
            labelled(
                t("segments.field"),
                _select(S.field_options, S.draft_field, S.choose_field, "draft-field"),
            ),
            labelled(t("segments.op"), _select(S.op_options, S.draft_op, S.choose_op, "draft-op")),
            labelled(t("segments.value"), value),
            rx.button(t("segments.add_condition"), on_click=S.add_condition, id="add-condition"),
            align="end",
            wrap="wrap",
            spacing="3",
        ),
        rx.flex(rx.foreach(S.conditions, _condition), wrap="wrap", gap="8px", id="conditions"),
        rx.cond(
            S.size_text != "",
            rx.text(S.size_text, weight="bold", id="segment-size"),
        ),
        rx.cond(
            S.problem != "",
            rx.callout(
                S.problem, color_scheme="amber", icon="triangle-alert", id="segment-problem"
            ),
        ),
        rx.hstack(
            rx.input(
                value=S.segment_name,
                on_change=S.set_segment_name,
                placeholder=t("segments.name"),
                id="segment-name",
                width=["100%", "240px"],
            ),
            rx.button(t("segments.save"), on_click=S.save, id="save-segment"),
            wrap="wrap",
        ),
    )


SEGMENT_COLUMNS = [
    Column("name", "segments.col.name", sortable=True),
    Column("rule", "segments.col.rule"),
    Column("size_at_save", "segments.col.size_at_save", sortable=True),
    Column("size_now", "segments.col.size_now"),
    Column("created_at", "segments.col.created_at", sortable=True),
]
MEMBER_COLUMNS = [
    Column("name", "segments.col.customer", sortable=True),
    Column("phone", "segments.col.phone"),
    Column("district", "segments.col.district"),
    Column("orders", "segments.col.orders", sortable=True),
    Column("spend", "segments.col.spend", sortable=True),
    Column("recency", "segments.col.recency", sortable=True),
    Column("tags", "segments.col.tags"),
]


def _segment_actions(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.button(
            t("segments.show_members"),
            on_click=B.show(row["id"], row["name"]),
            size="1",
            variant="soft",
            class_name="show-members",
        ),
        rx.button(
            t("segments.delete"),
            on_click=S.delete(row["id"]),
            size="1",
            variant="outline",
            color_scheme="red",
            class_name="delete-segment",
        ),
    )


def _members() -> rx.Component:
    return rx.cond(
        B.segment_name != "",
        section(
            t("segments.members", name=B.segment_name),
            data_table(B, MEMBER_COLUMNS, B.rows, "members"),
        ),
        rx.text(t("segments.members_hint"), size="2", color_scheme="gray"),
    )


def _manual() -> rx.Component:
    return section(
        t("segments.manual"),
        rx.text(t("segments.manual_hint"), size="2", color_scheme="gray"),
        rx.hstack(
            rx.input(
                value=M.phone,
                on_change=M.set_phone,
                placeholder=t("segments.phone"),
                id="manual-phone",
            ),
            rx.button(t("segments.find"), on_click=M.find, variant="soft", id="manual-find"),
            wrap="wrap",
        ),
        rx.cond(
            M.customer != "",
            rx.vstack(
                rx.text(M.customer, weight="bold", id="manual-customer"),
                rx.flex(
                    rx.foreach(M.customer_tags, lambda tag: rx.badge(tag, variant="soft")),
                    wrap="wrap",
                    gap="6px",
                    id="manual-tags",
                ),
                rx.hstack(
                    rx.input(
                        value=M.label,
                        on_change=M.set_label,
                        placeholder=t("segments.label"),
                        id="manual-label",
                    ),
                    rx.button(t("segments.add_tag"), on_click=M.add, id="manual-add"),
                    rx.button(
                        t("segments.remove_tag"),
                        on_click=M.remove,
                        variant="outline",
                        id="manual-remove",
                    ),
                    wrap="wrap",
                ),
                width="100%",
            ),
        ),
    )


def segments_page() -> rx.Component:
    return admin_dashboard(
        t("segments.title"),
        _overview(),
        _builder(),
        section(
            t("segments.table"),
            data_table(S, SEGMENT_COLUMNS, S.rows, "segments", _segment_actions),
        ),
        _members(),
        _manual(),
    )
