"""Points expiry and reminders, daily check-in (Shanghai days, streaks, bonus days) and gifts,
with the races: two check-ins at once, two redemptions of the last unit (SQLite and, with
SALON_TEST_DATABASE=postgres, PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import CheckIn, Gift, GiftRedemption, Notification, PointsEntry
from salon_app.core.services import membership
from salon_app.core.services.access import Actor
from salon_app.core.services.membership import checkin as checkin_module
from salon_app.core.services.membership.checkin import CheckInRule
from tests.support import journeys
from tests.support.races import race

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEEKLY = CheckInRule("weekly", daily_points=5, bonus_points=20)


def newcomer(session: Session, phone: str = "13700005678") -> Actor:
    return journeys.sign_up(session, phone, "pass12345", "新会员")


def shanghai(day: date, hh: int, mm: int) -> datetime:
    return datetime.combine(day, time(hh, mm), SHANGHAI).astimezone(UTC)


def today_here() -> date:
    return utcnow().astimezone(SHANGHAI).date()


def kinds(session: Session, user_id: int, kind: str) -> list[int]:
    rows = session.exec(
        select(PointsEntry.amount)
        .where(PointsEntry.user_id == user_id, PointsEntry.kind == kind)
        .order_by(PointsEntry.id)
    )
    return list(rows)


# -- expiry ---------------------------------------------------------------------------------


def test_expiry_writes_off_only_what_is_left_and_twice_is_once(demo_session: Session) -> None:
    who, now = newcomer(demo_session), utcnow()
    uid = who.user_id
    membership.credit(demo_session, uid, "activity", 100, "t:old", now - timedelta(days=400),
                      expires_at=now - timedelta(minutes=1))  # fmt: skip
    membership.credit(demo_session, uid, "activity", 40, "t:new", now - timedelta(days=1),
                      expires_at=now + timedelta(days=200))  # fmt: skip
    # 30 spent while the old batch was still usable (it expires first, so it paid)
    membership.debit(demo_session, uid, "deduct", 30, "t:spend", now - timedelta(days=2))
    demo_session.commit()
    first = membership.expire_points(demo_session, now)
    assert kinds(demo_session, uid, "expire") == [-70]
    assert first.points >= 70
    again = membership.expire_points(demo_session, now + timedelta(hours=3))
    assert kinds(demo_session, uid, "expire") == [-70] and again.batches == 0
    assert membership.balance(demo_session, uid, now).available == 40


def test_a_fully_spent_batch_has_nothing_to_expire(demo_session: Session) -> None:
    who, now = newcomer(demo_session), utcnow()
    membership.credit(demo_session, who.user_id, "activity", 50, "t:a", now - timedelta(days=9),
                      expires_at=now - timedelta(seconds=1))  # fmt: skip
    membership.debit(demo_session, who.user_id, "deduct", 50, "t:s", now - timedelta(days=8))
    demo_session.commit()
    membership.expire_points(demo_session, now)
    assert kinds(demo_session, who.user_id, "expire") == []


def _reminders(session: Session, user_id: int) -> list[dict]:
    rows = session.exec(
        select(Notification.params).where(
            Notification.user_id == user_id, Notification.key == "notify.points_expiring"
        )
    )
    return list(rows)


def test_customers_are_reminded_once_thirty_days_before_points_expire(
    demo_session: Session,
) -> None:
    who, now = newcomer(demo_session), utcnow()
    soon = now + timedelta(days=20)
    membership.credit(demo_session, who.user_id, "activity", 60, "t:soon", now, expires_at=soon)
    membership.credit(demo_session, who.user_id, "activity", 9, "t:later", now,
                      expires_at=now + timedelta(days=45))  # fmt: skip
    demo_session.commit()
    membership.remind_expiring(demo_session, now)
    membership.remind_expiring(demo_session, now + timedelta(hours=5))
    day = soon.astimezone(SHANGHAI).date().isoformat()
    assert _reminders(demo_session, who.user_id) == [{"points": 60, "date": day}]


# -- check-in -------------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The check-in service's now, set by the test."""
    moment = [utcnow()]
    monkeypatch.setattr(checkin_module, "utcnow", lambda: moment[0])
    return moment


def test_shanghai_midnight_separates_two_days(demo_session: Session, clock) -> None:
    who, day = newcomer(demo_session), today_here() + timedelta(days=3)
    clock[0] = shanghai(day, 23, 59)  # 15:59 UTC
    first = membership.check_in(demo_session, who, WEEKLY)
    clock[0] = shanghai(day + timedelta(days=1), 0, 1)  # two minutes later, the next day
    second = membership.check_in(demo_session, who, WEEKLY)
    assert (first.day, second.day, second.streak) == (day, day + timedelta(days=1), 2)


