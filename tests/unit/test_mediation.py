"""Mediation: complaint deadlines that pause while the customer is asked, proposals answered
once, and a decision with money refunded exactly once, never above what was paid."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import (
    AuditEntry,
    Complaint,
    LedgerEntry,
    MediationProposal,
    Order,
    OrderEvent,
    Refund,
)
from salon_app.core.services import auth, ledger, mediation, payments
from salon_app.core.services.feedback import complaints
from salon_app.core.services.feedback.desk import handle_complaint
from salon_app.core.services.mediation import proposals as proposals_module
from salon_app.core.settings import get_settings
from tests.support.journeys import complete
from tests.support.orders import pending_order
from tests.unit.test_payments import notify_
from tests.unit.test_refunds import PAID_PROVIDER, gateways  # noqa: F401

HOURS = get_settings().alerts.complaint_answer_hours


@pytest.fixture
def done(demo_session, gateways, customer) -> Order:  # noqa: F811
    """A job the customer paid with WeChat Pay and the technician finished."""
    order = pending_order(demo_session, customer)
    start = payments.start_payment(demo_session, customer, order.id, PAID_PROVIDER)
    notify_(demo_session, gateways[PAID_PROVIDER].pay(start.out_trade_no))
    return complete(demo_session, demo_session.get(Order, order.id, populate_existing=True))


@pytest.fixture
def complaint(demo_session, customer, done) -> Complaint:
    filed = complaints.open_complaint(demo_session, customer, done.code, "after_sales", "掉色了")
    return demo_session.get(Complaint, filed.id)


@pytest.fixture
def clock(monkeypatch):
    """The mediation services' clock, frozen; tests move it with clock[0] = ..."""
    now = [utcnow()]
    monkeypatch.setattr(proposals_module, "utcnow", lambda: now[0])
    return now


def _reread(session: Session, complaint: Complaint) -> Complaint:
    return session.get(Complaint, complaint.id, populate_existing=True)


def _refunds(session: Session, order_id: int) -> list[Refund]:
    return list(session.exec(select(Refund).where(Refund.order_id == order_id)).all())


def test_a_complaint_is_due_when_opened(demo_session, complaint):
    assert complaint.due_at == complaint.created_at + timedelta(hours=HOURS)
    due = complaint.due_at
    assert not mediation.is_overdue(complaint, due - timedelta(seconds=1))
    assert mediation.is_overdue(complaint, due)
    assert mediation.minutes_left(complaint, due - timedelta(minutes=90)) == 90


def test_the_deadline_pauses_while_the_customer_is_asked_and_resumes_after(
    demo_session, support, customer, complaint, clock
):
    due = complaint.due_at
    clock[0] = complaint.created_at + timedelta(hours=10)
    proposal = mediation.propose(demo_session, support, complaint.id, "免费重做一次")
    paused = _reread(demo_session, complaint)
    assert (paused.status, paused.paused_at) == ("awaiting_customer", clock[0])
    assert mediation.minutes_left(paused, due + timedelta(days=3)) == (HOURS - 10) * 60
    assert not mediation.is_overdue(paused, due + timedelta(days=3))  # paused: never overdue
    later = mediation.overdue_complaints(demo_session, due + timedelta(days=3))
    assert complaint.id not in [o.complaint_id for o in later]

    clock[0] += timedelta(hours=30)  # the customer took 30 hours to answer
    mediation.answer(demo_session, customer, proposal.id, accept=False)
    resumed = _reread(demo_session, complaint)
    assert (resumed.status, resumed.paused_at) == ("processing", None)
    assert resumed.due_at == due + timedelta(hours=30)
    assert not mediation.is_overdue(resumed, due + timedelta(hours=30) - timedelta(seconds=1))
    overdue = mediation.overdue_complaints(demo_session, resumed.due_at)
    assert complaint.id in [o.complaint_id for o in overdue]


