"""The shop's permission table holds on every dashboard: the front desk edits the rota and sees
the shop, but neither statistics nor incentives (money); owner and manager see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from salon_app.core.clock import local_today
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import MERCHANT_PHONE
from salon_app.core.demo.people import FRONT_DESK
from salon_app.core.errors import PermissionDenied
from salon_app.core.models import MerchantStaff
from salon_app.core.services import auth, incentives, live_map, rota, stats
from salon_app.core.services.access import Actor


@pytest.fixture
def owner(demo_session: Session) -> Actor:
    return auth.log_in(demo_session, MERCHANT_PHONE, DEMO_PASSWORD).actor


@pytest.fixture
def front_desk(demo_session: Session) -> Actor:
    return auth.log_in(demo_session, FRONT_DESK[2], DEMO_PASSWORD).actor


def _statistics(session: Session, actor: Actor) -> stats.ShopStatistics:
    today = local_today()
    return stats.shop_statistics(
        session, actor, actor.merchant_id, today - timedelta(days=29), today
    )


def test_the_front_desk_sees_the_rota_demand_and_map_but_no_money(demo_session, front_desk):
    assert rota.rota_days(demo_session, front_desk, local_today(), 7)
    assert len(rota.demand_view(demo_session, front_desk).rows) == 7
    assert live_map.map_view(demo_session, front_desk).technicians
    with pytest.raises(PermissionDenied):
        _statistics(demo_session, front_desk)
    with pytest.raises(PermissionDenied):
        incentives.list_rules(demo_session, front_desk)
    with pytest.raises(PermissionDenied):
        incentives.list_awards(demo_session, front_desk)


def test_a_manager_sees_statistics_and_incentives(demo_session, owner, front_desk):
    seat = demo_session.exec(
        select(MerchantStaff).where(MerchantStaff.user_id == front_desk.user_id)
    ).one()
    seat.role = "manager"
    demo_session.commit()
    mine = _statistics(demo_session, front_desk)
    assert mine.shop_name == _statistics(demo_session, owner).shop_name
    assert incentives.list_rules(demo_session, front_desk)
