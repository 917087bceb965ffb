"""Offline training events: publishing (platform and shops), sign-ups with a waitlist that
never exceeds the capacity (also under concurrency, on SQLite and PostgreSQL), promotion on
cancellation, reminders once, check-in with the code shown at the event, attendance."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import MERCHANT_PHONE
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import (
    AuditEntry,
    CompletedTraining,
    Course,
    CourseCertificate,
    Enrollment,
    EventSignup,
    Notification,
    Technician,
    TrainingEvent,
)
from salon_app.core.paging import TableQuery
from salon_app.core.services import auth, learning
from salon_app.core.services.learning import event_checkin, event_signups, events
from salon_app.core.services.learning.event_rules import checkin_code
from salon_app.core.services.technicians.training import list_training
from tests.support.journeys import technician_actor


@pytest.fixture
def clock(monkeypatch):
    """The events' services read this instant; tests move it."""
    now = [utcnow().replace(microsecond=0)]
    for module in (events, event_signups, event_checkin):
        monkeypatch.setattr(module, "utcnow", lambda: now[0])
    return now


@pytest.fixture
def shop_owner(demo_session):
    return auth.log_in(demo_session, MERCHANT_PHONE, DEMO_PASSWORD).actor


def _techs(session: Session, n: int, merchant_id: int | None = -1):
    query = select(Technician).where(Technician.status == "active").order_by(col(Technician.id))
    if merchant_id != -1:
        query = query.where(Technician.merchant_id == merchant_id)
    return [technician_actor(session, t.id) for t in session.exec(query.limit(n)).all()]


def _draft(clock, **changes) -> learning.EventDraft:
    start = clock[0] + timedelta(days=2)
    fields = dict(title="染发技术公开课", description="色彩理论与实操", place="福田区培训中心",
                  starts_at=start, ends_at=start + timedelta(hours=3), capacity=2)  # fmt: skip
    fields.update(changes)
    return learning.EventDraft(**fields)


def _publish(session, actor, clock, **changes) -> TrainingEvent:
    return learning.publish_event(session, actor, _draft(clock, **changes))


def _status(session, event_id: int, actor) -> str:
    row = session.exec(
        select(EventSignup).where(
            EventSignup.event_id == event_id, EventSignup.technician_id == actor.technician_id
        )
    ).one()
    session.refresh(row)
    return row.status


