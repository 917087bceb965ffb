"""A technician applies to join a shop; the shop sees the application on its dashboard."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import ADMIN_PHONE, CUSTOMER_PHONE, MERCHANT_PHONE
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import TechnicianApplication
from salon_app.core.services import auth
from salon_app.core.services.stats import dashboards
from salon_app.core.services.technicians import onboarding
from tests.support import journeys
from tests.support.races import race


@pytest.fixture
def world(demo_session):
    tech = journeys.sign_up(demo_session, "17600000001", "hello2026", "新技师", role="technician")
    shops = onboarding.list_shops(demo_session)
    return tech, shops


def _applications(demo_session, tech) -> int:
    """The new technician's applications (the demo city has applicants of its own)."""
    query = select(func.count()).where(TechnicianApplication.technician_id == tech.technician_id)
    return demo_session.exec(query.select_from(TechnicianApplication)).one()


def _demo(demo_session, phone):
    return auth.log_in(demo_session, phone, DEMO_PASSWORD).actor


def test_technician_applies_and_the_shop_sees_it(demo_session, world):
    tech, shops = world
    view = onboarding.apply_to_shop(demo_session, tech, shops[0].id, "擅长日式剪发")
    assert view.status == "pending" and view.merchant_name == shops[0].name
    home = onboarding.technician_home(demo_session, tech)
    assert home.shop_name is None and [a.status for a in home.applications] == ["pending"]
    overview = dashboards.shop_overview(demo_session, _demo(demo_session, MERCHANT_PHONE))
    assert overview.shop_name == shops[0].name
    mine = [p for p in overview.pending_applications if p.technician_name == "新技师"]
    assert [p.message for p in mine] == ["擅长日式剪发"]


def test_other_shops_do_not_see_the_application(demo_session, world):
    tech, shops = world
    onboarding.apply_to_shop(demo_session, tech, shops[1].id)
    overview = dashboards.shop_overview(demo_session, _demo(demo_session, MERCHANT_PHONE))
    assert "新技师" not in {p.technician_name for p in overview.pending_applications}


def _pending_rows(engine, tech) -> int:
    with Session(engine) as s:
        query = select(func.count()).where(
            TechnicianApplication.status == "pending",
            TechnicianApplication.technician_id == tech.technician_id,
        )
        return s.exec(query.select_from(TechnicianApplication)).one()


def test_the_database_keeps_one_pending_application_per_shop(demo_session, world):
    tech, shops = world
    onboarding.apply_to_shop(demo_session, tech, shops[0].id)
    for status in ("rejected", "rejected", "approved"):  # decided ones may repeat
        demo_session.add(_application(tech, shops[0].id, status))
        demo_session.commit()
    demo_session.add(_application(tech, shops[0].id, "pending"))
    with pytest.raises(IntegrityError):
        demo_session.commit()


def _application(tech, merchant_id: int, status: str) -> TechnicianApplication:
    return TechnicianApplication(
        technician_id=tech.technician_id,
        merchant_id=merchant_id,
        status=status,
        created_at=utcnow(),
    )


def test_an_application_that_lands_between_check_and_insert_is_refused_clearly(demo_engine, world):
    """The other request commits after this one has checked: the index refuses the insert."""
    tech, shops = world
    with Session(demo_engine, expire_on_commit=False) as s:

        def the_other_click_commits_first(*_args) -> None:
            with Session(demo_engine) as other:
                other.add(_application(tech, shops[0].id, "pending"))
                other.commit()

        event.listen(s, "before_flush", the_other_click_commits_first, once=True)
        with pytest.raises(DomainError) as err:
            onboarding.apply_to_shop(s, tech, shops[0].id)
    assert err.value.key == "tech.application_exists"
    assert _pending_rows(demo_engine, tech) == 1


def test_a_double_click_applies_once(demo_engine, world):
    tech, shops = world

    def click(session: Session) -> str:
        onboarding.apply_to_shop(session, tech, shops[0].id, "五年日式剪发经验")
        return "applied"

    outcomes = race(demo_engine, *[click] * 8)
    assert sorted(outcomes) == ["applied"] + ["tech.application_exists"] * 7
    assert _pending_rows(demo_engine, tech) == 1


def test_applying_twice_to_the_same_shop_is_refused(demo_session, world):
    tech, shops = world
    onboarding.apply_to_shop(demo_session, tech, shops[0].id)
    with pytest.raises(DomainError) as err:
        onboarding.apply_to_shop(demo_session, tech, shops[0].id)
    assert err.value.key == "tech.application_exists"
    assert _applications(demo_session, tech) == 1


@pytest.mark.parametrize(
    ("shop_index", "message", "key"),
    [(None, "", "tech.shop_not_found"), (0, "长" * 201, "validation.too_long")],
)
def test_bad_applications_change_nothing(demo_session, world, shop_index, message, key):
    tech, shops = world
    shop_id = 999_999 if shop_index is None else shops[shop_index].id
    with pytest.raises(DomainError) as err:
        onboarding.apply_to_shop(demo_session, tech, shop_id, message)
    assert err.value.key == key
    assert _applications(demo_session, tech) == 0


def test_technician_already_in_a_shop_cannot_apply(demo_session, world):
    _, shops = world
    member = _demo(demo_session, "13800138011")
    with pytest.raises(DomainError) as err:
        onboarding.apply_to_shop(demo_session, member, shops[1].id)
    assert err.value.key == "tech.already_in_shop"


@pytest.mark.parametrize("phone", [CUSTOMER_PHONE, MERCHANT_PHONE, ADMIN_PHONE])
def test_only_technicians_can_apply(demo_session, world, phone):
    tech, shops = world
    with pytest.raises(PermissionDenied):
        onboarding.apply_to_shop(demo_session, _demo(demo_session, phone), shops[0].id)
    with pytest.raises(PermissionDenied):
        onboarding.technician_home(demo_session, _demo(demo_session, phone))
    assert _applications(demo_session, tech) == 0
