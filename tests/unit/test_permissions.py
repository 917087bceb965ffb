"""Role checks refuse the wrong people without saying what exists."""

from __future__ import annotations

import pytest

from salon_app.core.errors import PermissionDenied
from salon_app.core.models import Role
from salon_app.core.services.access import Actor, require_merchant, require_role, require_technician

CUSTOMER = Actor(1, "customer", "客")
MERCHANT = Actor(2, "merchant", "店", merchant_id=7)
TECH = Actor(3, "technician", "技", technician_id=9)
ADMIN = Actor(4, "admin", "管")


def test_anonymous_is_asked_to_log_in():
    with pytest.raises(PermissionDenied) as err:
        require_role(None, Role.customer)
    assert err.value.key == "auth.login_required"


@pytest.mark.parametrize("actor", [CUSTOMER, TECH, ADMIN])
def test_only_merchant_staff_act_for_a_shop(actor):
    with pytest.raises(PermissionDenied) as err:
        require_merchant(actor)
    assert err.value.key == "auth.forbidden"
    assert require_merchant(MERCHANT) == 7


@pytest.mark.parametrize("actor", [CUSTOMER, MERCHANT, ADMIN])
def test_only_technicians_act_as_a_technician(actor):
    with pytest.raises(PermissionDenied):
        require_technician(actor)
    assert require_technician(TECH) == 9


def test_merchant_without_a_shop_is_refused():
    with pytest.raises(PermissionDenied):
        require_merchant(Actor(5, "merchant", "无店"))
