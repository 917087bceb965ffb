"""Where customers and bookings came from is recorded and normalised; the demo shop's
statistics add up against the ledger; the xlsx holds what the screen shows."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import MERCHANT_PHONE
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import LedgerEntry, Merchant, Order, Service, TechnicianService, User
from salon_app.core.services import auth
from salon_app.core.services.booking import BookingRequest, book
from salon_app.core.services.stats import (
    SOURCES,
    channel_source,
    export_xlsx,
    normalize_source,
    shop_statistics,
    source_text,
)
from salon_app.i18n import catalogue, t
from tests.support import journeys
from tests.support.orders import next_free_start


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        (None, "direct"),
        ("", "direct"),
        ("search", "search"),
        (" Shop_Page ", "shop_page"),
        ("share", "share"),
        ("ch=xhs", "ch:xhs"),
        ("ch:Douyin", "ch:douyin"),
        ("ch:" + "x" * 16, "ch:" + "x" * 16),
        ("ch:" + "x" * 17, "direct"),  # too long for a channel code
        ("ch:<script>", "direct"),
        ("ch:", "direct"),
        ("facebook", "direct"),  # not a known source and not a channel
    ],
)
def test_sources_are_normalised_and_never_refused(raw, stored):
    assert normalize_source(raw) == stored
    assert len(stored) <= 24  # the column


def test_a_channel_parameter_becomes_a_channel_source():
    assert channel_source("xhs") == "ch:xhs"
    assert channel_source(None) == channel_source("") == channel_source("a b") == "direct"


def test_every_source_has_words():
    for source in SOURCES:
        assert f"stats.source.{source}" in catalogue("zh_CN")
    assert source_text("ch:xhs", t) == "渠道 xhs"
    assert "stats.basis.service" in catalogue("zh_CN") and "stats.basis.payment" in catalogue(
        "zh_CN"
    )


def test_sign_up_and_booking_record_their_source(demo_session):
    actor = journeys.sign_up(demo_session, "17600000002", "hello2026", "小红", source="ch=xhs")
    assert demo_session.get(User, actor.user_id).source == "ch:xhs"
    plain = journeys.sign_up(demo_session, "17600000003", "hello2026", "小蓝")
    assert demo_session.get(User, plain.user_id).source == "direct"
    haircut = demo_session.exec(select(Service).where(Service.slug == "haircut")).one()
    tech_id = demo_session.exec(
        select(TechnicianService.technician_id).where(TechnicianService.service_id == haircut.id)
    ).first()
    start = next_free_start(demo_session, tech_id, haircut.id)
    order = book(
        demo_session, actor, BookingRequest(haircut.id, tech_id, start, source="shop_page")
    )
    assert order.source == "shop_page"


def test_demo_orders_and_customers_have_realistic_sources(demo_session):
    sources = set(demo_session.exec(select(Order.source)).all())
    assert {"direct", "search", "shop_page", "share", "ch:xhs"} <= sources
    assert len(set(demo_session.exec(select(User.source).where(User.role == "customer")).all())) > 2


@pytest.fixture
def owner(demo_session: Session):
    return auth.log_in(demo_session, MERCHANT_PHONE, DEMO_PASSWORD).actor


def _range(session: Session, shop_id: int, days: int):
    shop = session.get(Merchant, shop_id)
    last = utcnow().astimezone(ZoneInfo(shop.timezone)).date()
    return last - timedelta(days=days - 1), last


def test_the_demo_shops_revenue_equals_its_ledger_rows(demo_session, owner):
    first, last = _range(demo_session, owner.merchant_id, 180)
    stats = shop_statistics(demo_session, owner, owner.merchant_id, first, last, "payment")
    prev = shop_statistics(
        demo_session,
        owner,
        owner.merchant_id,
        first - timedelta(days=180),
        first - timedelta(days=1),
        "payment",
    )
    assert stats.orders.value > 10 and stats.revenue_fen.value > 0
    assert prev.revenue_fen.value == stats.revenue_fen.previous
    rows = demo_session.exec(
        select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0))
        .join(Order, col(Order.id) == col(LedgerEntry.order_id))
        .where(Order.merchant_id == owner.merchant_id, LedgerEntry.kind == "settlement")
    ).one()
    # every demo visit was paid within the last 360 days: the two periods hold all of it
    assert stats.revenue_fen.value + stats.revenue_fen.previous == -rows
    assert sum(p.revenue_fen for p in stats.daily) == stats.revenue_fen.value
    assert stats.technicians and all(t.utilisation.whole > 0 for t in stats.technicians)


def _xlsx_cells(data: bytes) -> tuple[list[str], dict[str, list[str]]]:
    """(sheet names, each sheet's cell texts in order): strings resolved from sharedStrings."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        workbook = z.read("xl/workbook.xml").decode()
        names = re.findall(r'<sheet name="([^"]+)"', workbook)
        shared = [
            re.sub(r"<[^>]+>", "", si)
            for si in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)
        ]
        cells = {}
        for i, name in enumerate(names, start=1):
            xml = z.read(f"xl/worksheets/sheet{i}.xml").decode()
            found = []
            for attrs, value in re.findall(r"<c ([^>]*)>\s*<v>([^<]*)</v>", xml):
                found.append(shared[int(value)] if 't="s"' in attrs else value)
            cells[name] = found
    return names, cells


def test_the_export_holds_one_sheet_per_table_with_the_screens_figures(demo_session, owner):
    first, last = _range(demo_session, owner.merchant_id, 30)
    stats = shop_statistics(demo_session, owner, owner.merchant_id, first, last)
    data = export_xlsx(demo_session, owner, owner.merchant_id, first, last, text=t)
    names, cells = _xlsx_cells(data)
    assert names == [
        "概览",
        "每日趋势",
        "预约时段",
        "订单来源",
        "新客注册来源",
        "服务热度",
        "技师表现",
    ]
    overview = cells["概览"]
    assert overview[:4] == ["指标", "本期", "上期", "环比"]
    at = overview.index("订单数")
    assert overview[at + 1] == str(stats.orders.value)
    at = overview.index("营业收入（元）")
    assert float(overview[at + 1]) == stats.revenue_fen.value / 100
    daily = cells["每日趋势"]
    assert daily[0] == "日期" and last.isoformat() in daily
    assert len([c for c in daily if re.fullmatch(r"\d{4}-\d\d-\d\d", c)]) == 30
    techs = cells["技师表现"]
    assert all(row.name in techs for row in stats.technicians)
    assert "剪发" in cells["服务热度"] or stats.services == []


def test_another_shops_merchant_can_neither_see_nor_export(demo_session, owner):
    other = demo_session.exec(
        select(Merchant.id).where(Merchant.id != owner.merchant_id).order_by(Merchant.id)
    ).first()
    first, last = _range(demo_session, other, 7)
    with pytest.raises(PermissionDenied):
        shop_statistics(demo_session, owner, other, first, last)
    with pytest.raises(PermissionDenied):
        export_xlsx(demo_session, owner, other, first, last)
    with pytest.raises(DomainError) as err:
        export_xlsx(demo_session, owner, owner.merchant_id, last, first - timedelta(days=3650))
    assert err.value.key == "stats.range_reversed"


def test_an_admin_may_see_any_shop(demo_session, admin, owner):
    first, last = _range(demo_session, owner.merchant_id, 7)
    assert (
        shop_statistics(demo_session, admin, owner.merchant_id, first, last).shop_id
        == owner.merchant_id
    )
