"""Dashboard tables page through rows the same way on both databases."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Merchant
from salon_app.core.paging import TableQuery, paginate

SORTS = {"name": Merchant.name, "district": Merchant.district}


def _shops(session: Session) -> None:
    # Several shops share a district: only the tie-breaker on id keeps pages apart.
    names = ["丽人坊", "美发沙龙 50%", "指尖艺术", "洁净家政", "发艺工坊", "美甲_小屋", "悦颜"]
    for i, name in enumerate(names):
        session.add(
            Merchant(
                name=name,
                address="深圳市",
                district="南山区" if i % 2 else "福田区",
                lat=22.5,
                lng=114.0,
                contact_phone="075500000000",
                created_at=utcnow(),
            )
        )
    session.commit()


def _page(session: Session, query: TableQuery) -> tuple[list[str], int, int]:
    page = paginate(
        session,
        select(Merchant.id, Merchant.name),
        query,
        sort_columns=SORTS,
        tie_breaker=Merchant.id,
        search_columns=[Merchant.name, Merchant.district],
        row=lambda r: r.name,
    )
    return page.rows, page.total, page.pages


def test_pages_cover_every_row_once_in_the_chosen_order(session: Session) -> None:
    _shops(session)
    seen: list[str] = []
    for number in (1, 2, 3, 4):
        rows, total, pages = _page(session, TableQuery(sort="district", page=number, page_size=2))
        seen += rows
    assert total == 7 and pages == 4
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 7


def test_search_matches_any_column_and_treats_wildcards_as_text(session: Session) -> None:
    _shops(session)
    assert _page(session, TableQuery.of(SORTS, search="南山"))[1] == 3
    assert _page(session, TableQuery.of(SORTS, search="50%"))[0] == ["美发沙龙 50%"]
    assert _page(session, TableQuery.of(SORTS, search="_"))[0] == ["美甲_小屋"]


def test_a_page_past_the_end_shows_the_last_page(session: Session) -> None:
    _shops(session)
    rows, total, pages = _page(session, TableQuery(page=99, page_size=10))
    assert total == 7 and pages == 1 and len(rows) == 7


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ({"sort": "password_hash"}, TableQuery(sort="name")),
        ({"page": -5}, TableQuery(sort="name")),
        ({"page": True}, TableQuery(sort="name")),
        ({"page": 10**12}, TableQuery(sort="name", page=10_000)),
        ({"page_size": 10**6}, TableQuery(sort="name")),
        ({"search": "x" * 500}, TableQuery(search="x" * 50, sort="name")),
        ({"search": {"$ne": 1}}, TableQuery(sort="name")),
        ({"sort": "district", "descending": 1}, TableQuery(sort="district", descending=True)),
    ],
)
def test_what_the_browser_sends_is_bounded(asked: dict, expected: TableQuery) -> None:
    assert TableQuery.of(SORTS, default_sort="name", **asked) == expected