def test_a_second_check_in_the_same_day_is_refused_and_changes_nothing(
    demo_session: Session, clock
) -> None:
    who, day = newcomer(demo_session), today_here() + timedelta(days=3)
    clock[0] = shanghai(day, 0, 1)
    membership.check_in(demo_session, who, WEEKLY)
    before = membership.balance(demo_session, who.user_id, clock[0] + timedelta(hours=1))
    clock[0] = shanghai(day, 23, 59)
    with pytest.raises(DomainError) as err:
        membership.check_in(demo_session, who, WEEKLY)
    assert err.value.key == "checkin.already"
    assert membership.balance(demo_session, who.user_id, clock[0]) == before
    rows = demo_session.exec(select(CheckIn).where(CheckIn.user_id == who.user_id)).all()
    assert len(rows) == 1


def test_the_streak_restarts_after_a_missed_day_and_the_seventh_day_has_a_bonus(
    demo_session: Session, clock
) -> None:
    who, start = newcomer(demo_session), today_here() + timedelta(days=2)
    results = []
    for offset in (0, 1, 3, 4, 5, 6, 7, 8, 9):  # day 2 missed
        clock[0] = shanghai(start + timedelta(days=offset), 9, 0)
        results.append(membership.check_in(demo_session, who, WEEKLY))
    assert [r.streak for r in results] == [1, 2, 1, 2, 3, 4, 5, 6, 7]
    assert [r.bonus for r in results] == [0] * 8 + [20]
    assert results[-1].points == 25
    total = membership.balance(demo_session, who.user_id, clock[0]).available
    assert total == 9 * 5 + 20


def test_monthly_mode_gives_the_bonus_on_the_months_nth_check_in(
    demo_session: Session, clock
) -> None:
    who = newcomer(demo_session)
    rule = CheckInRule("monthly", daily_points=2, bonus_points=50, month_days=3)
    first = (today_here().replace(day=1) + timedelta(days=40)).replace(day=1)
    bonuses = []
    for day in (first, first + timedelta(days=2), first + timedelta(days=5), first + timedelta(9)):
        clock[0] = shanghai(day, 20, 0)
        bonuses.append(membership.check_in(demo_session, who, rule).bonus)
    assert bonuses == [0, 0, 50, 0]  # the 3rd check-in of the month, not consecutive days


def test_a_check_in_adds_growth(demo_session: Session, clock) -> None:
    who = newcomer(demo_session)
    membership.check_in(demo_session, who, WEEKLY)
    assert membership.recent_growth(demo_session, who.user_id, clock[0]) == 1


def test_only_customers_check_in(demo_session: Session, tech: Actor) -> None:
    with pytest.raises(PermissionDenied):
        membership.check_in(demo_session, tech, WEEKLY)
    with pytest.raises(PermissionDenied):
        membership.check_in(demo_session, None, WEEKLY)


def test_two_check_ins_at_once_give_one(demo_engine, demo_session: Session) -> None:
    who = newcomer(demo_session)
    outcomes = race(
        demo_engine,
        lambda s: membership.check_in(s, who, WEEKLY).points,
        lambda s: membership.check_in(s, who, WEEKLY).points,
    )
    assert sorted(outcomes, key=str) == [5, "checkin.already"]
    assert kinds(demo_session, who.user_id, "checkin") == [5]


# -- gifts ----------------------------------------------------------------------------------


def gift(session: Session, cost: int, stock: int) -> Gift:
    row = Gift(name="测试礼品", points_cost=cost, stock=stock, created_at=utcnow())
    session.add(row)
    session.commit()
    return row


def stock(session: Session, gift_id: int) -> int:
    return session.get(Gift, gift_id, populate_existing=True).stock


def test_a_gift_is_redeemed_for_its_points(demo_session: Session) -> None:
    who, now = newcomer(demo_session), utcnow()
    membership.credit(demo_session, who.user_id, "activity", 500, "t:p", now)
    item = gift(demo_session, 300, 2)
    membership.redeem_gift(demo_session, who, item.id, "ab12cd34")
    assert stock(demo_session, item.id) == 1
    assert membership.balance(demo_session, who.user_id, now).available == 200
    assert kinds(demo_session, who.user_id, "redeem_gift") == [-300]


def test_more_points_than_owned_is_refused_and_nothing_changes(demo_session: Session) -> None:
    who, now = newcomer(demo_session), utcnow()
    membership.credit(demo_session, who.user_id, "activity", 299, "t:p", now)
    demo_session.commit()
    item = gift(demo_session, 300, 2)
    with pytest.raises(DomainError) as err:
        membership.redeem_gift(demo_session, who, item.id, "ab12cd34")
    assert (err.value.key, err.value.params) == ("points.not_enough", {"have": 299})
    assert stock(demo_session, item.id) == 2
    assert membership.balance(demo_session, who.user_id, now).available == 299


