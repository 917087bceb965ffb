"""Dashboard tables: a search box, headers that sort, and a pager; rows come from a service.

A page state mixes in `TableMixin` and implements `_load_table`, which asks its service for one
page (`core.paging.TableQuery` → `Page`) and calls `_show_page`. Everything the browser sends
(search text, column, page) is checked again by `TableQuery.of` in the service's terms.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

import reflex as rx

from salon_app.auth.session_state import in_worker_thread
from salon_app.core.paging import Page, TableQuery
from salon_app.i18n import t


class TableMixin(rx.State, mixin=True):
    table_search: str = ""
    table_sort: str = ""
    table_descending: bool = False
    table_page: int = 1
    table_pages: int = 1
    table_total: int = 0

    def _load_table(self) -> list | None:
        raise NotImplementedError

    def _table_query(
        self, sortable: Collection[str], default_sort: str, default_descending: bool = False
    ) -> TableQuery:
        return TableQuery.of(
            sortable,
            search=self.table_search,
            sort=self.table_sort,
            descending=self.table_descending,
            page=self.table_page,
            default_sort=default_sort,
            default_descending=default_descending,
        )

    def _show_page(self, page: Page[Any]) -> None:
        self.table_page = page.page
        self.table_pages = page.pages
        self.table_total = page.total

    @rx.event
    @in_worker_thread
    def search_table(self, text: str) -> list | None:
        self.table_search = text if isinstance(text, str) else ""
        self.table_page = 1
        return self._load_table()

    @rx.event
    @in_worker_thread
    def sort_table(self, column: str) -> list | None:
        if not isinstance(column, str):
            return None
        if column == self.table_sort:
            self.table_descending = not self.table_descending
        else:
            self.table_sort, self.table_descending = column, False
        self.table_page = 1
        return self._load_table()

    @rx.event
    @in_worker_thread
    def table_next(self) -> list | None:
        if self.table_page >= self.table_pages:
            return None
        self.table_page += 1
        return self._load_table()

    @rx.event
    @in_worker_thread
    def table_previous(self) -> list | None:
        if self.table_page <= 1:
            return None
        self.table_page -= 1
        return self._load_table()


@dataclass(frozen=True)
class Column:
    """A column: the row's key, the catalogue key of its header, whether it sorts, and how its
    cell is drawn when it is more than the row's text (`render(row)`: stars, photos...)."""

    key: str
    label: str
    sortable: bool = False
    render: Callable[[rx.Var], rx.Component] | None = None


def _header(state: type[TableMixin], column: Column) -> rx.Component:
    if not column.sortable:
        return rx.table.column_header_cell(t(column.label))
    arrow = rx.cond(state.table_sort == column.key, rx.cond(state.table_descending, " ↓", " ↑"), "")
    return rx.table.column_header_cell(
        rx.button(
            t(column.label),
            arrow,
            variant="ghost",
            size="1",
            on_click=state.sort_table(column.key),
            class_name=f"sort-{column.key}",
        ),
        aria_sort=rx.cond(
            state.table_sort == column.key,
            rx.cond(state.table_descending, "descending", "ascending"),
            "none",
        ),
    )


def scroll_table(
    headers: Sequence[str | rx.Component], body: rx.Component, table_id: str
) -> rx.Component:
    """A plain table that scrolls sideways on a phone. A header is a catalogue key, or a
    ready header cell (the sorting ones of `data_table`)."""
    cells = [rx.table.column_header_cell(t(h)) if isinstance(h, str) else h for h in headers]
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*cells)),
            rx.table.body(body),
            variant="surface",
            size="2",
            width="100%",
            id=table_id,
        ),
        overflow_x="auto",
        width="100%",
    )


def data_table(
    state: type[TableMixin],
    columns: Sequence[Column],
    rows: rx.Var,
    table_id: str,
    actions: Callable[[rx.Var], rx.Component] | None = None,
    searchable: bool = True,
) -> rx.Component:
    """A table with search, sorting headers and paging; `actions(row)` adds a last cell."""
    headers = [_header(state, c) for c in columns]
    if actions is not None:
        headers.append(rx.table.column_header_cell(t("table.actions")))

    def _row(row: rx.Var) -> rx.Component:
        cells = [rx.table.cell(c.render(row) if c.render else row[c.key]) for c in columns]
        if actions is not None:
            cells.append(rx.table.cell(actions(row)))
        return rx.table.row(*cells, class_name=f"{table_id}-row")

    return rx.vstack(
        rx.cond(
            searchable,
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                value=state.table_search,
                on_change=state.search_table,
                placeholder=t("table.search"),
                aria_label=t("table.search"),
                id=f"{table_id}-search",
                width=["100%", "320px"],
            ),
        ),
        scroll_table(headers, rx.foreach(rows, _row), table_id),
        rx.cond(
            state.table_total == 0,
            rx.text(t("common.empty"), color_scheme="gray", size="2"),
        ),
        rx.hstack(
            rx.text(
                t(
                    "table.summary",
                    total=state.table_total,
                    page=state.table_page,
                    pages=state.table_pages,
                ),
                size="2",
                color_scheme="gray",
                id=f"{table_id}-summary",
            ),
            rx.spacer(),
            rx.button(
                t("table.previous"),
                on_click=state.table_previous,
                disabled=state.table_page <= 1,
                variant="soft",
                size="1",
                id=f"{table_id}-previous",
            ),
            rx.button(
                t("table.next"),
                on_click=state.table_next,
                disabled=state.table_page >= state.table_pages,
                variant="soft",
                size="1",
                id=f"{table_id}-next",
            ),
            width="100%",
            align="center",
        ),
        width="100%",
        spacing="3",
    )
