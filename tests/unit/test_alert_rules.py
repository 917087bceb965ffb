"""Abnormal-order rules: each fires once, at its threshold and not a second before, with the
clock frozen at the instants the test picks (scan(session, now))."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.integrations.payments import PaymentEvent
from salon_app.core.jobs.frequent import bucket_key, run_frequent
from salon_app.core.models import Alert, Complaint, JobRun, Order, OrderEvent, Refund
from salon_app.core.services import payments
from salon_app.core.services.alerts import Finding, raise_alert, rules, scan
from salon_app.core.services.alerts.rules import is_spike, local_day
from salon_app.core.services.feedback import complaints
from salon_app.core.services.orders import jobs as job_board
from salon_app.core.settings import get_settings
from tests.support import journeys
from tests.support.journeys import accept, mark_paid, reject
from tests.support.orders import pending_order
from tests.unit.test_payments import notify_
from tests.unit.test_refunds import gateways  # noqa: F401

LIMITS = get_settings().alerts
SECOND = timedelta(seconds=1)


def _alerts(session: Session, rule: str, subject: str) -> list[Alert]:
    session.rollback()
    return list(
        session.exec(select(Alert).where(Alert.rule == rule, Alert.subject == subject)).all()
    )


def _fires_at(session: Session, rule: str, subject: str, threshold, before=SECOND) -> Alert:
    """Nothing a moment before `threshold`; one alert at it; none added by a later scan."""
    scan(session, threshold - before)
    assert _alerts(session, rule, subject) == []
    report = scan(session, threshold)
    assert (rule, subject) in report.raised
    again = scan(session, threshold + timedelta(minutes=5))
    assert (rule, subject) not in again.raised
    (alert,) = _alerts(session, rule, subject)
    assert (alert.status, alert.raised_at) == ("open", threshold)
    return alert


@pytest.fixture
def paid(demo_session, customer) -> Order:
    return mark_paid(demo_session, pending_order(demo_session, customer))


def test_paid_but_not_accepted_fires_after_accept_minutes(demo_session, paid):
    threshold = paid.paid_at + timedelta(minutes=LIMITS.accept_minutes)
    alert = _fires_at(demo_session, "not_accepted", f"order:{paid.id}", threshold)
    assert (alert.order_id, alert.merchant_id, alert.since) == (
        paid.id,
        paid.merchant_id,
        paid.paid_at,
    )
    assert alert.details == {"minutes": LIMITS.accept_minutes}


def test_an_accepted_order_is_not_reported_as_not_accepted(demo_session, paid):
    accept(demo_session, paid)
    scan(demo_session, paid.paid_at + timedelta(hours=1))
    assert _alerts(demo_session, "not_accepted", f"order:{paid.id}") == []


def test_not_departed_fires_depart_minutes_before_the_start(demo_session, paid):
    accept(demo_session, paid)
    threshold = paid.starts_at - timedelta(minutes=LIMITS.depart_minutes)
    alert = _fires_at(demo_session, "not_departed", f"order:{paid.id}", threshold)
    assert alert.details == {"minutes": LIMITS.depart_minutes}
    assert alert.technician_id == paid.technician_id


def test_a_departed_technician_is_not_reported_as_not_departed(demo_session, paid):
    tech = accept(demo_session, paid)
    journeys.step(demo_session, tech, paid, "departed")
    scan(demo_session, paid.starts_at)
    assert _alerts(demo_session, "not_departed", f"order:{paid.id}") == []


def test_not_arrived_fires_fifteen_minutes_after_the_start(demo_session, paid):
    tech = accept(demo_session, paid)
    journeys.step(demo_session, tech, paid, "departed")
    threshold = paid.starts_at + timedelta(minutes=LIMITS.arrive_late_minutes)
    assert LIMITS.arrive_late_minutes == 15
    _fires_at(demo_session, "not_arrived", f"order:{paid.id}", threshold)
    job_board.advance(demo_session, tech, paid.code, "arrived", at=threshold)  # arriving late
    assert len(_alerts(demo_session, "not_arrived", f"order:{paid.id}")) == 1  # changes nothing


def test_in_service_for_more_than_twice_its_length_fires(demo_session, paid):
    tech = accept(demo_session, paid)
    journeys.progress(demo_session, tech, paid, through="started")
    order = demo_session.get(Order, paid.id, populate_existing=True)
    started = demo_session.exec(
        select(OrderEvent.at).where(OrderEvent.order_id == order.id, OrderEvent.kind == "started")
    ).one()
    twice = started + timedelta(minutes=order.duration_min * LIMITS.overrun_factor)
    scan(demo_session, twice)  # exactly twice is not "more than"
    assert _alerts(demo_session, "overrun", f"order:{order.id}") == []
    alert = _fires_at(demo_session, "overrun", f"order:{order.id}", twice + SECOND)
    assert alert.details["service_minutes"] == order.duration_min


def test_a_technician_turning_down_orders_repeatedly_fires_once_a_day(demo_session, customer):
    first = mark_paid(demo_session, pending_order(demo_session, customer))
    tech_id = first.technician_id
    orders = [first] + [  # each paid as booked: a customer holds at most 2 unpaid (issue 13)
        mark_paid(demo_session, pending_order(demo_session, customer, technician_id=tech_id))
        for _ in range(2)
    ]
    subject = f"technician:{tech_id}:{local_day(utcnow())}"
    for n, order in enumerate(orders, start=1):
        reject(demo_session, order)
        report = scan(demo_session, utcnow())
        assert (("tech_rejections", subject) in report.raised) is (n == LIMITS.tech_rejections)
    (alert,) = _alerts(demo_session, "tech_rejections", subject)
    assert alert.technician_id == tech_id and alert.order_id == orders[-1].id
    assert alert.details == {"count": 3, "hours": LIMITS.tech_rejection_hours}
    assert ("tech_rejections", subject) not in scan(demo_session, utcnow()).raised


def test_a_notification_with_the_wrong_amount_raises_a_mismatch(
    demo_session,
    gateways,  # noqa: F811
    customer,
):
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, "alipay")
    event = gateways["alipay"].pay(start.out_trade_no)
    wrong = PaymentEvent(**{**asdict(event), "amount_fen": 1})
    assert notify_(demo_session, wrong).reason == "amount_mismatch"
    report = scan(demo_session, utcnow())
    assert ("payment_mismatch", f"order:{order.id}") in report.raised
    (alert,) = _alerts(demo_session, "payment_mismatch", f"order:{order.id}")
    assert alert.details == {"reason": "amount_mismatch", "provider": "alipay"}


def test_a_payment_found_only_by_asking_the_gateway_raises_after_a_while(
    demo_session,
    gateways,  # noqa: F811
    customer,
):
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, "card")
    gateways["card"].pay(start.out_trade_no)  # paid; its notification never comes
    assert payments.check_with_gateway(demo_session, customer, order.id)
    paid_at = demo_session.get(Order, order.id, populate_existing=True).paid_at
    threshold = paid_at + timedelta(minutes=LIMITS.payment_notify_minutes)
    _fires_at(demo_session, "payment_unnotified", f"order:{order.id}", threshold)


def test_a_notified_payment_raises_nothing(demo_session, gateways, customer):  # noqa: F811
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, "card")
    notify_(demo_session, gateways["card"].pay(start.out_trade_no))
    scan(demo_session, utcnow() + timedelta(hours=2))
    assert _alerts(demo_session, "payment_unnotified", f"order:{order.id}") == []


def test_a_complaint_past_its_deadline_fires(demo_session, customer, paid):
    filed = complaints.open_complaint(demo_session, customer, paid.code, "complaint", "没人联系我")
    due = demo_session.get(Complaint, filed.id).due_at
    assert due == filed.created_at + timedelta(hours=LIMITS.complaint_answer_hours)
    alert = _fires_at(demo_session, "complaint_overdue", f"complaint:{filed.id}", due)
    assert (alert.complaint_id, alert.order_id) == (filed.id, paid.id)


def test_a_spike_of_complaints_for_one_shop_fires_once_a_day(demo_session, customer):
    orders = [mark_paid(demo_session, pending_order(demo_session, customer)) for _ in range(2)]
    shop = orders[0].merchant_id
    assert orders[1].merchant_id == shop
    now = utcnow()
    day_ago = now - timedelta(hours=24)
    already = (
        rules._per_shop(demo_session, Complaint, day_ago, now)
        + rules._per_shop(demo_session, Refund, day_ago, now)
    )[shop]  # the demo city's own recent complaints
    limits = replace(LIMITS, spike_count=already + 2, spike_factor=1)

    def spikes_of_this_shop() -> list[str]:  # other demo shops may spike under these limits
        raised = scan(demo_session, utcnow(), limits).raised
        return [s for r, s in raised if r == "shop_spike" and s.startswith(f"shop:{shop}:")]

    complaints.open_complaint(demo_session, customer, orders[0].code, "complaint", "态度差")
    assert spikes_of_this_shop() == []
    complaints.open_complaint(demo_session, customer, orders[1].code, "complaint", "迟到")
    assert spikes_of_this_shop() == [f"shop:{shop}:{local_day(utcnow())}"]
    assert spikes_of_this_shop() == []


@pytest.mark.parametrize(
    ("count", "usual", "spike"),
    [
        (4, 0, False),  # below the count
        (5, 0, True),  # at the count, a shop with no history
        (5, 5 * 28 / 3 + 1, False),  # 5 is less than three times its usual day
        (6, 2 * 28, True),  # three times its usual day
        (5, 2 * 28, False),
    ],
)
def test_a_spike_needs_both_the_count_and_the_factor(count, usual, spike):
    assert is_spike(count, usual, LIMITS) is spike


def test_raising_an_alert_twice_is_a_no_op(demo_session, paid):
    finding = Finding("not_accepted", f"order:{paid.id}", paid.paid_at, paid.id)
    now = utcnow()
    assert raise_alert(demo_session, finding, now) is True
    demo_session.commit()
    assert raise_alert(demo_session, finding, now + SECOND) is False
    demo_session.commit()
    (alert,) = _alerts(demo_session, "not_accepted", f"order:{paid.id}")
    assert alert.raised_at == now


def _factory(engine: Engine):
    @contextmanager
    def session_scope():
        with Session(engine, expire_on_commit=False) as session:
            try:
                yield session
            finally:
                session.rollback()

    return session_scope


def test_two_workers_raising_the_same_alert_store_one(demo_engine, demo_session, paid):
    finding = Finding("not_accepted", f"order:{paid.id}", paid.paid_at, paid.id)
    barrier, added = threading.Barrier(2), []

    def worker() -> None:
        with Session(demo_engine) as s:
            barrier.wait()
            added.append(raise_alert(s, finding, utcnow()))
            s.commit()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(added) == [False, True]
    assert len(_alerts(demo_session, "not_accepted", f"order:{paid.id}")) == 1


def test_the_scan_job_runs_once_per_minute_with_two_workers(demo_engine, demo_session, paid):
    minute = (paid.paid_at + timedelta(minutes=LIMITS.accept_minutes + 1)).replace(
        second=0, microsecond=0
    )
    sessions, barrier, outcomes = _factory(demo_engine), threading.Barrier(2), []

    def worker() -> None:
        barrier.wait()
        outcomes.append(run_frequent(sessions, minute + timedelta(seconds=10))["alert_scan"])

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["done", "skipped"]
    assert len(_alerts(demo_session, "not_accepted", f"order:{paid.id}")) == 1
    runs = demo_session.exec(select(JobRun).where(JobRun.job == "alert_scan")).all()
    assert [(r.period, r.status) for r in runs] == [(bucket_key(minute, 1), "done")]
    later = minute + timedelta(seconds=50)  # the same minute: one read, no work
    assert run_frequent(sessions, later)["alert_scan"] == "skipped"
    assert run_frequent(sessions, minute + timedelta(minutes=1))["alert_scan"] == "done"


def test_the_job_period_is_the_minute_bucket():
    from datetime import UTC, datetime

    at = datetime(2026, 12, 6, 9, 7, 42, tzinfo=UTC)
    assert bucket_key(at, 1) == "2026-12-06T09:07"
    assert bucket_key(at, 5) == "2026-12-06T09:05"
    assert len(bucket_key(at, 1)) <= 20  # JobRun.period
