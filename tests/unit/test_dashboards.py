"""Shop and platform dashboards show their own figures, and only to their own people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import (
    ADMIN_PHONE,
    CUSTOMER_PHONE,
    MERCHANT_PHONE,
    TECHNICIAN_PHONE,
)
from salon_app.core.errors import PermissionDenied
from salon_app.core.models import Merchant, Order, Technician, User
from salon_app.core.services import auth
from salon_app.core.services.stats import dashboards
from tests.support.offers import income_base


def _demo(demo_session, phone):
    return auth.log_in(demo_session, phone, DEMO_PASSWORD).actor


def test_shop_overview_counts_its_own_technicians_and_recent_orders(demo_session):
    actor = _demo(demo_session, MERCHANT_PHONE)
    overview = dashboards.shop_overview(demo_session, actor)
    shop = demo_session.get(Merchant, actor.merchant_id)
    since = utcnow() - timedelta(days=30)
    assert overview.shop_name == shop.name
    assert (
        overview.technicians
        == demo_session.exec(select(func.count()).where(Technician.merchant_id == shop.id)).one()
    )
    recent = demo_session.exec(
        select(Order).where(Order.merchant_id == shop.id, Order.paid_at >= since)
    ).all()
    assert overview.orders_30d == len(recent) > 0
    # The shop's takings: what its customers paid plus the discounts the platform paid for.
    assert overview.revenue_30d_fen == sum(income_base(demo_session, o) for o in recent)
    assert overview.rating is not None and 1 <= overview.rating <= 5


@pytest.mark.parametrize("phone", [CUSTOMER_PHONE, TECHNICIAN_PHONE, ADMIN_PHONE])
def test_shop_overview_is_for_shop_staff_only(demo_session, phone):
    with pytest.raises(PermissionDenied):
        dashboards.shop_overview(demo_session, _demo(demo_session, phone))


def test_anonymous_gets_asked_to_log_in(demo_session):
    with pytest.raises(PermissionDenied) as err:
        dashboards.platform_overview(demo_session, None)
    assert err.value.key == "auth.login_required"


def test_platform_overview_counts_everyone(demo_session):
    overview = dashboards.platform_overview(demo_session, _demo(demo_session, ADMIN_PHONE))
    users = demo_session.exec(select(User)).all()
    assert sum(overview.users_by_role.values()) == len(users)
    # a super admin, operations, two support agents, finance, and a former agent (disabled)
    assert overview.users_by_role["admin"] == 6
    assert overview.technicians >= 30 and overview.merchants >= 3
    assert overview.orders == len(demo_session.exec(select(Order)).all())


@pytest.mark.parametrize("phone", [CUSTOMER_PHONE, TECHNICIAN_PHONE, MERCHANT_PHONE])
def test_platform_overview_is_for_admins_only(demo_session, phone):
    with pytest.raises(PermissionDenied):
        dashboards.platform_overview(demo_session, _demo(demo_session, phone))
