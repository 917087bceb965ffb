"""Tables on the dashboards: one request shape (search, sort, page) and one page of rows.

The browser sends the search text, the column to sort by and the page number; a service turns
them into a `TableQuery` (unknown columns fall back to the default sort, sizes are bounded) and
`paginate` runs the query with a tie-breaker on the row id, so pages never overlap or skip rows
whatever the database's row order.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import Session

T = TypeVar("T")

PAGE_SIZES = (10, 20, 50, 100)
SEARCH_MAX_CHARS = 50
MAX_PAGE = 10_000


@dataclass(frozen=True)
class TableQuery:
    search: str = ""
    sort: str = ""
    descending: bool = False
    page: int = 1
    page_size: int = 20

    @classmethod
    def of(
        cls,
        sortable: Collection[str],
        *,
        search: object = "",
        sort: object = "",
        descending: object = False,
        page: object = 1,
        page_size: object = 20,
        default_sort: str = "",
        default_descending: bool = False,
    ) -> TableQuery:
        """What the browser asked for, made safe: anything unknown falls back to a default."""
        text = search.strip()[:SEARCH_MAX_CHARS] if isinstance(search, str) else ""
        column = sort if isinstance(sort, str) and sort in sortable else default_sort
        desc = bool(descending) if column == sort else default_descending
        number = page if isinstance(page, int) and not isinstance(page, bool) else 1
        size = page_size if page_size in PAGE_SIZES else 20
        return cls(text, column, desc, min(max(number, 1), MAX_PAGE), size)


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def paginate(
    session: Session,
    statement: Select[Any],
    query: TableQuery,
    *,
    sort_columns: Mapping[str, ColumnElement[Any]],
    tie_breaker: ColumnElement[Any],
    search_columns: Sequence[ColumnElement[Any]] = (),
    row: Callable[[Any], T] = lambda r: r,
) -> Page[T]:
    """One page of `statement`, searched (case-insensitive substring over `search_columns`),
    sorted by the chosen column then by `tie_breaker`, and the total of all matching rows."""
    if query.search and search_columns:
        like = f"%{_escape_like(query.search)}%"
        statement = statement.where(
            or_(*(column.ilike(like, escape="\\") for column in search_columns))
        )
    total = session.execute(select(func.count()).select_from(statement.subquery())).scalar_one()
    order: list[ColumnElement[Any]] = []
    if query.sort in sort_columns:
        column = sort_columns[query.sort]
        order.append(column.desc() if query.descending else column.asc())
    order.append(tie_breaker.desc() if query.descending else tie_breaker.asc())
    last_page = max(1, -(-total // query.page_size))
    number = min(query.page, last_page)
    rows = session.execute(
        statement.order_by(*order).offset((number - 1) * query.page_size).limit(query.page_size)
    ).all()
    return Page([row(r) for r in rows], total, number, query.page_size)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
