"""猜你喜欢: different for a customer with history and a new one, never a withdrawn or
unpublished service or a technician who may not work; the model's counting; the held-out
evaluation; and the nightly jobs run once with two workers."""

from __future__ import annotations

import threading
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event
from sqlmodel import Session, func, select

from salon_app.core.clock import utcnow
from salon_app.core.jobs import schedule
from salon_app.core.models import JobRun, ServiceAffinity, Technician, TechnicianService, UserTag
from salon_app.core.services import recommendations as rec
from salon_app.core.services import tags
from salon_app.core.services.access import Actor
from salon_app.core.services.recommendations import model
from salon_app.core.services.recommendations.evaluation import PastOrder
from tests.support.tags_world import NOW, TagsWorld, days_ago, new_tags_world
from tests.unit.test_jobs import factory

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def world(session: Session) -> TagsWorld:
    """Hair people book a cut and a colour; nail people polish; 剪发 is the city's favourite
    (X: one cut, nothing else; N: no order yet)."""
    w = new_tags_world(session)
    for i in range(4):
        w.user(f"hair{i}")
        w.order(f"hair{i}", "haircut", 20 + i)
        w.order(f"hair{i}", "hair-colour", 10 + i)
    for i in range(3):
        w.user(f"cut{i}")
        w.order(f"cut{i}", "haircut", 5 + i)
        w.order(f"cut{i}", "haircut", 15 + i)
    for i in range(2):
        w.user(f"nails{i}")
        w.order(f"nails{i}", "nail-polish", 8 + i)
    w.user("X")
    w.order("X", "nail-polish", 30)
    w.user("N")
    session.commit()
    tags.recompute_tags(session, NOW)
    rec.refresh_recommendations(session, NOW)  # the orders are placed relative to NOW
    return w


def _slugs(found: rec.Recommendations) -> list[str]:
    return [s.slug for s in found.services]


def test_a_customer_with_history_sees_other_things_than_a_new_one(session, world):
    x = rec.recommend(session, Actor(world.customers["X"].id, "customer", "X"))
    new = rec.recommend(session, Actor(world.customers["N"].id, "customer", "N"))
    anonymous = rec.recommend(session, None)
    assert x.basis == "history" and new.basis == anonymous.basis == "popular"
    assert _slugs(x)[0] == "nail-polish"  # what they book
    assert _slugs(new)[0] == "haircut"  # what the city books most
    assert _slugs(x) != _slugs(new)
    assert new.district == rec.DEFAULT_DISTRICT and x.district == "南山区"
    assert x.slot in rec.SLOTS


def test_on_a_service_page_its_companions_come_first(session, world):
    found = rec.recommend(session, None, "hair-colour")
    assert found.basis == "service"
    assert _slugs(found)[0] == "haircut" and "hair-colour" not in _slugs(found)


def test_withdrawn_and_unpublished_services_are_never_shown(session, world):
    colour, polish = world.services["hair-colour"], world.services["nail-polish"]
    colour.is_active = False
    polish.published_at = utcnow() + timedelta(days=3)
    session.add_all([colour, polish])
    session.commit()
    for actor in (None, Actor(world.customers["X"].id, "customer", "X")):
        assert _slugs(rec.recommend(session, actor)) == ["haircut"]


def test_technicians_who_may_not_work_are_never_shown(session, world):
    x = Actor(world.customers["X"].id, "customer", "X")
    shown = rec.recommend(session, x).technicians
    assert [(t.name, t.booked_before) for t in shown][:1] == [("nails技师", True)]
    nails = world.techs["nails"]
    nails.status = "pending"
    session.add(nails)
    session.commit()
    assert "nails技师" not in [t.name for t in rec.recommend(session, x).technicians]


def _queries(session: Session, call) -> int:
    """How many statements `call()` sends to the database."""
    sent: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(sent)


