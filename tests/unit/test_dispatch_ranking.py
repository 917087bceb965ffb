"""Dispatch ranking: the fast search equals a brute-force ranking of everyone, and sees changes.

The brute force here is deliberately plain: every technician, geopy's geodesic to every area
or shop, one load count per technician, availability.check_slot in score order.
"""

from __future__ import annotations

import random
from contextlib import nullcontext
from datetime import datetime, timedelta

import pytest
from geopy.distance import geodesic
from sqlmodel import Session, col, select

from salon_app.api import jobs
from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.bulk import generate
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.demo.shenzhen import DISTRICTS
from salon_app.core.models import (
    Merchant,
    Service,
    Technician,
    TechnicianService,
    User,
)
from salon_app.core.services import auth, dispatch
from salon_app.core.services.access import Actor
from salon_app.core.services.availability.data import zone
from salon_app.core.services.availability.engine import working_windows
from salon_app.core.services.booking import BookingRequest, book, locate_address
from salon_app.core.services.booking.changes import cancel
from salon_app.core.services.dispatch import candidates as dispatch_candidates
from salon_app.core.services.dispatch import index as dispatch_index
from salon_app.core.services.dispatch import search as dispatch_search
from salon_app.core.services.dispatch.grid import Grid, TechInfo, Week
from salon_app.core.services.dispatch.ranking import rank_candidates
from salon_app.core.services.dispatch.scoring import Job, static_part
from salon_app.core.services.feedback.reviews import review_order
from salon_app.core.services.technicians.schedule import (
    HoursRange,
    replace_working_hours,
    set_service_area,
)
from tests.support.dispatch_reference import brute_force
from tests.support.journeys import complete
from tests.support.orders import pending_order


def random_job(rng: random.Random, services: list[Service], shops: list[Merchant]) -> Job:
    """At home near a Shenzhen street, or in the shop near a shop; 07:00-21:00 local, 1-6 days
    ahead (some when nobody works, some when few are free)."""
    service = rng.choice(services)
    at_home = rng.random() < 0.7 or not shops
    if at_home:
        street = rng.choice(rng.choice(DISTRICTS).streets)
        base = (street.lat, street.lng)
    else:
        shop = rng.choice(shops)
        base = (shop.lat, shop.lng)
    at = (base[0] + rng.uniform(-0.02, 0.02), base[1] + rng.uniform(-0.02, 0.02))
    tz = zone(None)
    day = utcnow().astimezone(tz).date() + timedelta(days=rng.randint(1, 6))
    local = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(
        minutes=rng.randrange(7 * 60, 21 * 60, 30)
    )
    return Job(service.id, local.astimezone(utcnow().tzinfo), service.duration_min, at, at_home)


def assert_same_as_brute_force(session: Session, rng: random.Random, queries: int) -> int:
    services = list(session.exec(select(Service)).all())
    shops = list(session.exec(select(Merchant)).all())
    tech_ids = list(session.exec(select(Technician.id)).all())
    found = 0
    for _ in range(queries):
        job = random_job(rng, services, shops)
        limit = rng.choice([1, 3, 10, 10])
        now = utcnow()
        exclude = frozenset(rng.sample(tech_ids, rng.randint(0, 2)))
        if rng.random() < 0.5:  # some of the best, as when re-dispatching
            best = [c.technician_id for c in rank_candidates(session, job, 3, now=now)]
            exclude |= set(rng.sample(best, rng.randint(0, len(best))))
        fast = rank_candidates(session, job, limit=limit, exclude=exclude, now=now)
        assert fast == brute_force(session, job, limit, exclude, now), job
        assert len(fast) <= limit and not {c.technician_id for c in fast} & exclude
        found += len(fast)
    return found


def lazy(monkeypatch) -> None:
    """The search reads and checks one technician at a time, so only the bounds decide who
    is looked at (its batches would hide a bound that is too low, or a stale index)."""
    monkeypatch.setattr(dispatch_search, "FIRST_READ", 1)
    monkeypatch.setattr(dispatch_search.Search, "_check_size", lambda self, needed: needed)


@pytest.fixture
def lazy_search(monkeypatch) -> None:
    lazy(monkeypatch)


def test_ranking_equals_brute_force_in_the_demo_city(demo_session, monkeypatch):
    assert assert_same_as_brute_force(demo_session, random.Random(2026), 30) > 0
    lazy(monkeypatch)
    assert assert_same_as_brute_force(demo_session, random.Random(2027), 30) > 0


