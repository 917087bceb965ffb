"""Incentive rules a shop sets award its technicians through the ledger, exactly once per rule,
technician and month, even when the job runs twice or on two workers."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, col, func, select

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import IncentiveAward, IncentiveRule, LedgerEntry, Notification
from salon_app.core.services import ledger
from salon_app.core.services.access import Actor
from salon_app.core.services.incentives import (
    RuleDraft,
    award,
    award_incentives,
    create_rule,
    disable_rule,
    last_finished_month,
    list_awards,
    list_rules,
)
from salon_app.core.services.ledger import income
from tests.support.stats_world import World, local, new_world

D = date
NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 09:00 on Dec 1 in Shanghai
MORE_ORDERS = RuleDraft("order_bonus", "超单奖励", 500, threshold_orders=3, cap_fen=800)
GOOD_REVIEWS = RuleDraft("rating_bonus", "好评奖励", 5000, min_rating_x100=450, min_reviews=2)
WEEKDAYS = {d: ("09:00", "21:00") for d in range(7)}


def _rule(world: World, draft: RuleDraft, created: datetime, disabled: datetime | None = None):
    fields = {k: v for k, v in vars(draft).items()}
    rule = IncentiveRule(
        merchant_id=world.shop.id, created_at=created, disabled_at=disabled, **fields
    )
    world.session.add(rule)
    return rule


@pytest.fixture
def world(session: Session, monkeypatch) -> World:
    """October: T1 completes 5 visits (and loses one to a cancellation) with two good reviews;
    T2 completes 2 with one review. Rules: the two above since September, one created in
    November and one switched off in October (neither counts for October)."""
    monkeypatch.setattr(award, "utcnow", lambda: NOW)
    w = new_world(session)
    w.add_technician("T1", w.shop, WEEKDAYS)
    w.add_technician("T2", w.shop, WEEKDAYS)
    w.customers["C"] = w.user("C", "customer")
    for day in (2, 6, 9, 15, 31):
        w.order(
            "C",
            "T1",
            D(2026, 10, day),
            "20:00",
            60,
            "completed",
            10000,
            local(D(2026, 10, day), "08:00"),
        )
    w.order("C", "T1", D(2026, 10, 20), "10:00", 60, "cancelled", 10000)
    w.order(
        "C", "T1", D(2026, 11, 1), "10:00", 60, "completed", 10000, local(D(2026, 10, 30), "08:00")
    )  # November's, paid in October
    first = w.order(
        "C", "T2", D(2026, 10, 3), "10:00", 60, "reviewed", 10000, local(D(2026, 10, 1), "08:00")
    )
    w.order(
        "C", "T2", D(2026, 10, 4), "10:00", 60, "completed", 10000, local(D(2026, 10, 1), "08:00")
    )
    reviewed = [
        w.order(
            "C",
            "T1",
            D(2026, 10, d),
            "12:00",
            60,
            "reviewed",
            10000,
            local(D(2026, 10, 1), "08:00"),
        )
        for d in (7, 8)
    ]
    w.review(reviewed[0], (5, 5, 5), local(D(2026, 10, 7), "18:00"))
    w.review(reviewed[1], (4, 5, 4), local(D(2026, 10, 8), "18:00"))
    w.review(first, (5, 5, 5), local(D(2026, 10, 3), "18:00"))
    september = datetime(2026, 9, 1, tzinfo=UTC)
    _rule(w, MORE_ORDERS, september)
    _rule(w, GOOD_REVIEWS, september)
    _rule(
        w,
        RuleDraft("order_bonus", "新规则", 100, threshold_orders=0),
        datetime(2026, 11, 5, tzinfo=UTC),
    )
    _rule(
        w,
        RuleDraft("order_bonus", "已停用", 100, threshold_orders=0),
        september,
        disabled=datetime(2026, 10, 20, tzinfo=UTC),
    )
    session.commit()
    return w  # fmt: skip


def _ledger(session: Session, account: str) -> int:
    return ledger.account_balance(session, account)


def _tech_actor(world: World, key: str) -> Actor:
    tech = world.techs[key]
    return Actor(tech.user_id, "technician", key, tech.merchant_id, tech.id)


def test_a_finished_month_awards_each_rule_once_through_the_ledger(world):
    made = award_incentives(world.session, "2026-10")
    t1 = world.techs["T1"].id
    # T1: 7 completed visits in October (5 + the 2 reviewed), 4 beyond 3 x 5 yuan = 20, capped at 8
    # yuan; reviews 500 and 433 average 466.5 >= 450 over 2 reviews: 50 yuan. T2: below both.
    assert sorted((a.technician_id, a.amount_fen, a.basis) for a in made) == [
        (t1, 800, 7),
        (t1, 5000, 466),
    ]
    assert _ledger(world.session, f"technician:{t1}") > 0
    incentive_rows = world.session.exec(
        select(LedgerEntry).where(LedgerEntry.kind == "incentive")
    ).all()
    assert sorted((r.account, r.amount_fen, r.order_id) for r in incentive_rows) == sorted(
        [
            (f"merchant:{world.shop.id}", -800, None),
            (f"technician:{t1}", 800, None),
            (f"merchant:{world.shop.id}", -5000, None),
            (f"technician:{t1}", 5000, None),
        ]
    )
    notes = world.session.exec(
        select(Notification).where(Notification.key == "notify.incentive_awarded")
    ).all()
    assert {n.params["amount"] for n in notes} == {"8.00", "50.00"}


def test_running_the_job_again_awards_nothing_more(world):
    first = award_incentives(world.session, "2026-10")
    assert len(first) == 2
    assert award_incentives(world.session, "2026-10") == []
    count = world.session.exec(select(func.count(col(IncentiveAward.id)))).one()
    rows = world.session.exec(
        select(func.count(col(LedgerEntry.id))).where(LedgerEntry.kind == "incentive")
    ).one()
    assert (count, rows) == (2, 4)


def test_two_workers_awarding_at_once_award_once(world, engine):
    barrier = threading.Barrier(2)
    results: list[object] = []

    def worker() -> None:
        with Session(engine, expire_on_commit=False) as s:
            barrier.wait()
            try:
                results.append(len(award_incentives(s, "2026-10")))
            except Exception as exc:  # shown by the assertion below
                results.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(isinstance(r, int) for r in results) and sum(results) == 2  # never doubled
    with Session(engine) as s:
        assert s.exec(select(func.count(col(IncentiveAward.id)))).one() == 2
        total = s.exec(
            select(func.sum(LedgerEntry.amount_fen)).where(
                LedgerEntry.account == f"technician:{world.techs['T1'].id}",
                LedgerEntry.kind == "incentive",
            )
        ).one()
        assert total == 5800


def test_awards_show_on_the_technicians_income_statement(world):
    award_incentives(world.session, "2026-10")
    statement = income.statement(world.session, _tech_actor(world, "T1"))
    bonuses = sorted((line.incentive, line.share_fen) for line in statement.lines if line.incentive)
    assert bonuses == [("好评奖励", 5000), ("超单奖励", 800)]
    assert all(line.order_code == "" and line.commission_fen == 0 for line in statement.lines
               if line.incentive)  # fmt: skip
    shares = world.session.exec(
        select(func.sum(LedgerEntry.amount_fen)).where(
            LedgerEntry.account == f"technician:{world.techs['T1'].id}"
        )
    ).one()
    assert statement.total_fen == shares


def test_a_month_not_yet_over_awards_nothing(world):
    assert award_incentives(world.session, "2026-12") == []
    assert last_finished_month(NOW) == "2026-11"
    assert last_finished_month(datetime(2026, 11, 30, 15, 59, tzinfo=UTC)) == "2026-10"


def test_the_shop_lists_its_rules_and_awards(world):
    owner = world.staff[world.shop.id]
    award_incentives(world.session, "2026-10")
    awards = list_awards(world.session, owner, "2026-10")
    assert [(a.rule_name, a.technician_name, a.amount_fen) for a in awards] == [
        ("超单奖励", "T1", 800),
        ("好评奖励", "T1", 5000),
    ]
    assert list_awards(world.session, owner) == awards
    assert list_awards(world.session, world.staff[world.other.id]) == []
    rules = list_rules(world.session, owner)
    assert [r.name for r in rules][-1] == "已停用" and not rules[-1].active
    assert list_rules(world.session, world.staff[world.other.id]) == []


def test_a_rule_is_created_for_the_own_shop_and_switched_off_only_by_it(world):
    owner = world.staff[world.shop.id]
    view = create_rule(world.session, owner, MORE_ORDERS)
    assert view.active and view.threshold_orders == 3
    with pytest.raises(PermissionDenied):
        disable_rule(world.session, world.staff[world.other.id], view.id)
    assert disable_rule(world.session, owner, view.id).active is False


@pytest.mark.parametrize(
    ("draft", "key"),
    [
        (RuleDraft("order_bonus", "负数", -500, threshold_orders=3), "incentive.amount_invalid"),
        (RuleDraft("order_bonus", "零元", 0, threshold_orders=3), "incentive.amount_invalid"),
        (RuleDraft("order_bonus", "无门槛", 500), "incentive.threshold_required"),
        (RuleDraft("rating_bonus", "无", 500, min_rating_x100=480), "incentive.threshold_required"),
        (RuleDraft("order_bonus", "负", 500, threshold_orders=-1), "incentive.threshold_invalid"),
        (RuleDraft("rating_bonus", "六", 500, 600, min_reviews=3), "incentive.threshold_required"),
        (RuleDraft("rating_bonus", "六分", 500, None, 600, 3), "incentive.rating_invalid"),
        (RuleDraft("order_bonus", "封顶", 500, 3, cap_fen=100), "incentive.cap_invalid"),
        (RuleDraft("lottery", "抽奖", 500), "incentive.kind_unknown"),
        (RuleDraft("order_bonus", " ", 500, threshold_orders=3), "validation.required"),
    ],
)  # fmt: skip
def test_bad_rules_get_a_message_and_store_nothing(world, draft, key):
    before = world.session.exec(select(func.count(col(IncentiveRule.id)))).one()
    with pytest.raises(DomainError) as err:
        create_rule(world.session, world.staff[world.shop.id], draft)
    assert err.value.key == key
    assert world.session.exec(select(func.count(col(IncentiveRule.id)))).one() == before


def test_only_shop_staff_create_rules(world):
    with pytest.raises(PermissionDenied):
        create_rule(world.session, _tech_actor(world, "T1"), MORE_ORDERS)
    with pytest.raises(DomainError) as err:
        award_incentives(world.session, "2026-13")
    assert err.value.key == "incentive.period_invalid"
