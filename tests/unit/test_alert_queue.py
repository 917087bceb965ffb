"""The alert queue: who sees it, acknowledging once, notes, calls, re-assigning, refunds only
by finance, resolving with a text; every action audited, bad input changes nothing."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import OPERATIONS_PHONE, SUPPORT_PHONE
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import Alert, AlertNote, AuditEntry, Order, Refund, Technician
from salon_app.core.services import alerts, auth, payments
from salon_app.core.services.alerts import AlertFilter, actions, scan
from salon_app.core.settings import get_settings
from tests.support.journeys import accept, mark_paid
from tests.support.orders import free_for, pending_order
from tests.unit.test_payments import notify_
from tests.unit.test_refunds import PAID_PROVIDER, gateways  # noqa: F401

LIMITS = get_settings().alerts


def _raise_not_departed(session: Session, order: Order) -> Alert:
    scan(session, order.starts_at - timedelta(minutes=LIMITS.depart_minutes))
    session.rollback()
    return session.exec(
        select(Alert).where(Alert.rule == "not_departed", Alert.subject == f"order:{order.id}")
    ).one()


@pytest.fixture
def alert(demo_session, customer, gateways) -> Alert:  # noqa: F811
    """A "not departed" alert about an order paid through the gateway and accepted."""
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, PAID_PROVIDER)
    notify_(demo_session, gateways[PAID_PROVIDER].pay(start.out_trade_no))
    order = demo_session.get(Order, order.id, populate_existing=True)
    accept(demo_session, order)
    return _raise_not_departed(demo_session, order)


def _reread(session: Session, alert: Alert) -> Alert:
    return session.get(Alert, alert.id, populate_existing=True)


def _audits(session: Session, alert: Alert) -> list[str]:
    rows = session.exec(
        select(AuditEntry.action)
        .where(AuditEntry.target_type == "alert", AuditEntry.target_id == alert.id)
        .order_by(AuditEntry.id)
    ).all()
    return list(rows)


def _page(session, actor, **wanted):
    return alerts.alert_queue(
        session, actor, alerts.table_query("", "", False, 1), AlertFilter(**wanted)
    )


def test_the_queue_shows_the_alert_with_its_order_and_filters_by_rule_status_and_shop(
    demo_session, support, alert
):
    page = _page(demo_session, support, rule="not_departed")
    (row,) = [r for r in page.rows if r.id == alert.id]
    order = demo_session.get(Order, alert.order_id)
    assert (row.order_code, row.status, row.rule) == (order.code, "open", "not_departed")
    assert row.shop_name and row.technician_name
    assert alert.id not in [r.id for r in _page(demo_session, support, rule="overrun").rows]
    assert alert.id not in [r.id for r in _page(demo_session, support, status="resolved").rows]
    assert alert.id in [
        r.id for r in _page(demo_session, support, merchant_id=order.merchant_id).rows
    ]
    assert (order.merchant_id, row.shop_name) in alerts.alert_shops(demo_session, support)
    with pytest.raises(DomainError) as err:
        _page(demo_session, support, rule="no_such_rule")
    assert err.value.key == "alert.unknown_rule"


def test_who_may_open_the_queue(demo_session, admin, operations, support, finance, customer, tech):
    for actor in (admin, operations, support, finance):
        assert _page(demo_session, actor).total >= 0
    for actor in (customer, tech):
        with pytest.raises(PermissionDenied):
            _page(demo_session, actor)


def test_the_version_changes_when_an_alert_is_raised_or_handled(demo_session, support, alert):
    before = alerts.queue_version(demo_session, support)
    actions.acknowledge(demo_session, support, alert.id)
    assert alerts.queue_version(demo_session, support) != before


def test_acknowledging_records_who_and_when_and_a_second_operator_is_told(
    demo_session, support, operations, alert
):
    actions.acknowledge(demo_session, support, alert.id)
    taken = _reread(demo_session, alert)
    assert (taken.status, taken.acknowledged_by) == ("acknowledged", support.user_id)
    assert taken.acknowledged_at is not None
    with pytest.raises(DomainError) as err:
        actions.acknowledge(demo_session, operations, alert.id)
    assert (err.value.key, err.value.params) == (
        "alert.already_acknowledged",
        {"name": support.display_name},
    )
    assert _reread(demo_session, alert).acknowledged_by == support.user_id
    assert _audits(demo_session, alert) == ["alert.acknowledged"]


def test_two_operators_acknowledging_at_once_one_wins(demo_engine, alert):
    barrier, outcomes = threading.Barrier(2), []

    def operator(phone: str) -> None:
        with Session(demo_engine, expire_on_commit=False) as s:
            actor = auth.log_in(s, phone, DEMO_PASSWORD).actor
            barrier.wait()
            try:
                actions.acknowledge(s, actor, alert.id)
                outcomes.append("won")
            except DomainError as err:
                outcomes.append(err.key)

    threads = [
        threading.Thread(target=operator, args=(p,)) for p in (SUPPORT_PHONE, OPERATIONS_PHONE)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["alert.already_acknowledged", "won"]
    with Session(demo_engine) as s:
        assert len(s.exec(select(AlertNote).where(AlertNote.alert_id == alert.id)).all()) == 1


def test_resolving_needs_a_text_and_happens_once(demo_session, support, alert):
    with pytest.raises(DomainError) as err:
        actions.resolve(demo_session, support, alert.id, "   ")
    assert (err.value.key, err.value.params) == (
        "validation.required",
        {"field": "field.alert_resolution"},
    )
    assert _reread(demo_session, alert).status == "open" and _audits(demo_session, alert) == []
    actions.resolve(demo_session, support, alert.id, "已联系技师，改约到明天")
    done = _reread(demo_session, alert)
    assert (done.status, done.resolution, done.resolved_by) == (
        "resolved",
        "已联系技师，改约到明天",
        support.user_id,
    )
    for again in (
        lambda: actions.resolve(demo_session, support, alert.id, "再次"),
        lambda: actions.acknowledge(demo_session, support, alert.id),
    ):
        with pytest.raises(DomainError) as err:
            again()
        assert err.value.key == "alert.already_resolved"
    assert _audits(demo_session, alert) == ["alert.resolved"]


def test_acting_on_an_alert_that_does_not_exist_is_refused(demo_session, support, finance):
    for act in (
        lambda: actions.acknowledge(demo_session, support, 999_999),
        lambda: actions.resolve(demo_session, support, 999_999, "好"),
        lambda: actions.add_note(demo_session, support, 999_999, "好"),
        lambda: actions.request_call(demo_session, support, 999_999, "customer"),
        lambda: actions.reassign(demo_session, support, 999_999, 1),
        lambda: actions.refund(demo_session, finance, 999_999, 100, ""),
        lambda: alerts.alert_detail(demo_session, support, 999_999),
        lambda: actions.acknowledge(demo_session, support, "1"),  # not an id
    ):
        with pytest.raises(DomainError) as err:
            act()
        assert err.value.key == "alert.not_found"


def test_notes_and_call_requests_are_recorded_and_audited(demo_session, support, alert):
    actions.add_note(demo_session, support, alert.id, "技师说堵车")
    actions.request_call(demo_session, support, alert.id, "technician")
    with pytest.raises(DomainError):
        actions.request_call(demo_session, support, alert.id, "someone")
    with pytest.raises(DomainError):
        actions.add_note(demo_session, support, alert.id, "")
    detail = alerts.alert_detail(demo_session, support, alert.id)
    assert [(n.kind, n.text) for n in detail.notes] == [
        ("note", "技师说堵车"),
        ("call_requested", "technician"),
    ]
    assert _audits(demo_session, alert) == ["alert.note", "alert.call_requested"]


def test_an_operator_reassigns_the_alerts_order_to_a_ranked_candidate(demo_session, support, alert):
    order = demo_session.get(Order, alert.order_id)
    colleagues = demo_session.exec(
        select(Technician.id)
        .where(Technician.merchant_id == order.merchant_id, Technician.id != order.technician_id)
        .order_by(Technician.id)
    ).all()
    target = free_for(demo_session, order, list(colleagues))
    actions.reassign(demo_session, support, alert.id, target)
    moved = demo_session.get(Order, order.id, populate_existing=True)
    assert moved.technician_id == target and moved.dispatch_state == "offering"
    assert _audits(demo_session, alert) == ["alert.reassigned"]
    assert (
        "dispatch.assign"
        in demo_session.exec(
            select(AuditEntry.action).where(AuditEntry.target_id == order.id)
        ).all()
    )
    with pytest.raises(DomainError):  # the dispatch rules hold: nobody by that id
        actions.reassign(demo_session, support, alert.id, 999_999)


def test_only_finance_refunds_from_an_alert(demo_session, support, admin, finance, alert):
    order = demo_session.get(Order, alert.order_id)
    for actor in (support, admin):
        with pytest.raises(PermissionDenied):
            actions.refund(demo_session, actor, alert.id, 100, "迟到补偿")
    assert demo_session.exec(select(Refund).where(Refund.order_id == order.id)).all() == []
    with pytest.raises(DomainError) as err:
        actions.refund(demo_session, finance, alert.id, order.total_fen + 1, "太多")
    assert err.value.key == "refund.exceeds_paid"
    key = actions.refund(demo_session, finance, alert.id, 500, "迟到补偿", sequence=1)
    again = actions.refund(demo_session, finance, alert.id, 500, "迟到补偿", sequence=1)
    assert key == again == f"{order.code}-R1"  # a double click: one refund
    (refund,) = demo_session.exec(select(Refund).where(Refund.order_id == order.id)).all()
    assert refund.amount_fen == 500
    assert _audits(demo_session, alert) == ["alert.refunded"]


def test_finance_sees_the_queue_but_cannot_acknowledge_or_resolve(demo_session, finance, alert):
    assert alert.id in [r.id for r in _page(demo_session, finance).rows]
    for act in (
        lambda: actions.acknowledge(demo_session, finance, alert.id),
        lambda: actions.resolve(demo_session, finance, alert.id, "好"),
        lambda: actions.add_note(demo_session, finance, alert.id, "好"),
        lambda: actions.request_call(demo_session, finance, alert.id, "customer"),
        lambda: actions.reassign(demo_session, finance, alert.id, 1),
    ):
        with pytest.raises(PermissionDenied):
            act()
    assert _reread(demo_session, alert).status == "open"


def test_the_summary_counts_alerts_by_status_and_rule(demo_session, support, customer):
    order = mark_paid(demo_session, pending_order(demo_session, customer))
    scan(demo_session, order.paid_at + timedelta(minutes=LIMITS.accept_minutes))
    summary = alerts.alert_summary(demo_session, support)
    assert summary.by_status["open"] >= 1
    assert any(rule == "not_accepted" and n >= 1 for rule, n, _ in summary.by_rule)


def test_every_rule_has_its_words():
    from salon_app.i18n import catalogue

    words = catalogue("zh_CN")
    for rule in alerts.RULES:
        assert f"alert.rule.{rule}" in words and f"alert.what.{rule}" in words