def _count(session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


# --- publishing ------------------------------------------------------------------------------


def test_platform_publishes_an_event_with_a_code_kept_only_as_a_hash(demo_session, admin, clock):
    event = _publish(demo_session, admin, clock)
    code = checkin_code(event)
    assert len(code) == 6 and code.isdigit()
    assert code not in event.checkin_code_hash and len(event.checkin_code_hash) == 64
    assert learning.event_detail(demo_session, admin, event.id).code == code
    audit = demo_session.exec(select(AuditEntry).where(AuditEntry.action == "event.publish")).one()
    assert audit.target_id == event.id


def test_a_shops_event_is_open_to_its_own_technicians_only(demo_session, shop_owner, clock):
    event = _publish(demo_session, shop_owner, clock)
    own = _techs(demo_session, 1, shop_owner.merchant_id)[0]
    stranger = next(
        t for t in _techs(demo_session, 40)
        if demo_session.get(Technician, t.technician_id).merchant_id != shop_owner.merchant_id
    )  # fmt: skip
    assert learning.sign_up(demo_session, own, event.id).status == "seated"
    assert event.id in {e.id for e in learning.events_for_technician(demo_session, own)}
    assert event.id not in {e.id for e in learning.events_for_technician(demo_session, stranger)}
    with pytest.raises(DomainError) as err:
        learning.sign_up(demo_session, stranger, event.id)
    assert err.value.key == "learning.event_not_found"
    assert _count(demo_session, EventSignup) == 1 + _demo_signups(demo_session)


def _demo_signups(session) -> int:
    """Sign-ups of the demo city's own events."""
    return session.exec(
        select(func.count())
        .select_from(EventSignup)
        .join(TrainingEvent, col(TrainingEvent.id) == EventSignup.event_id)
        .where(TrainingEvent.title != "染发技术公开课")
    ).one()


@pytest.mark.parametrize("who", ["support", "finance", "customer", "tech"])
def test_only_organisers_publish_events(demo_session, clock, request, who):
    actor = request.getfixturevalue(who)
    before = _count(demo_session, TrainingEvent)
    with pytest.raises(PermissionDenied):
        _publish(demo_session, actor, clock)
    with pytest.raises(PermissionDenied):
        learning.event_table(demo_session, actor, TableQuery())
    assert _count(demo_session, TrainingEvent) == before


def test_operations_may_publish_and_a_shop_cannot_touch_a_platform_event(
    demo_session, operations, shop_owner, admin, clock
):
    event = _publish(demo_session, operations, clock)
    with pytest.raises(PermissionDenied):
        learning.update_event(demo_session, shop_owner, event.id, _draft(clock, capacity=9))
    with pytest.raises(PermissionDenied):
        learning.cancel_event(demo_session, shop_owner, event.id)
    with pytest.raises(PermissionDenied):
        learning.event_detail(demo_session, shop_owner, event.id)
    shop_event = _publish(demo_session, shop_owner, clock)
    assert learning.event_detail(demo_session, admin, shop_event.id).code == ""  # not the desk's
    assert learning.cancel_event(demo_session, admin, shop_event.id).status == "cancelled"


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"title": "  "}, "validation.required"),
        ({"title": "名" * 41}, "validation.too_long"),
        ({"place": ""}, "validation.required"),
        ({"description": "字" * 501}, "validation.too_long"),
        ({"starts_at": None}, "validation.required"),
        ({"capacity": 0}, "learning.event_capacity_range"),
        ({"capacity": 501}, "learning.event_capacity_range"),
        ({"capacity": None}, "learning.event_capacity_range"),
        ({"course_id": 987654}, "learning.event_course_invalid"),
    ],
)
def test_bad_event_input_is_refused_and_changes_nothing(demo_session, admin, clock, changes, key):
    before = _count(demo_session, TrainingEvent)
    with pytest.raises(DomainError) as err:
        _publish(demo_session, admin, clock, **changes)
    assert err.value.key == key
    assert _count(demo_session, TrainingEvent) == before


@pytest.mark.parametrize(
    ("start", "hours", "key"),
    [
        (timedelta(minutes=-1), 2, "learning.event_in_past"),
        (timedelta(days=400), 2, "learning.event_too_far"),
        (timedelta(days=1), 0, "learning.event_ends_before_start"),
        (timedelta(days=1), 25, "learning.event_too_long"),
    ],
)
def test_event_times_are_checked(demo_session, admin, clock, start, hours, key):
    starts = clock[0] + start
    with pytest.raises(DomainError) as err:
        _publish(demo_session, admin, clock, starts_at=starts,
                 ends_at=starts + timedelta(hours=hours))  # fmt: skip
    assert err.value.key == key


def test_capacity_never_goes_below_the_seats_taken_and_a_larger_one_promotes(
    demo_session, admin, clock
):
    event = _publish(demo_session, admin, clock, capacity=2)
    a, b, c, d = _techs(demo_session, 4)
    for t in (a, b, c, d):
        learning.sign_up(demo_session, t, event.id)
    with pytest.raises(DomainError) as err:
        learning.update_event(demo_session, admin, event.id, _draft(clock, capacity=1))
    assert err.value.key == "learning.event_capacity_below_taken"
    assert demo_session.get(TrainingEvent, event.id, populate_existing=True).capacity == 2
    learning.update_event(demo_session, admin, event.id, _draft(clock, capacity=3))
    assert [_status(demo_session, event.id, t) for t in (a, b, c, d)] == [
        "seated", "seated", "seated", "waiting",
    ]  # fmt: skip
    assert demo_session.get(TrainingEvent, event.id, populate_existing=True).seats_taken == 3


# --- signing up, the waitlist, cancelling ----------------------------------------------------