@pytest.fixture
def city(engine) -> Session:
    """A generated Shenzhen: 250 technicians in 5 shops and on their own, 2,500 orders."""
    generate(engine, technicians=250, orders=2500, customers=60, seed=11)
    with Session(engine, expire_on_commit=False) as s:
        yield s


def test_ranking_equals_brute_force_in_a_generated_city(city, monkeypatch):
    assert assert_same_as_brute_force(city, random.Random(7), 20) > 0
    lazy(monkeypatch)
    assert assert_same_as_brute_force(city, random.Random(8), 20) > 0


def _customer(session: Session) -> Actor:
    return auth.log_in(session, CUSTOMER_PHONE, DEMO_PASSWORD).actor


def _technician(session: Session, tech_id: int) -> Actor:
    tech = session.get(Technician, tech_id)
    user = session.get(User, tech.user_id)
    return Actor(user.id, "technician", user.display_name, tech.merchant_id, tech.id)


ADDRESS = "福田区深南大道6008号"


def _haircut_at_home(session: Session, days: int = 3, hour: int = 11) -> Job:
    haircut = session.exec(select(Service).where(Service.slug == "haircut")).one()
    point = locate_address(ADDRESS)
    tz = zone(None)
    day = utcnow().astimezone(tz).date() + timedelta(days=days)
    local = datetime(day.year, day.month, day.day, hour, tzinfo=tz)
    return Job(haircut.id, local.astimezone(utcnow().tzinfo), 60, (point.lat, point.lng), True)


def _ranked(session: Session, job: Job, limit: int = 10) -> list[int]:
    now = utcnow()
    fast = rank_candidates(session, job, limit=limit, now=now)
    assert fast == brute_force(session, job, limit, now=now)
    return [c.technician_id for c in fast]


def test_a_new_booking_takes_the_technician_out_and_a_cancellation_brings_them_back(
    demo_session,
    lazy_search,
):
    job = _haircut_at_home(demo_session)
    [first] = _ranked(demo_session, job, limit=1)
    order = book(
        demo_session,
        _customer(demo_session),
        BookingRequest(job.service_id, first, job.starts_at, at_home=True, address=ADDRESS),
    )
    assert _ranked(demo_session, job, limit=1) != [first]
    cancel(demo_session, _customer(demo_session), order.code)
    assert _ranked(demo_session, job, limit=1) == [first]  # their load is back down too


def test_a_technician_marked_inactive_disappears(demo_session, lazy_search):
    job = _haircut_at_home(demo_session)
    first = _ranked(demo_session, job)[0]
    demo_session.get(Technician, first).status = "inactive"
    demo_session.commit()
    assert first not in _ranked(demo_session, job)


def test_a_new_service_area_and_new_hours_are_seen_at_once(demo_session, lazy_search):
    job = _haircut_at_home(demo_session, hour=7)  # before anyone's working day
    offering = demo_session.exec(
        select(TechnicianService.technician_id).where(
            TechnicianService.service_id == job.service_id
        )
    ).all()
    far = next(t for t in offering if t not in _ranked(demo_session, job, limit=50))
    actor = _technician(demo_session, far)
    set_service_area(demo_session, actor, ADDRESS, 3)
    replace_working_hours(demo_session, actor, [HoursRange(d, "06:00", "22:00") for d in range(7)])
    assert far in _ranked(demo_session, job, limit=50)


def test_new_reviews_move_a_technician_up_at_once(demo_session, lazy_search):
    job = _haircut_at_home(demo_session, days=5)  # after the days the reviewed jobs take
    first, *others = rank_candidates(demo_session, job, limit=10, now=utcnow())
    shop_staff = set(
        demo_session.exec(select(Technician.id).where(col(Technician.merchant_id).is_not(None)))
    )

    def best_possible(c) -> float:  # the score with a perfect rating, all else unchanged
        skill = c.components["skill"] == 1.0
        return c.score + static_part(5.0, skill) - static_part(c.components["rating"] * 5, skill)

    # Whoever, among those the first beats, could overtake them with enough five-star reviews
    # (the most clearly so): who that is depends on the weekday's rota.
    runner_up = max(
        (c for c in others if c.technician_id in shop_staff),
        key=lambda c: best_possible(c) - first.score,
    )
    assert best_possible(runner_up) > first.score
    runner_up = runner_up.technician_id
    customer = _customer(demo_session)

    def rating() -> float:
        ranked = rank_candidates(demo_session, job, limit=100, now=utcnow())
        return next(c.components["rating"] for c in ranked if c.technician_id == runner_up)

    for _ in range(40):
        if brute_force(demo_session, job, 1)[0].technician_id == runner_up:
            break
        before = rating()
        order = complete(demo_session, pending_order(demo_session, customer, runner_up))
        review_order(demo_session, customer, order.code, 5, 5, 5)
        assert rating() > before  # the index saw the review at once
    assert _ranked(demo_session, job, limit=1) == [runner_up]