def test_a_proposal_waiting_for_the_customer_is_replaced_by_a_new_one(
    demo_session, support, customer, complaint, clock
):
    first = mediation.propose(demo_session, support, complaint.id, "赔偿 10 元", 1000)
    clock[0] += timedelta(hours=1)
    second = mediation.propose(demo_session, support, complaint.id, "赔偿 20 元", 2000)
    assert _reread(demo_session, complaint).paused_at == clock[0] - timedelta(hours=1)
    rows = mediation.order_proposals(
        demo_session, customer, complaint_order(demo_session, complaint)
    )
    assert [(p.id, p.status) for p in rows] == [(first.id, "withdrawn"), (second.id, "pending")]
    with pytest.raises(DomainError) as err:
        mediation.answer(demo_session, customer, first.id, accept=True)
    assert err.value.key == "mediation.already_answered"


def complaint_order(session: Session, complaint: Complaint) -> str:
    return session.get(Order, complaint.order_id).code


def test_an_accepted_proposal_with_money_refunds_exactly_once(
    demo_session, support, customer, complaint, done
):
    proposal = mediation.propose(demo_session, support, complaint.id, "退一半", 1000)
    answered = mediation.answer(demo_session, customer, proposal.id, accept=True)
    assert answered.complaint_status == "resolved" and answered.refund_key == f"{done.code}-R1"
    for _ in range(2):  # a double click, a replay
        with pytest.raises(DomainError) as err:
            mediation.answer(demo_session, customer, proposal.id, accept=True)
        assert err.value.key == "mediation.already_answered"
    (refund,) = _refunds(demo_session, done.id)
    assert (refund.amount_fen, refund.idempotency_key) == (1000, f"{done.code}-R1")
    platform_rows = demo_session.exec(
        select(LedgerEntry.amount_fen, LedgerEntry.details).where(
            LedgerEntry.order_id == done.id,
            LedgerEntry.account == "platform",
            LedgerEntry.kind == "refund",
        )
    ).all()
    assert platform_rows == [(-1000, {"refund": f"{done.code}-R1"})]
    balance = ledger.order_balance(demo_session, done.id)
    assert balance.refundable_fen == done.total_fen - 1000
    closed = _reread(demo_session, complaint)
    assert (closed.status, closed.resolution, closed.paused_at) == ("resolved", "退一半", None)
    kinds = demo_session.exec(
        select(OrderEvent.kind).where(OrderEvent.order_id == done.id).order_by(OrderEvent.id)
    ).all()
    assert kinds[-2:] == ["complaint_awaiting_customer", "proposal_accepted"]


def test_two_workers_accepting_at_once_make_one_refund(
    demo_engine, demo_session, support, complaint, done
):
    proposal = mediation.propose(demo_session, support, complaint.id, "退 20 元", 2000)
    barrier, outcomes = threading.Barrier(2), []

    def worker() -> None:
        with Session(demo_engine, expire_on_commit=False) as s:
            me = auth.log_in(s, CUSTOMER_PHONE, DEMO_PASSWORD).actor
            barrier.wait()
            try:
                mediation.answer(s, me, proposal.id, accept=True)
                outcomes.append("accepted")
            except DomainError as err:
                outcomes.append(err.key)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(outcomes) == ["accepted", "mediation.already_answered"]
    assert [r.amount_fen for r in _refunds(demo_session, done.id)] == [2000]


def test_a_refund_above_what_was_paid_is_refused_and_changes_nothing(
    demo_session, support, finance, customer, complaint, done
):
    with pytest.raises(DomainError) as err:
        mediation.propose(demo_session, support, complaint.id, "全退还多给", done.total_fen + 1)
    assert err.value.key == "refund.exceeds_paid"
    assert _reread(demo_session, complaint).status == "open"
    assert (
        demo_session.exec(
            select(MediationProposal).where(MediationProposal.complaint_id == complaint.id)
        ).all()
        == []
    )

    # Proposed within what was paid, then finance refunds part by hand: too much by then.
    proposal = mediation.propose(demo_session, support, complaint.id, "全额退款", done.total_fen)
    payments.refunds.request_refund(demo_session, finance, done.id, 100, "先退一部分")
    with pytest.raises(DomainError) as err:
        mediation.answer(demo_session, customer, proposal.id, accept=True)
    assert err.value.key == "refund.exceeds_paid"
    assert _reread(demo_session, complaint).status == "awaiting_customer"
    assert demo_session.get(MediationProposal, proposal.id).status == "pending"
    assert [r.amount_fen for r in _refunds(demo_session, done.id)] == [100]