def test_a_gift_out_of_stock_is_refused_and_keeps_the_points(demo_session: Session) -> None:
    who, now = newcomer(demo_session), utcnow()
    membership.credit(demo_session, who.user_id, "activity", 500, "t:p", now)
    demo_session.commit()
    item = gift(demo_session, 100, 0)
    with pytest.raises(DomainError) as err:
        membership.redeem_gift(demo_session, who, item.id, "ab12cd34")
    assert err.value.key == "gift.out_of_stock"
    assert membership.balance(demo_session, who.user_id, now).available == 500
    assert stock(demo_session, item.id) == 0


def test_a_double_click_redeems_once_and_a_new_request_again(demo_session: Session) -> None:
    who, now = newcomer(demo_session), utcnow()
    membership.credit(demo_session, who.user_id, "activity", 500, "t:p", now)
    item = gift(demo_session, 200, 5)
    first = membership.redeem_gift(demo_session, who, item.id, "0a0a0a0a")
    again = membership.redeem_gift(demo_session, who, item.id, "0a0a0a0a")
    assert again.id == first.id
    assert stock(demo_session, item.id) == 4
    assert membership.balance(demo_session, who.user_id, now).available == 300
    membership.redeem_gift(demo_session, who, item.id, "0b0b0b0b")  # a second gift, on purpose
    assert stock(demo_session, item.id) == 3
    assert kinds(demo_session, who.user_id, "redeem_gift") == [-200, -200]


def test_a_request_without_a_proper_key_is_refused(demo_session: Session) -> None:
    who, now = newcomer(demo_session), utcnow()
    membership.credit(demo_session, who.user_id, "activity", 500, "t:p", now)
    item = gift(demo_session, 200, 5)
    with pytest.raises(DomainError) as err:
        membership.redeem_gift(demo_session, who, item.id, "<script>")
    assert err.value.key == "points.request_invalid"
    assert stock(demo_session, item.id) == 5


def test_two_redemptions_of_the_last_unit_give_it_once(demo_engine, demo_session: Session) -> None:
    now = utcnow()
    a, b = newcomer(demo_session, "13700000001"), newcomer(demo_session, "13700000002")
    for who in (a, b):
        membership.credit(demo_session, who.user_id, "activity", 100, f"t:{who.user_id}", now)
    demo_session.commit()
    item = gift(demo_session, 100, 1)
    outcomes = race(
        demo_engine,
        lambda s: membership.redeem_gift(s, a, item.id, "ab12cd34").id,
        lambda s: membership.redeem_gift(s, b, item.id, "ab12cd34").id,
    )
    assert sorted(isinstance(o, int) for o in outcomes) == [False, True]
    assert "gift.out_of_stock" in outcomes
    assert stock(demo_session, item.id) == 0
    redeemed = demo_session.exec(select(GiftRedemption).where(GiftRedemption.gift_id == item.id))
    assert len(list(redeemed)) == 1
    spent = [membership.balance(demo_session, w.user_id, now).available for w in (a, b)]
    assert sorted(spent) == [0, 100]


def test_operators_manage_gifts_within_the_rules(demo_session: Session, operations: Actor) -> None:
    gid = membership.save_gift(
        demo_session, operations, None, membership.GiftInput("帆布袋", "", 900, 10)
    )
    assert demo_session.get(Gift, gid).stock == 10
    for data, key in (
        (membership.GiftInput("", "", 900, 10), "gift.name"),
        (membership.GiftInput("帆布袋", "", 0, 10), "gift.cost"),
        (membership.GiftInput("帆布袋", "", 900, -1), "gift.stock"),
    ):
        with pytest.raises(DomainError) as err:
            membership.save_gift(demo_session, operations, gid, data)
        assert err.value.key == key
    assert demo_session.get(Gift, gid, populate_existing=True).stock == 10


@pytest.mark.parametrize("who", ["support", "finance", "customer"])
def test_only_marketing_operators_manage_gifts(
    demo_session: Session, request: pytest.FixtureRequest, who: str
) -> None:
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        membership.save_gift(demo_session, actor, None, membership.GiftInput("x", "", 1, 1))
    with pytest.raises(PermissionDenied):
        membership.all_gifts(demo_session, actor)


def test_the_member_centre_shows_level_progress_batches_and_the_month(
    demo_session: Session, customer: Actor
) -> None:
    centre = membership.member_centre(demo_session, customer)
    assert centre.card.level is not None and 0 <= centre.card.progress_pct <= 100
    assert [lv.rank for lv in centre.levels] == [0, 1, 2, 3]
    assert centre.batches and all(b.points > 0 for b in centre.batches)
    assert centre.month.streak >= 1 and not centre.month.checked_today
    page = membership.points_ledger(demo_session, customer, 1)
    ids = [r.id for r in page.rows]
    assert ids == sorted(ids, reverse=True) and page.total > len(ids) > 0