def test_past_capacity_technicians_wait_in_order_and_a_cancellation_promotes_the_first(
    demo_session, admin, clock
):
    event = _publish(demo_session, admin, clock, capacity=2)
    a, b, c, d = _techs(demo_session, 4)
    assert learning.sign_up(demo_session, a, event.id).status == "seated"
    assert learning.sign_up(demo_session, b, event.id).status == "seated"
    clock[0] += timedelta(seconds=1)
    third = learning.sign_up(demo_session, c, event.id)
    clock[0] += timedelta(seconds=1)
    fourth = learning.sign_up(demo_session, d, event.id)
    assert (third.status, third.waiting_position) == ("waiting", 1)
    assert (fourth.status, fourth.waiting_position) == ("waiting", 2)
    with pytest.raises(DomainError) as err:
        learning.sign_up(demo_session, c, event.id)
    assert err.value.key == "learning.already_signed_up"

    learning.cancel_signup(demo_session, a, event.id)
    assert _status(demo_session, event.id, c) == "seated"
    assert _status(demo_session, event.id, d) == "waiting"
    c_user = demo_session.get(Technician, c.technician_id).user_id
    note = demo_session.exec(select(Notification).where(Notification.user_id == c_user,
                             Notification.key == "notify.event_promoted")).one()  # fmt: skip
    assert note.params["title"] == "染发技术公开课"
    assert demo_session.get(TrainingEvent, event.id, populate_existing=True).seats_taken == 2
    mine = {e.id: e for e in learning.events_for_technician(demo_session, d)}[event.id]
    assert (mine.my_status, mine.waiting_position, mine.seats_left) == ("waiting", 1, 0)

    # signing up again after cancelling joins the end of the waitlist
    clock[0] += timedelta(seconds=1)
    again = learning.sign_up(demo_session, a, event.id)
    assert (again.status, again.waiting_position) == ("waiting", 2)


def test_a_waiting_technician_who_cancels_leaves_the_seats_alone(demo_session, admin, clock):
    event = _publish(demo_session, admin, clock, capacity=1)
    a, b = _techs(demo_session, 2)
    learning.sign_up(demo_session, a, event.id)
    learning.sign_up(demo_session, b, event.id)
    learning.cancel_signup(demo_session, b, event.id)
    assert _status(demo_session, event.id, a) == "seated"
    assert demo_session.get(TrainingEvent, event.id, populate_existing=True).seats_taken == 1
    with pytest.raises(DomainError) as err:
        learning.cancel_signup(demo_session, b, event.id)
    assert err.value.key == "learning.event_not_signed_up"


def test_no_sign_up_or_cancellation_after_the_start(demo_session, admin, clock):
    event = _publish(demo_session, admin, clock)
    a, b = _techs(demo_session, 2)
    learning.sign_up(demo_session, a, event.id)
    clock[0] = event.starts_at
    with pytest.raises(DomainError) as err:
        learning.cancel_signup(demo_session, a, event.id)
    assert err.value.key == "learning.event_cancel_after_start"
    with pytest.raises(DomainError) as err:
        learning.sign_up(demo_session, b, event.id)
    assert err.value.key == "learning.event_started"
    assert _status(demo_session, event.id, a) == "seated"


def test_a_cancelled_event_notifies_everyone_and_takes_no_sign_ups(demo_session, admin, clock):
    event = _publish(demo_session, admin, clock, capacity=1)
    a, b, c = _techs(demo_session, 3)
    learning.sign_up(demo_session, a, event.id)
    learning.sign_up(demo_session, b, event.id)
    learning.cancel_event(demo_session, admin, event.id)
    users = {demo_session.get(Technician, t.technician_id).user_id for t in (a, b)}
    notified = demo_session.exec(
        select(Notification.user_id).where(Notification.key == "notify.event_cancelled")
    ).all()
    assert set(notified) == users
    with pytest.raises(DomainError) as err:
        learning.sign_up(demo_session, c, event.id)
    assert err.value.key == "learning.event_cancelled"
    with pytest.raises(DomainError) as err:
        learning.cancel_event(demo_session, admin, event.id)
    assert err.value.key == "learning.event_cancelled"
    cards = {e.id: e for e in learning.events_for_technician(demo_session, a)}
    assert cards[event.id].event_status == "cancelled" and not cards[event.id].can_cancel
    assert event.id not in {e.id for e in learning.events_for_technician(demo_session, c)}