def test_recommend_asks_the_same_few_queries_however_many_technicians(session, world):
    """No query per service or technician shown (no N+1): four more technicians to show, the
    same statements."""
    x = Actor(world.customers["X"].id, "customer", "X")
    shop_id = world.shop.id
    services = [s.id for s in world.services.values()]

    def asked() -> tuple[int, int]:
        session.expunge_all()  # nothing from the identity map: every call reads the same way
        found: list[rec.Recommendations] = []
        n = _queries(session, lambda: found.append(rec.recommend(session, x, "haircut")))
        return n, len(found[0].technicians)

    before, shown_before = asked()
    for i in range(4):
        user = world.user(f"more{i}", "technician")
        tech = Technician(
            user_id=user.id, merchant_id=shop_id, display_name=f"more{i}", gender="female",
            created_at=utcnow(), rating_count=1, rating_sum=500,
        )  # fmt: skip
        session.add(tech)
        session.flush()
        for service_id in services:
            session.add(
                TechnicianService(technician_id=tech.id, service_id=service_id, price_fen=9000)
            )
    session.commit()
    after, shown_after = asked()
    assert shown_after > shown_before
    assert after == before <= 11


def test_precompute_counts_customers_who_booked_both(session, world):
    cut, colour = world.services["haircut"].id, world.services["hair-colour"].id
    pairs = {
        (a.service_id, a.other_service_id): a.customers
        for a in session.exec(select(ServiceAffinity)).all()
    }
    assert pairs[(cut, colour)] == pairs[(colour, cut)] == 4
    assert pairs[(cut, cut)] == 7 and pairs[(colour, colour)] == 4


def test_cooccurrence_and_ranking_on_plain_numbers():
    table = model.cooccurrence([{1, 2}, {1, 2}, {1}, {3}, {2, 3}])
    assert table[1] == {1: 3, 2: 2} and table[2] == {1: 2, 2: 3, 3: 1} and table[3][3] == 2
    assert model.rank_services({3: 1}, table, popular={1: 0.5, 2: 0.3, 3: 0.2}, limit=2) == [3, 2]
    assert model.rank_services({}, table, {1: 0.5, 2: 0.3, 3: 0.2}, allowed={2, 3}, limit=2) == [
        2,
        3,
    ]
    assert model.slot_of(5, 9) == "weekend_morning" and model.slot_of(0, 18) == "weekday_evening"


def test_the_evaluation_holds_out_each_last_order():
    """Habits (each customer keeps to a service) beat showing everyone the most popular."""
    orders, order_id = [], 0
    for customer in range(40):
        favourite = 10 + customer % 8  # 8 services; the popular five cover 5/8 of people
        for visit in range(3):
            order_id += 1
            at = days_ago(30 - visit * 10)
            orders.append(PastOrder(customer, order_id, at, (favourite,), "南山区", False))
    rates = rec.hit_rates(orders, SHANGHAI)
    assert (rates.n, rates.with_history) == (40, 40)
    assert rates.recommend == 1.0 and rates.popular == 0.625


def test_the_nightly_jobs_run_once_with_two_workers(engine, world):
    world.session.close()
    sessions = factory(engine)
    results: list[dict[str, str]] = []
    start = threading.Barrier(2)

    def worker() -> None:
        start.wait()
        results.append(schedule.run_due(sessions, NOW))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r["tags_and_recommendations"] for r in results) == ["done", "skipped"]
    with Session(engine) as s:
        runs = s.exec(select(JobRun.status).where(JobRun.job == "tags_and_recommendations")).all()
        assert runs == ["done"]
        assert s.exec(select(func.count()).select_from(ServiceAffinity)).one() > 0
        customers = len(world.customers)
        lifecycle = s.exec(
            select(func.count()).select_from(UserTag).where(UserTag.tag.in_(tags.AUTO_TAGS[:4]))
        ).one()
        assert lifecycle == customers  # one lifecycle tag each: not written twice
