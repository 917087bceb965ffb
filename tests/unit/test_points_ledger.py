"""The points ledger core: batches, spending soonest-expiring first, debt, give-backs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.services import membership
from salon_app.core.services.access import Actor
from tests.support import journeys


@pytest.fixture
def customer(demo_session: Session) -> Actor:
    """A customer with no points yet (the demo's own customers have earned some)."""
    return journeys.sign_up(demo_session, "13700009876", "pass12345", "积分新人")


def test_spending_draws_the_soonest_expiring_batch_first(
    demo_session: Session, customer: Actor
) -> None:
    now, uid = utcnow(), customer.user_id
    membership.credit(demo_session, uid, "activity", 100, "t:late", now,
                      expires_at=now + timedelta(days=300))  # fmt: skip
    membership.credit(demo_session, uid, "activity", 50, "t:soon", now,
                      expires_at=now + timedelta(days=10))  # fmt: skip
    membership.debit(demo_session, uid, "deduct", 70, "t:spend", now)
    demo_session.commit()
    left = membership.balance(demo_session, uid, now)
    assert left.available == 80
    # the 50 expiring in 10 days are gone first; 80 of the later batch remain
    assert left.expiring == ((now + timedelta(days=300), 80),)


def test_more_than_owned_is_refused_and_nothing_changes(
    demo_session: Session, customer: Actor
) -> None:
    now, uid = utcnow(), customer.user_id
    membership.credit(demo_session, uid, "activity", 30, "t:a", now)
    demo_session.commit()
    with pytest.raises(DomainError) as err:
        membership.debit(demo_session, uid, "deduct", 31, "t:b", now)
    assert err.value.key == "points.not_enough"
    demo_session.rollback()
    assert membership.balance(demo_session, uid, now).available == 30


def test_a_take_back_beyond_the_balance_is_debt_paid_by_the_next_batch(
    demo_session: Session, customer: Actor
) -> None:
    now, uid = utcnow(), customer.user_id
    membership.credit(demo_session, uid, "activity", 20, "t:a", now)
    membership.debit(demo_session, uid, "refund_takeback", 50, "t:back", now, allow_debt=True)
    demo_session.commit()
    owed = membership.balance(demo_session, uid, now)
    assert (owed.available, owed.debt) == (-30, 30)
    membership.credit(demo_session, uid, "checkin", 40, "t:c", now)
    demo_session.commit()
    after = membership.balance(demo_session, uid, now)
    assert (after.available, after.debt) == (10, 0)


def test_frozen_points_are_pending_until_available(demo_session: Session, customer: Actor) -> None:
    now, uid = utcnow(), customer.user_id
    membership.credit(
        demo_session, uid, "earn", 60, "t:e", now, available_at=now + timedelta(days=7)
    )
    demo_session.commit()
    assert membership.balance(demo_session, uid, now).pending == 60
    assert membership.balance(demo_session, uid, now).available == 0
    assert membership.balance(demo_session, uid, now + timedelta(days=7)).available == 60


def test_keys_make_every_change_happen_once(demo_session: Session, customer: Actor) -> None:
    now, uid = utcnow(), customer.user_id
    assert membership.credit(demo_session, uid, "checkin", 5, "t:k", now) is not None
    assert membership.credit(demo_session, uid, "checkin", 5, "t:k", now) is None
    spend = membership.debit(demo_session, uid, "deduct", 5, "t:d", now)
    assert membership.debit(demo_session, uid, "deduct", 5, "t:d", now) is None
    demo_session.commit()
    assert membership.balance(demo_session, uid, now).available == 0
    membership.reverse(demo_session, spend, 5, "refund_return", "t:r", now)
    membership.reverse(demo_session, spend, 5, "refund_return", "t:r", now)
    demo_session.commit()
    assert membership.balance(demo_session, uid, now).available == 5