def test_concurrent_sign_ups_never_exceed_the_capacity(demo_engine, demo_session, admin, clock):
    """20 technicians at once for 5 seats: exactly 5 seated, 15 waiting (both databases)."""
    event = _publish(demo_session, admin, clock, capacity=5)
    techs = _techs(demo_session, 20)
    assert len(techs) == 20
    barrier, results = threading.Barrier(20), []

    def worker(actor) -> None:
        with Session(demo_engine, expire_on_commit=False) as s:
            barrier.wait(30)
            try:
                results.append(learning.sign_up(s, actor, event.id).status)
            except Exception as exc:  # shown by the assertion below
                results.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(t,)) for t in techs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(results) == ["seated"] * 5 + ["waiting"] * 15
    with Session(demo_engine) as s:
        assert s.get(TrainingEvent, event.id).seats_taken == 5
        seated = s.exec(select(func.count()).select_from(EventSignup).where(
            EventSignup.event_id == event.id, EventSignup.status == "seated")).one()  # fmt: skip
        assert seated == 5


# --- reminders ---------------------------------------------------------------------------


def test_reminders_go_once_to_the_seated_within_24_hours(demo_engine, demo_session, admin, clock):
    soon = _publish(demo_session, admin, clock, capacity=1,
                    starts_at=clock[0] + timedelta(hours=20),
                    ends_at=clock[0] + timedelta(hours=22))  # fmt: skip
    later = _publish(demo_session, admin, clock, capacity=5)  # in two days
    a, b = _techs(demo_session, 2)
    for t in (a, b):
        learning.sign_up(demo_session, t, soon.id)
    learning.sign_up(demo_session, a, later.id)
    results = []

    def worker() -> None:
        with Session(demo_engine, expire_on_commit=False) as s:
            results.append(learning.remind_upcoming_events(s, clock[0]))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == [0, 1]  # two workers, one reminder (the waiting b gets none)
    assert learning.remind_upcoming_events(demo_session, clock[0] + timedelta(hours=1)) == 0
    notes = demo_session.exec(
        select(Notification).where(Notification.key == "notify.event_reminder")
    ).all()
    assert [n.user_id for n in notes] == [demo_session.get(Technician, a.technician_id).user_id]
    # the later event's reminder comes once it is within 24 hours
    assert learning.remind_upcoming_events(demo_session, later.starts_at - timedelta(hours=24)) == 1


# --- check-in ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "key"),
    [
        (lambda e: e.starts_at - timedelta(minutes=30, seconds=1), "learning.checkin_not_open"),
        (lambda e: e.starts_at - timedelta(minutes=30), None),
        (lambda e: e.ends_at - timedelta(seconds=1), None),
        (lambda e: e.ends_at, "learning.checkin_closed"),
    ],
)
def test_check_in_window_edges(demo_session, admin, clock, offset, key):
    event = _publish(demo_session, admin, clock)
    (a,) = _techs(demo_session, 1)
    learning.sign_up(demo_session, a, event.id)
    clock[0] = offset(event)
    if key is None:
        assert learning.check_in(demo_session, a, event.id, checkin_code(event)).title
        assert _status(demo_session, event.id, a) == "attended"
    else:
        with pytest.raises(DomainError) as err:
            learning.check_in(demo_session, a, event.id, checkin_code(event))
        assert err.value.key == key
        assert _status(demo_session, event.id, a) == "seated"


def test_attendance_without_a_course_adds_a_training_record(demo_session, admin, clock):
    event = _publish(demo_session, admin, clock)
    (a,) = _techs(demo_session, 1)
    learning.sign_up(demo_session, a, event.id)
    clock[0] = event.starts_at
    done = learning.check_in(demo_session, a, event.id, f" {checkin_code(event)} ")
    assert done.certificate_serial == ""
    record = list_training(demo_session, a.technician_id)[0]
    assert (record.course_name, record.organiser, record.hours) == ("染发技术公开课", "悦约到家", 3)
    with pytest.raises(DomainError) as err:
        learning.check_in(demo_session, a, event.id, checkin_code(event))
    assert err.value.key == "learning.checkin_done"


def test_attendance_completes_the_linked_course(demo_session, admin, clock):
    now = clock[0]
    course = Course(title="上门安全规范", status="published", valid_days=365, created_at=now,
                    updated_at=now)  # fmt: skip
    demo_session.add(course)
    demo_session.commit()
    event = _publish(demo_session, admin, clock, course_id=course.id)
    (a,) = _techs(demo_session, 1)
    learning.sign_up(demo_session, a, event.id)
    clock[0] = event.starts_at + timedelta(minutes=5)
    done = learning.check_in(demo_session, a, event.id, checkin_code(event))
    cert = demo_session.exec(select(CourseCertificate).where(
        CourseCertificate.technician_id == a.technician_id,
        CourseCertificate.course_id == course.id)).one()  # fmt: skip
    assert cert.serial == done.certificate_serial and cert.status == "valid"
    enrollment = demo_session.exec(
        select(Enrollment).where(
            Enrollment.technician_id == a.technician_id, Enrollment.course_id == course.id
        )
    ).one()
    assert enrollment.completed_at is not None