def test_an_order_being_moved_does_not_block_its_own_slot(demo_session):
    order = pending_order(demo_session, _customer(demo_session))
    job = dispatch.job_of(demo_session, order)
    now = utcnow()
    ranked = rank_candidates(demo_session, job, limit=10, now=now)
    assert order.technician_id in [c.technician_id for c in ranked]
    assert ranked == brute_force(demo_session, job, 10, now=now)


class _EveryCell(dict):
    """Grid cells that all exist, each holding its own key (to check every ring's bounds)."""

    def get(self, key, default=None):
        return ([key], None)


def test_ring_and_cell_bounds_never_exceed_the_geodesic():
    rng = random.Random(5)
    grid = Grid(1, True, lambda info: 0.0, {}, cells=_EveryCell())
    for _ in range(100):
        lat, lng = rng.uniform(-60, 60), rng.uniform(-170, 170)
        j = rng.randint(0, 8)
        ring_gap = grid.ring_gap_km(lat, j)
        cells = list(grid.ring(lat, lng, j))
        assert len(cells) == max(1, 8 * j)
        for [(i, k)], _, gap in cells:
            corner = (i * grid.cell_deg, k * grid.cell_deg)
            for _ in range(3):
                point = (
                    corner[0] + rng.random() * grid.cell_deg,
                    corner[1] + rng.random() * grid.cell_deg,
                )
                km = geodesic((lat, lng), point).km
                assert gap <= km and ring_gap <= km, (lat, lng, j, i, k)


def test_the_working_time_sieve_never_drops_someone_who_can_work():
    """may_work (and its hull per cell) only says no when the engine's working time cannot
    hold the job: checked against working_windows on random weeks, starts and lengths."""
    rng = random.Random(9)
    tz = zone(None)
    for _ in range(2000):
        week = {}
        for day in rng.sample(range(7), rng.randint(0, 7)):
            start = rng.randrange(0, 20 * 60, 30)
            ranges = [(start, start + rng.randrange(30, 12 * 60, 30))]  # may run past midnight
            if rng.random() < 0.3:  # a second range, touching or after the first
                later = ranges[0][1] + rng.choice([0, 60])
                ranges.append((later, later + rng.randrange(30, 4 * 60, 30)))
            week[day] = tuple(ranges)
        by_day = tuple(week.get(d, ()) for d in range(7))
        info = TechInfo(1, None, (), frozenset(), (), None, None, by_day, False)
        day = utcnow().astimezone(tz).date() + timedelta(days=rng.randint(1, 7))
        minute = rng.randrange(0, 24 * 60, rng.choice([1, 30]))
        starts_at = datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(minutes=minute)
        duration = rng.choice([30, 60, 90, 180, 300])
        windows = working_windows(
            [day - timedelta(days=1), day], {d: list(r) for d, r in week.items()}, {}, [], tz
        )
        ends_at = starts_at + timedelta(minutes=duration)
        fits = any(w.start <= starts_at and ends_at <= w.end for w in windows)
        sieve = dispatch_candidates.sieve_params(starts_at, duration)
        works = dispatch_candidates.may_work(info, sieve)
        assert works or not fits, (week, starts_at, duration)
        assert dispatch_candidates.may_work_week(Week.of([info]), sieve) or not works


def test_the_index_is_rebuilt_in_the_background_and_stays_right(demo_session, monkeypatch):
    job = _haircut_at_home(demo_session)
    before = _ranked(demo_session, job)
    old = dispatch_index.index_for(demo_session)
    monkeypatch.setattr(dispatch_index, "REBUILD_SECONDS", 0.0)
    assert _ranked(demo_session, job) == before  # served by the old index meanwhile
    dispatch_index.wait_for_rebuilds()
    monkeypatch.setattr(dispatch_index, "REBUILD_SECONDS", 300.0)
    assert dispatch_index.index_for(demo_session) is not old
    demo_session.get(Technician, before[0]).status = "inactive"
    demo_session.commit()
    assert before[0] not in _ranked(demo_session, job)


def test_the_app_builds_the_dispatch_index_when_it_starts(demo_session, monkeypatch):
    dispatch_index.forget()
    monkeypatch.setattr(jobs, "session_scope", lambda: nullcontext(demo_session))
    jobs.warm_up()
    built = dispatch_index._INDEXES[str(demo_session.get_bind().url)]
    assert dispatch_index.index_for(demo_session) is built  # the first search finds it ready
