"""A technician records training they completed; customers read it on the public profile."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from salon_app.core.clock import local_today
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import CUSTOMER_PHONE
from salon_app.core.demo.training import COURSES
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import CompletedTraining, Merchant, Technician
from salon_app.core.services import auth
from salon_app.core.services.merchants import platform_decide_technician
from salon_app.core.services.technicians import public_profile as profiles
from salon_app.core.services.technicians import training
from salon_app.core.services.technicians.training import NewTraining
from tests.support import journeys


def _actor(session, phone):
    return auth.log_in(session, phone, DEMO_PASSWORD).actor


@pytest.fixture
def newcomer(demo_session, admin):
    """A technician without a shop and without any training yet, approved by the platform
    (a pending technician has no public profile)."""
    actor = journeys.sign_up(demo_session, "17600000003", "hello2026", "新技师", role="technician")
    platform_decide_technician(demo_session, admin, actor.technician_id, approve=True)
    return actor


def _count(session) -> int:
    session.rollback()
    return session.exec(select(func.count()).select_from(CompletedTraining)).one()


def _course(**changes) -> NewTraining:
    fields = {
        "course_name": "日式剪发进阶班",
        "organiser": "深圳东田造型职业培训学校",
        "completed_on": date(2024, 6, 30),
        "hours": 120,
        "note": "结业考核优秀",
    } | changes
    return NewTraining(**fields)


def test_technician_adds_training_and_customers_see_it_on_the_profile(demo_session, newcomer):
    added = training.add_training(demo_session, newcomer, _course())
    assert (added.course_name, added.hours, added.by_shop) == ("日式剪发进阶班", 120, False)
    training.add_training(
        demo_session,
        newcomer,
        _course(
            course_name="色彩学与时尚染发",
            organiser="中国美发美容协会",
            completed_on=date(2023, 3, 1),
            hours=None,
        ),
    )
    public = profiles.technician_profile(demo_session, newcomer.technician_id)
    assert [(r.course_name, r.organiser, r.completed_on, r.hours) for r in public.training] == [
        ("日式剪发进阶班", "深圳东田造型职业培训学校", date(2024, 6, 30), 120),
        ("色彩学与时尚染发", "中国美发美容协会", date(2023, 3, 1), None),
    ]


def test_newest_training_is_listed_first(demo_session, newcomer):
    training.add_training(demo_session, newcomer, _course(completed_on=date(2020, 1, 1)))
    training.add_training(demo_session, newcomer, _course(completed_on=date(2023, 1, 1)))
    mine = training.my_training(demo_session, newcomer)
    assert [r.completed_on.year for r in mine] == [2023, 2020]


def test_technician_removes_their_own_training(demo_session, newcomer):
    added = training.add_training(demo_session, newcomer, _course())
    training.remove_training(demo_session, newcomer, added.id)
    assert training.my_training(demo_session, newcomer) == []
    assert profiles.technician_profile(demo_session, newcomer.technician_id).training == []


def test_a_course_run_by_the_technicians_shop_names_the_shop(demo_session, tech):
    item = training.add_training(
        demo_session, tech, _course(course_name="门店服务礼仪", organiser="", by_my_shop=True)
    )
    shop_id = demo_session.get(Technician, tech.technician_id).merchant_id
    shop = demo_session.get(Merchant, shop_id)
    assert (item.organiser, item.by_shop) == (shop.name, True)


def test_only_a_technician_in_a_shop_can_name_their_shop(demo_session, newcomer):
    before = _count(demo_session)
    with pytest.raises(DomainError) as err:
        training.add_training(demo_session, newcomer, _course(by_my_shop=True))
    assert err.value.key == "tech_profile.training_no_shop"
    assert _count(demo_session) == before


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"course_name": "   "}, "tech_profile.training_name_required"),
        ({"course_name": "剪" * 61}, "tech_profile.training_too_long"),
        ({"organiser": ""}, "tech_profile.training_organiser_required"),
        ({"organiser": "校" * 61}, "tech_profile.training_too_long"),
        ({"completed_on": None}, "tech_profile.training_date_required"),
        ({"completed_on": date(1949, 12, 31)}, "tech_profile.training_date_invalid"),
        ({"hours": 0}, "tech_profile.training_hours_invalid"),
        ({"hours": 2001}, "tech_profile.training_hours_invalid"),
        ({"hours": -5}, "tech_profile.training_hours_invalid"),
        ({"hours": True}, "tech_profile.training_hours_invalid"),
        ({"hours": 1.5}, "tech_profile.training_hours_invalid"),
        ({"note": "注" * 201}, "tech_profile.training_note_too_long"),
    ],
)
def test_bad_training_input_is_refused_and_changes_nothing(demo_session, newcomer, changes, key):
    before = _count(demo_session)
    with pytest.raises(DomainError) as err:
        training.add_training(demo_session, newcomer, _course(**changes))
    assert err.value.key == key
    assert _count(demo_session) == before


def test_a_completion_date_in_the_future_is_refused(demo_session, newcomer):
    tomorrow = local_today() + timedelta(days=1)
    with pytest.raises(DomainError) as err:
        training.add_training(demo_session, newcomer, _course(completed_on=tomorrow))
    assert err.value.key == "tech_profile.training_date_invalid"
    assert training.my_training(demo_session, newcomer) == []


def test_the_number_of_records_is_capped(demo_session, newcomer):
    for _ in range(training.TRAINING_MAX):
        training.add_training(demo_session, newcomer, _course())
    with pytest.raises(DomainError) as err:
        training.add_training(demo_session, newcomer, _course())
    assert err.value.key == "tech_profile.too_many_training"


def test_nobody_removes_someone_elses_training(demo_session, tech, newcomer):
    theirs = training.my_training(demo_session, tech)[0]
    with pytest.raises(DomainError) as err:
        training.remove_training(demo_session, newcomer, theirs.id)
    assert err.value.key == "tech_profile.training_not_found"
    assert demo_session.get(CompletedTraining, theirs.id) is not None
    with pytest.raises(DomainError):
        training.remove_training(demo_session, newcomer, 10**9)


def test_customers_cannot_add_or_remove_training(demo_session, tech):
    customer = _actor(demo_session, CUSTOMER_PHONE)
    theirs = training.my_training(demo_session, tech)[0]
    with pytest.raises(PermissionDenied):
        training.add_training(demo_session, customer, _course())
    with pytest.raises(PermissionDenied):
        training.remove_training(demo_session, customer, theirs.id)
    with pytest.raises(PermissionDenied):
        training.add_training(demo_session, None, _course())


def test_demo_technicians_show_realistic_training(demo_session, tech):
    known = {c for courses in COURSES.values() for c, _, _ in courses}
    everyone = demo_session.exec(select(Technician.id)).all()
    with_training = demo_session.exec(select(CompletedTraining.technician_id).distinct()).all()
    assert set(with_training) == set(everyone)
    mine = profiles.technician_profile(demo_session, tech.technician_id).training
    assert mine and all(r.by_shop or r.course_name in known for r in mine)
    assert all(r.completed_on <= local_today() for r in mine)