def test_a_code_for_another_event_is_wrong_and_attempts_are_limited(demo_session, admin, clock):
    event = _publish(demo_session, admin, clock)
    other = _publish(demo_session, admin, clock, title="另一场")
    a, b = _techs(demo_session, 2)
    learning.sign_up(demo_session, a, event.id)
    learning.sign_up(demo_session, b, event.id)
    clock[0] = event.starts_at
    trainings = _count(demo_session, CompletedTraining)
    with pytest.raises(DomainError) as err:
        learning.check_in(demo_session, a, event.id, checkin_code(other))
    assert (err.value.key, err.value.params["left"]) == ("learning.wrong_code", 4)
    assert _status(demo_session, event.id, a) == "seated"
    for _ in range(4):
        with pytest.raises(DomainError):
            learning.check_in(demo_session, a, event.id, "000000x")
    with pytest.raises(DomainError) as err:  # even the right code, after 5 wrong ones
        learning.check_in(demo_session, a, event.id, checkin_code(event))
    assert err.value.key == "learning.checkin_locked"
    assert _status(demo_session, event.id, a) == "seated"
    assert _count(demo_session, CompletedTraining) == trainings
    # the organiser checks them in by hand (audited); b's own attempts were never touched
    signup = demo_session.exec(
        select(EventSignup).where(
            EventSignup.event_id == event.id, EventSignup.technician_id == a.technician_id
        )
    ).one()
    learning.check_in_by_organiser(demo_session, admin, signup.id)
    assert _status(demo_session, event.id, a) == "attended"
    assert learning.check_in(demo_session, b, event.id, checkin_code(event)).title


def test_waiting_and_unknown_technicians_cannot_check_in(demo_session, admin, clock):
    event = _publish(demo_session, admin, clock, capacity=1)
    a, b, c = _techs(demo_session, 3)
    learning.sign_up(demo_session, a, event.id)
    learning.sign_up(demo_session, b, event.id)
    clock[0] = event.starts_at
    for actor, key in ((b, "learning.checkin_waiting"), (c, "learning.event_not_signed_up")):
        with pytest.raises(DomainError) as err:
            learning.check_in(demo_session, actor, event.id, checkin_code(event))
        assert err.value.key == key
    with pytest.raises(DomainError) as err:
        learning.check_in(demo_session, a, event.id, "  ")
    assert err.value.key == "validation.required"


def test_organiser_tables_show_sign_ups_waitlist_and_attendance(demo_session, admin, clock):
    event = _publish(demo_session, admin, clock, capacity=1)
    a, b = _techs(demo_session, 2)
    learning.sign_up(demo_session, a, event.id)
    learning.sign_up(demo_session, b, event.id)
    rows = learning.event_table(demo_session, admin, TableQuery(search="染发技术")).rows
    assert [(r.seats_taken, r.waiting, r.attended, r.mine) for r in rows] == [(1, 1, 0, True)]
    signups = learning.signup_table(demo_session, admin, event.id, TableQuery()).rows
    assert sorted((s.status, s.waiting_position) for s in signups) == [("seated", 0),
                                                                     ("waiting", 1)]  # fmt: skip


def test_the_demo_city_has_events_with_a_waitlist_and_a_past_attended_one(demo_session):
    events_ = demo_session.exec(select(TrainingEvent).order_by(col(TrainingEvent.id))).all()
    assert len(events_) == 3
    upcoming = [e for e in events_ if e.starts_at > utcnow()]
    assert {e.merchant_id is None for e in upcoming} == {True, False}
    waiting = demo_session.exec(select(func.count()).select_from(EventSignup).where(
        EventSignup.status == "waiting")).one()  # fmt: skip
    assert waiting >= 1
    attended = demo_session.exec(select(EventSignup).where(EventSignup.status == "attended")).all()
    assert attended
    for row in attended:
        names = [t.course_name for t in list_training(demo_session, row.technician_id)]
        assert "美甲消毒与卫生规范实操课" in names