def test_bad_proposals_are_refused(demo_session, support, complaint):
    for text, fen, key in (
        ("", 0, "validation.required"),
        ("好" * 501, 0, "validation.too_long"),
        ("退款", -1, "refund.invalid_amount"),
        ("退款", "100", "refund.invalid_amount"),
    ):
        with pytest.raises(DomainError) as err:
            mediation.propose(demo_session, support, complaint.id, text, fen)
        assert err.value.key == key
    with pytest.raises(DomainError) as err:
        mediation.propose(demo_session, support, 999_999, "好")
    assert err.value.key == "complaint.not_found"
    assert _reread(demo_session, complaint).status == "open"


def test_a_closed_complaint_gets_no_proposal(demo_session, support, complaint):
    handle_complaint(demo_session, support, complaint.id, "rejected", "不属于质量问题")
    with pytest.raises(DomainError) as err:
        mediation.propose(demo_session, support, complaint.id, "补偿")
    assert err.value.key == "mediation.complaint_closed"


def test_the_desk_cannot_settle_a_complaint_while_the_customer_is_asked(
    demo_session, support, complaint
):
    mediation.propose(demo_session, support, complaint.id, "免费重做")
    with pytest.raises(DomainError) as err:
        handle_complaint(demo_session, support, complaint.id, "resolved", "已解决")
    assert err.value.key == "complaint.illegal_transition"


def test_who_may_propose_and_answer(demo_session, admin, operations, support, finance, tech,
                                    customer, complaint):  # fmt: skip
    for actor in (finance, tech, customer):
        with pytest.raises(PermissionDenied):
            mediation.propose(demo_session, actor, complaint.id, "补偿")
        with pytest.raises(PermissionDenied):
            mediation.mediation_board(demo_session, actor, [complaint.id])
    proposal = mediation.propose(demo_session, operations, complaint.id, "补偿")
    for actor in (support, admin, finance):
        with pytest.raises(PermissionDenied):
            mediation.answer(demo_session, actor, proposal.id, accept=True)
    assert demo_session.get(MediationProposal, proposal.id).status == "pending"
    audit = demo_session.exec(
        select(AuditEntry.action).where(AuditEntry.target_type == "complaint")
    ).all()
    assert audit == ["mediation.propose"]


def test_another_customer_cannot_answer(demo_session, support, complaint):
    other = _other_customer(demo_session, complaint.customer_id)
    proposal = mediation.propose(demo_session, support, complaint.id, "补偿")
    with pytest.raises(DomainError) as err:
        mediation.answer(demo_session, other, proposal.id, accept=True)
    assert err.value.key == "mediation.proposal_not_found"
    with pytest.raises(DomainError):
        mediation.answer(demo_session, other, 999_999, accept=True)


def _other_customer(session: Session, not_id: int):
    from salon_app.core.models import Role, User
    from salon_app.core.services.access import Actor

    user = session.exec(
        select(User).where(User.role == Role.customer, User.id != not_id).order_by(User.id)
    ).first()
    return Actor(user.id, "customer", user.display_name)


def test_the_desk_board_shows_deadlines_and_proposals(demo_session, support, complaint):
    mediation.propose(demo_session, support, complaint.id, "补偿 5 元", 500)
    board = mediation.mediation_board(demo_session, support, [complaint.id])
    view = board[complaint.id]
    assert view.paused and view.minutes_left is not None and view.minutes_left > 0
    assert [(p.text, p.refund_fen) for p in view.proposals] == [("补偿 5 元", 500)]
