"""Member levels: up at once, down only on the review date; operators edit levels within the
rules (refused as a whole otherwise); points and growth earned once per paid order."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import AuditEntry, GrowthEntry, MemberLevel, Membership, PointsEntry
from salon_app.core.services import membership
from salon_app.core.services.access import Actor
from salon_app.core.services.membership.levels import next_review
from salon_app.core.services.payments import checkout as payments
from tests.support import journeys
from tests.support.orders import pending_order
from tests.unit.test_payments import notify_
from tests.unit.test_refunds import PAID_PROVIDER, gateways  # noqa: F401

SHANGHAI = ZoneInfo("Asia/Shanghai")


def local_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), SHANGHAI).astimezone(UTC)


def newcomer(session: Session, phone: str = "13700001234") -> Actor:
    return journeys.sign_up(session, phone, "pass12345", "新会员")


def member(session: Session, user_id: int) -> Membership:
    return session.get(Membership, user_id, populate_existing=True)


def test_growth_reaching_a_level_upgrades_at_once(demo_session: Session) -> None:
    who, now = newcomer(demo_session), utcnow()
    membership.add_growth(demo_session, who.user_id, "payment", 499, "t:g1", now)
    assert member(demo_session, who.user_id).level_rank == 0
    membership.add_growth(demo_session, who.user_id, "checkin", 1, "t:g2", now)
    demo_session.commit()
    row = member(demo_session, who.user_id)
    assert (row.level_rank, row.review_on) == (1, next_review(now))  # 银卡 at 500


def early_on(day: date) -> datetime:
    """00:30 in Shanghai: a year later, local noon is more than a year after it."""
    return datetime.combine(day, time(0, 30), SHANGHAI).astimezone(UTC)


def test_a_level_is_lowered_only_on_its_review_date(demo_session: Session) -> None:
    who, now = newcomer(demo_session), utcnow()
    reached = early_on(now.astimezone(SHANGHAI).date() - timedelta(days=300))
    membership.add_growth(demo_session, who.user_id, "payment", 2_500, "t:gold", reached)
    membership.add_growth(demo_session, who.user_id, "refund", -2_000, "t:refund", now)
    demo_session.commit()
    row = member(demo_session, who.user_id)
    assert row.level_rank == 2  # a refund's negative growth does not lower it before review
    review_day = row.review_on
    assert review_day == next_review(reached)
    assert membership.review_levels(demo_session, local_noon(review_day - timedelta(days=1))) == 0
    assert member(demo_session, who.user_id).level_rank == 2
    assert membership.review_levels(demo_session, local_noon(review_day)) == 1
    row = member(demo_session, who.user_id)
    # the last 12 months hold only the -2000: the first level, no further review
    assert (row.level_rank, row.review_on) == (0, None)


def test_a_review_keeps_the_level_the_last_year_reaches_and_moves_the_date(
    demo_session: Session,
) -> None:
    who, now = newcomer(demo_session), utcnow()
    reached = early_on(now.astimezone(SHANGHAI).date() - timedelta(days=300))
    membership.add_growth(demo_session, who.user_id, "payment", 2_500, "t:gold", reached)
    membership.add_growth(demo_session, who.user_id, "payment", 600, "t:silver", now)
    demo_session.commit()
    review_day = member(demo_session, who.user_id).review_on
    membership.review_levels(demo_session, local_noon(review_day))
    row = member(demo_session, who.user_id)
    # 600 in the year before the review: down to 银卡, reviewed again a year on
    assert row.level_rank == 1 and row.review_on == next_review(local_noon(review_day))
    # the job run again the same day changes nothing more
    assert membership.review_levels(demo_session, local_noon(review_day)) == 0


def _levels(session: Session) -> list[tuple[int, str, int, int, int]]:
    rows = session.exec(select(MemberLevel).order_by(MemberLevel.rank)).all()
    return [
        (r.rank, r.name, r.growth_threshold, r.discount_bp, r.points_multiplier_pct) for r in rows
    ]


def test_an_operator_changes_a_level_and_it_is_audited(
    demo_session: Session, operations: Actor
) -> None:
    silver = membership.level_rows(demo_session, operations)[1].level
    data = membership.LevelInput("银卡会员", 800, 9_700, 130)
    membership.save_level(demo_session, operations, silver.id, data)
    assert _levels(demo_session)[1] == (1, "银卡会员", 800, 9_700, 130)
    audit = demo_session.exec(
        select(AuditEntry).where(AuditEntry.action == "membership.level_saved")
    ).all()
    assert [a.target_id for a in audit] == [silver.id]


@pytest.mark.parametrize(
    ("rank", "data", "key"),
    [
        (1, ("银卡会员", 2_000, 9_800, 120), "membership.threshold_order"),  # = gold's
        (2, ("金卡会员", 400, 9_500, 150), "membership.threshold_order"),  # below silver
        (0, ("普通会员", 10, 10_000, 100), "membership.first_level_threshold"),
        (1, ("银卡会员", 500, 12_000, 120), "membership.discount_range"),  # 120%
        (1, ("银卡会员", 500, 4_900, 120), "membership.discount_range"),
        (1, ("银卡会员", 500, 9_800, 600), "membership.multiplier_range"),
        (1, ("银卡会员", 500, 9_800, 90), "membership.multiplier_range"),
        (1, ("", 500, 9_800, 120), "membership.level_name"),
        (1, ("金卡会员", 500, 9_800, 120), "membership.level_name_taken"),
        (1, ("银卡会员", -1, 9_800, 120), "membership.threshold_negative"),
    ],
)
def test_a_level_breaking_a_rule_is_refused_and_nothing_changes(
    demo_session: Session, admin: Actor, rank: int, data: tuple, key: str
) -> None:
    before = _levels(demo_session)
    level = membership.level_rows(demo_session, admin)[rank].level
    with pytest.raises(DomainError) as err:
        membership.save_level(demo_session, admin, level.id, membership.LevelInput(*data))
    assert err.value.key == key
    demo_session.rollback()
    assert _levels(demo_session) == before


def test_a_new_level_goes_above_the_highest_and_must_start_higher(
    demo_session: Session, admin: Actor
) -> None:
    with pytest.raises(DomainError) as err:
        membership.save_level(
            demo_session, admin, None, membership.LevelInput("黑卡", 5_000, 8_800, 250)
        )
    assert err.value.key == "membership.threshold_order"
    demo_session.rollback()
    membership.save_level(
        demo_session, admin, None, membership.LevelInput("黑卡", 20_000, 8_800, 250)
    )
    assert _levels(demo_session)[-1] == (4, "黑卡", 20_000, 8_800, 250)


@pytest.mark.parametrize("who", ["support", "finance", "customer"])
def test_only_marketing_operators_see_or_edit_levels(
    demo_session: Session, request: pytest.FixtureRequest, who: str
) -> None:
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        membership.level_rows(demo_session, actor)
    with pytest.raises(PermissionDenied):
        membership.save_level(
            demo_session, actor, None, membership.LevelInput("x", 99_999, 9_000, 100)
        )


def _earned(session: Session, order_id: int) -> list[PointsEntry]:
    return list(session.exec(select(PointsEntry).where(PointsEntry.key == f"earn:{order_id}")))


def test_a_payment_earns_points_once_frozen_until_after_the_service(
    demo_session: Session,
    gateways,  # noqa: F811
) -> None:
    customer = newcomer(demo_session)
    order = pending_order(demo_session, customer)
    assert _earned(demo_session, order.id) == []  # nothing at booking
    multiplier = membership.level_of_rank(demo_session, 0).points_multiplier_pct  # a newcomer
    start = payments.start_payment(demo_session, customer, order.id, PAID_PROVIDER)
    event = gateways[PAID_PROVIDER].pay(start.out_trade_no)
    assert notify_(demo_session, event).outcome == "applied"
    assert notify_(demo_session, event).outcome == "duplicate"  # the replayed notification
    (batch,) = _earned(demo_session, order.id)
    assert batch.amount == order.total_fen // 100 * multiplier // 100 > 0
    assert batch.available_at == order.ends_at + timedelta(days=membership.FREEZE_DAYS)
    growth = demo_session.exec(select(GrowthEntry).where(GrowthEntry.key == f"pay:{order.id}"))
    assert [g.amount for g in growth] == [order.total_fen // 100]
    now = utcnow()
    frozen = membership.balance(demo_session, customer.user_id, now)
    assert (frozen.available, frozen.pending) == (0, batch.amount)
    later = membership.balance(demo_session, customer.user_id, batch.available_at)
    assert (later.available, later.pending) == (batch.amount, 0)
