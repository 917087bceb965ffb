"""/admin/backups: the figures (last backup and its age against the RPO, what is kept, the last
drill), backup sizes over time, the backups' table, the drills with their per-table check, and
the "back up now" / "drill now" buttons with the seconds the work has taken."""

from __future__ import annotations

import reflex as rx

from salon_app.components.charts import Series, bar_chart
from salon_app.components.data_table import Column, data_table, scroll_table
from salon_app.components.layout import empty_state, section, stat, stat_grid
from salon_app.i18n import t
from salon_app.platform.backups.state import BackupsState as S
from salon_app.platform.frame import admin_dashboard


def _status(row: rx.Var) -> rx.Component:
    colour = rx.match(
        row["status"], ("done", "green"), ("failed", "red"), ("running", "blue"), "gray"
    )
    return rx.tooltip(
        rx.badge(row["status_text"], color_scheme=colour, class_name="backup-status"),
        content=rx.cond(row["error"] != "", row["error"], row["checksum"]),
    )


# sort keys are the service's (SORTABLE: started_at, size, status, location)
COLUMNS = [
    Column("started_at", "backup.col.started", sortable=True, render=lambda r: r["started"]),
    Column("location", "backup.col.location", sortable=True),
    Column("kind", "backup.col.kind"),
    Column("size", "backup.col.size", sortable=True),
    Column("status", "backup.col.status", sortable=True, render=_status),
    Column("trigger", "backup.col.trigger"),
    Column("tables", "backup.col.tables"),
    Column("key", "backup.col.key"),
]


def _actions() -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.icon("hard-drive-download", size=16),
            rx.cond(S.busy == "backup", t("backup.running"), t("backup.run_now")),
            on_click=S.back_up,
            loading=S.busy == "backup",
            disabled=S.busy != "",
            id="backup-now",
        ),
        rx.button(
            rx.icon("rotate-ccw", size=16),
            rx.cond(S.busy == "drill", t("backup.drilling"), t("backup.drill_now")),
            on_click=S.drill,
            loading=S.busy == "drill",
            disabled=S.busy != "",
            variant="soft",
            id="drill-now",
        ),
        rx.cond(
            S.busy != "",
            rx.hstack(
                rx.spinner(size="2"),
                rx.text(t("backup.elapsed", seconds=S.elapsed), size="2", id="backup-progress"),
                align="center",
            ),
        ),
        align="center",
        wrap="wrap",
        width="100%",
    )


def _figures() -> rx.Component:
    return stat_grid(
        stat(t("backup.stat.last"), S.stats["last"], "backup-last"),
        rx.card(
            rx.vstack(
                rx.text(t("backup.stat.schedule"), size="2", color_scheme="gray"),
                rx.heading(S.stats["age"], size="6", id="backup-age"),
                rx.hstack(
                    rx.badge(
                        S.stats["rpo"],
                        color_scheme=rx.cond(S.within_rpo, "green", "red"),
                        id="backup-rpo",
                    ),
                    rx.text(S.stats["schedule"], size="1", color_scheme="gray"),
                    align="center",
                ),
                spacing="1",
            ),
            min_width="140px",
            flex="1",
        ),
        stat(t("backup.stat.last_size"), S.stats["last_size"], "backup-last-size"),
        stat(t("backup.stat.kept"), S.stats["kept"], "backup-kept"),
        rx.card(
            rx.vstack(
                rx.text(t("backup.stat.drill"), size="2", color_scheme="gray"),
                rx.badge(
                    S.stats["drill"],
                    color_scheme=rx.cond(S.drill_ok, "green", "red"),
                    size="3",
                    id="backup-last-drill",
                ),
                rx.text(S.stats["drill_at"], size="1", color_scheme="gray"),
                spacing="1",
            ),
            min_width="140px",
            flex="1",
        ),
        stat(t("backup.stat.locations"), S.stats["locations"], "backup-locations"),
    )


def _drill_row(d: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(d["started"]),
        rx.table.cell(
            rx.badge(
                d["status_text"],
                color_scheme=rx.match(d["status"], ("passed", "green"), ("failed", "red"), "gray"),
                class_name="drill-status",
            )
        ),
        rx.table.cell(d["checked"]),
        rx.table.cell(rx.text(d["mismatches"], " ", d["error"], size="1", color_scheme="red")),
        rx.table.cell(
            rx.button(
                t("backup.drill.open"),
                size="1",
                variant="soft",
                on_click=S.open_drill(d["id"]),
                class_name="open-drill",
            )
        ),
        class_name="drill-row",
    )


def _check_row(c: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(c["table"]),
        rx.table.cell(c["rows"]),
        rx.table.cell(rx.code(c["checksum"])),
        rx.table.cell(rx.badge(c["result"], color_scheme=rx.cond(c["same"] != "", "green", "red"))),
        class_name="check-row",
    )


def _checks() -> rx.Component:
    return rx.cond(
        S.checks_title != "",
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(S.checks_title, size="3", id="checks-title"),
                    rx.spacer(),
                    rx.button(t("backup.close"), variant="ghost", on_click=S.close_drill),
                    width="100%",
                ),
                rx.cond(
                    S.checks.length() > 0,
                    rx.box(
                        scroll_table(
                            [
                                "backup.col.table",
                                "backup.col.rows",
                                "backup.col.checksum",
                                "backup.col.result",
                            ],
                            rx.foreach(S.checks, _check_row),
                            "drill-checks",
                        ),
                        max_height="480px",  # ~100 tables: the list scrolls, the page does not
                        overflow_y="auto",
                        width="100%",
                    ),
                    empty_state(t("backup.drill.no_checks")),
                ),
                width="100%",
            ),
            width="100%",
            id="drill-detail",
        ),
    )


def _drills() -> rx.Component:
    return rx.cond(
        S.drills.length() > 0,
        scroll_table(
            [
                "backup.col.started",
                "backup.col.drill_result",
                "backup.col.checked",
                "backup.col.mismatches",
                "table.actions",
            ],
            rx.foreach(S.drills, _drill_row),
            "drills",
        ),
        empty_state(t("backup.no_drills")),
    )


def backups_page() -> rx.Component:
    return admin_dashboard(
        t("backup.title"),
        _actions(),
        _figures(),
        bar_chart(
            S.sizes,
            "at",
            [Series("mb", "backup.col.size")],
            "backup-sizes",
            t("backup.chart.sizes"),
        ),
        section(t("backup.section.drills"), _drills(), _checks()),
        section(t("backup.section.backups"), data_table(S, COLUMNS, S.rows, "backups")),
    )
