"""A shop's statistics, hand-computed on a small fixture (cancelled and no-show visits left out),
the revenue equal to the ledger to the fen, and the refusals (another shop, bad ranges)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import AuditEntry, LedgerEntry, Order
from salon_app.core.services.stats import Ratio, report, shop_statistics
from tests.support.stats_world import World, add_day_off, add_time_off, local, new_world

D = date  # readability of the fixture
FIRST, LAST = D(2026, 11, 2), D(2026, 11, 8)  # Monday to Sunday
NOW = local(D(2026, 11, 20), "12:00")
WEEKDAYS = {d: ("10:00", "18:00") for d in range(5)}  # 8 h Monday-Friday
MORNINGS = {d: ("10:00", "14:00") for d in range(7)}  # 4 h every day


@pytest.fixture
def world(session: Session, monkeypatch) -> World:
    """Shop 甲: T1 (weekdays 10-18, 2 h off on Nov 3), T2 (mornings, rota day off on Nov 4).

    C1 came before the previous period; C2 first came in the previous period; C3 is new now;
    C4 only cancelled; C5 is shop 乙's customer.
    """
    monkeypatch.setattr(report, "utcnow", lambda: NOW)
    w = new_world(session)
    w.add_technician("T1", w.shop, WEEKDAYS)
    w.add_technician("T2", w.shop, MORNINGS)
    w.add_technician("TB", w.other, WEEKDAYS)
    sources = {"C1": "direct", "C2": "share", "C3": "shop_page", "C4": "search", "C5": "ch:xhs"}
    for name, source in sources.items():
        w.customers[name] = w.user(name, "customer", source)
    add_time_off(w, "T1", local(D(2026, 11, 3), "12:00"), local(D(2026, 11, 3), "14:00"))
    add_day_off(w, "T2", D(2026, 11, 4))
    # before the previous period, and the previous period (Oct 26 - Nov 1)
    w.order(
        "C1", "T2", D(2026, 10, 1), "10:00", 60, "completed", 9000, local(D(2026, 10, 1), "08:00")
    )
    w.order(
        "C2",
        "T1",
        D(2026, 10, 28),
        "10:00",
        60,
        "completed",
        12000,
        local(D(2026, 10, 27), "20:00"),
    )
    # the period (Nov 2 - 8)
    w.order(
        "C1",
        "T1",
        D(2026, 11, 2),
        "10:00",
        60,
        "completed",
        10000,
        local(D(2026, 11, 1), "20:00"),
        "search",
        arrived=local(D(2026, 11, 2), "09:58"),
    )
    o2 = w.order(
        "C2",
        "T1",
        D(2026, 11, 3),
        "15:00",
        90,
        "reviewed",
        20000,
        local(D(2026, 11, 3), "09:00"),
        "ch:xhs",
        arrived=local(D(2026, 11, 3), "15:10"),
    )
    o3 = w.order(
        "C3", "T2", D(2026, 11, 5), "10:00", 120, "completed", 30000, local(D(2026, 11, 5), "08:00")
    )
    w.order(
        "C3",
        "T2",
        D(2026, 11, 7),
        "11:00",
        60,
        "pending_service",
        8000,
        local(D(2026, 11, 6), "08:00"),
    )  # no-show: its time passed, nobody set off
    w.order("C4", "T1", D(2026, 11, 4), "10:00", 60, "cancelled", 7000)
    w.order(
        "C1", "T1", D(2026, 11, 6), "10:00", 60, "completed", 10000, local(D(2026, 11, 6), "09:00")
    )
    # after the period: C3 booked T2 again (ahead of time)
    w.order(
        "C3",
        "T2",
        D(2026, 11, 25),
        "10:00",
        60,
        "pending_service",
        8000,
        local(D(2026, 11, 10), "08:00"),
    )
    w.order(
        "C5",
        "TB",
        D(2026, 11, 3),
        "10:00",
        60,
        "completed",
        50000,
        local(D(2026, 11, 3), "08:00"),
        "ch:xhs",
    )  # shop 乙
    w.refund(o2, 5000, local(D(2026, 11, 5), "16:00"))
    w.review(o2, (5, 5, 4), local(D(2026, 11, 4), "10:00"))
    w.complaint(o3, local(D(2026, 11, 6), "10:00"))
    session.commit()
    return w  # fmt: skip


def _stats(world: World, basis: str = "service", first: date = FIRST, last: date = LAST):
    return shop_statistics(
        world.session, world.staff[world.shop.id], world.shop.id, first, last, basis
    )


def test_orders_and_customers_leave_out_cancelled_and_no_show_visits(world):
    stats = _stats(world)
    assert (stats.orders.value, stats.orders.previous) == (4, 1)  # o1 o2 o3 o6 | C2's Oct 28
    assert (stats.customers.value, stats.customers.previous) == (3, 1)
    assert (stats.new_customers.value, stats.new_customers.previous) == (1, 1)  # C3 | C2
    assert (stats.returning_customers.value, stats.returning_customers.previous) == (2, 0)
    assert (stats.previous_first_day, stats.previous_last_day) == (D(2026, 10, 26), D(2026, 11, 1))
    assert stats.orders.change_pct == 300.0


def test_revenue_by_service_date_counts_refunds_on_the_refund_date(world):
    stats = _stats(world)
    # completions on their service days: 10000 + 20000 + 30000 + 10000, less 5000 refunded Nov 5
    assert stats.revenue_fen.value == 65000 and stats.refunds_fen.value == 5000
    assert stats.revenue_fen.previous == 12000
    by_day = {p.day: p for p in stats.daily}
    assert len(stats.daily) == 7
    assert by_day[D(2026, 11, 3)].revenue_fen == 20000
    assert by_day[D(2026, 11, 5)].revenue_fen == 30000 - 5000
    assert by_day[D(2026, 11, 4)].revenue_fen == 0  # the cancelled visit earned nothing
    assert by_day[D(2026, 11, 2)].previous_revenue_fen == 0
    assert by_day[D(2026, 11, 4)].previous_revenue_fen == 12000  # Oct 28, aligned a week on
    assert sum(p.revenue_fen for p in stats.daily) == stats.revenue_fen.value


def test_revenue_by_payment_date_moves_a_visit_paid_the_day_before(world):
    stats = _stats(world, "payment")
    # o1 was paid on Nov 1 (previous period) for its visit on Nov 2
    assert stats.revenue_fen.value == 20000 + 30000 + 10000 - 5000
    assert stats.revenue_fen.previous == 10000 + 12000


@pytest.mark.parametrize("basis", ["service", "payment"])
def test_revenue_totals_equal_the_ledger_to_the_fen(world, basis):
    stats = _stats(world, basis)
    period = (local(FIRST, "00:00"), local(LAST + timedelta(days=1), "00:00"))
    rows = world.session.exec(
        select(LedgerEntry, Order)
        .join(Order, col(Order.id) == col(LedgerEntry.order_id))
        .where(LedgerEntry.account == "platform", LedgerEntry.kind == "settlement")
        .where(Order.merchant_id == world.shop.id)
    ).all()
    total = 0
    for entry, order in rows:
        if entry.amount_fen < 0:  # completion: on the service or payment day
            when = order.starts_at if basis == "service" else order.paid_at
        else:  # a refund taken back: on its own day
            when = entry.created_at
        if period[0] <= when < period[1]:
            total -= entry.amount_fen
    assert stats.revenue_fen.value == total


def test_utilisation_is_booked_over_scheduled_hours_from_hours_rota_and_time_off(world):
    stats = _stats(world)
    t1, t2 = (next(t for t in stats.technicians if t.name == n) for n in ("T1", "T2"))
    # T1: 5 days x 480 min less 120 min off = 2280; booked 60 + 90 + 60 (cancelled left out)
    assert (t1.utilisation.part, t1.utilisation.whole) == (210, 2280)
    # T2: 7 mornings x 240 min less the rota day off = 1440; booked 120 (the no-show left out)
    assert (t2.utilisation.part, t2.utilisation.whole) == (120, 1440)
    assert stats.utilisation == Ratio(330, 3720, 60, 2400 + 1680)
    assert stats.utilisation.value == round(330 / 3720, 4)


def test_per_technician_orders_revenue_rating_rebooking_on_time_and_complaints(world):
    stats = _stats(world)
    assert [t.name for t in stats.technicians] == ["T1", "T2"]  # shop 乙's TB is not listed
    t1, t2 = stats.technicians
    assert (t1.orders, t1.revenue_fen, t2.orders, t2.revenue_fen) == (3, 35000, 1, 30000)
    assert (t1.rating, t1.reviews, t2.rating) == (4.67, 1, None)
    # C1 came back to T1 within 60 days, C2 did not; C3 booked T2 again for Nov 25
    assert (t1.rebooking.part, t1.rebooking.whole) == (1, 2)
    assert (t2.rebooking.part, t2.rebooking.whole) == (1, 1)
    # o1 arrived 2 min early, o2 10 min late (grace 5 min); o6 has no arrival step
    assert (t1.on_time.part, t1.on_time.whole) == (1, 2)
    assert t2.on_time.value is None
    assert (t1.complaints, t2.complaints) == (0, 1)
    assert stats.rating == 4.67


def test_sources_services_and_hours_are_ready_for_charts(world):
    stats = _stats(world)
    assert [(s.source, s.count) for s in stats.order_sources] == [
        ("direct", 2),
        ("ch:xhs", 1),
        ("search", 1),
    ]
    assert [(s.source, s.count, s.previous) for s in stats.new_customer_sources] == [
        ("shop_page", 1, 0),
        ("share", 0, 1),
    ]
    assert [(s.name, s.orders, s.previous_orders) for s in stats.services] == [("剪发", 4, 1)]
    assert len(stats.hours) == 24
    assert {h.hour: h.orders for h in stats.hours if h.orders} == {10: 3, 15: 1}
    by_day = {p.day: p for p in stats.daily}
    assert (by_day[D(2026, 11, 5)].new_customers, by_day[D(2026, 11, 5)].returning_customers) == (
        1,
        0,
    )
    assert (by_day[D(2026, 11, 6)].new_customers, by_day[D(2026, 11, 6)].returning_customers) == (
        0,
        1,
    )


def test_a_merchant_of_another_shop_is_refused(world):
    other = world.staff[world.other.id]
    with pytest.raises(PermissionDenied):
        shop_statistics(world.session, other, world.shop.id, FIRST, LAST)
    with pytest.raises(PermissionDenied):
        shop_statistics(world.session, None, world.shop.id, FIRST, LAST)


@pytest.mark.parametrize(
    ("first", "last", "key"),
    [
        (D(2016, 1, 1), D(2025, 12, 31), "stats.range_too_long"),  # ten years
        (D(2026, 11, 8), D(2026, 11, 2), "stats.range_reversed"),
    ],
)
def test_bad_ranges_get_a_message_and_change_nothing(world, first, last, key):
    before = world.session.exec(select(AuditEntry)).all()
    with pytest.raises(DomainError) as err:
        _stats(world, first=first, last=last)
    assert err.value.key == key
    assert world.session.exec(select(AuditEntry)).all() == before


def test_a_year_is_allowed_and_an_unknown_basis_is_refused(world):
    assert _stats(world, first=D(2025, 11, 9), last=LAST).orders.value == 6
    with pytest.raises(DomainError) as err:
        _stats(world, "cash")
    assert err.value.key == "stats.basis_unknown"
