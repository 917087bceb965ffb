"""Staff roles inside a shop: the permission table, invitations by phone, roles, removal."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import MerchantStaff, Notification, ShopRole, StaffInvitation
from salon_app.core.services import auth
from salon_app.core.services.merchants import (
    PERMISSIONS,
    Capability,
    change_staff_role,
    invite_staff,
    list_staff,
    may,
    remove_staff,
    revoke_invitation,
    shop_settings,
    sign_up_invited,
    sign_up_or_join,
)
from tests.support.journeys import signup_code
from tests.support.shops import FRONT_DESK, MANAGER, OTHER_OWNER, OWNER, login

NEW_PHONE = "17600000009"


def _staff_rows(session) -> int:
    return session.exec(select(func.count()).select_from(MerchantStaff)).one()


def test_the_permission_table_gives_each_role_its_rights():
    assert PERMISSIONS[ShopRole.owner] == frozenset(Capability)
    assert may("manager", Capability.verify_certificates)
    assert not may("manager", Capability.manage_staff)
    assert may("front_desk", Capability.reply_reviews) and may("front_desk", Capability.edit_rota)
    for capability in (
        Capability.edit_shop,
        Capability.publish_announcements,
        Capability.review_applicants,
        Capability.verify_certificates,
        Capability.see_statistics,
        Capability.manage_staff,
    ):
        assert not may("front_desk", capability)


def test_owner_lists_the_shop_staff_owner_first(demo_session):
    staff = list_staff(demo_session, login(demo_session, OWNER))
    assert staff.members[0].role == "owner"
    assert {m.role for m in staff.members} == {"owner", "manager", "front_desk"}
    assert all("****" in m.phone for m in staff.members)
    assert [m.is_me for m in staff.members].count(True) == 1


@pytest.mark.parametrize("phone", [MANAGER, FRONT_DESK])
def test_only_the_owner_manages_staff(demo_session, phone):
    actor = login(demo_session, phone)
    assert list_staff(demo_session, actor).members  # every member sees the staff list
    with pytest.raises(PermissionDenied):
        invite_staff(demo_session, actor, NEW_PHONE, "front_desk")


def test_the_sign_up_form_joins_an_invited_phone_to_its_shop(demo_session):
    owner = login(demo_session, OWNER)
    invite_staff(demo_session, owner, NEW_PHONE, "front_desk")
    code = signup_code(demo_session, NEW_PHONE)
    actor = sign_up_or_join(
        demo_session, NEW_PHONE, "hello2026", "新前台", role="customer", code=code
    )
    assert actor.role == "merchant" and actor.merchant_id == owner.merchant_id
    code = signup_code(demo_session, "17600000010")
    other = sign_up_or_join(
        demo_session, "17600000010", "hello2026", "顾客", role="customer", code=code
    )
    assert other.role == "customer" and other.merchant_id is None


def test_an_invited_phone_signs_up_into_the_shop(demo_session):
    owner = login(demo_session, OWNER)
    invite = invite_staff(demo_session, owner, NEW_PHONE, "front_desk")
    again = invite_staff(demo_session, owner, NEW_PHONE, "manager")  # only the role changes
    assert again.id == invite.id and again.role == "manager"
    code = signup_code(demo_session, NEW_PHONE)
    actor = sign_up_invited(demo_session, NEW_PHONE, "hello2026", "新店员", code=code)
    assert actor.role == "merchant" and actor.merchant_id == owner.merchant_id
    assert shop_settings(demo_session, actor).role == "manager"
    staff = list_staff(demo_session, owner)
    assert "新店员" in {m.display_name for m in staff.members} and staff.invitations == []


def test_signing_up_as_merchant_without_an_invitation_is_refused(demo_session):
    with pytest.raises(DomainError) as err:
        sign_up_invited(demo_session, NEW_PHONE, "hello2026", "路人", code="123456")
    assert err.value.key == "staff.no_invitation"
    with pytest.raises(DomainError):
        auth.sign_up(demo_session, NEW_PHONE, "hello2026", "路人", role="merchant", code="123456")


def test_a_shopless_merchant_account_is_seated_at_once(demo_session):
    owner, other = login(demo_session, OWNER), login(demo_session, OTHER_OWNER)
    with pytest.raises(DomainError) as err:  # works for the first shop
        invite_staff(demo_session, other, FRONT_DESK, "front_desk")
    assert err.value.key == "staff.phone_unavailable"
    # Once the first shop lets its front desk go, the second seats the account at once.
    remove_staff(demo_session, owner, login(demo_session, FRONT_DESK).user_id)
    member = invite_staff(demo_session, other, FRONT_DESK, "manager")
    assert member.role == "manager"
    assert login(demo_session, FRONT_DESK).merchant_id == other.merchant_id
    note = demo_session.exec(
        select(Notification).where(Notification.user_id == member.user_id)
    ).all()[-1]
    assert note.key == "staff.joined_notice.manager"


@pytest.mark.parametrize(
    ("phone", "key"),
    [
        ("12345", "auth.phone_invalid"),
        ("075583661688", "auth.phone_invalid"),  # a landline is not a mobile
        ("+85291234567", "auth.phone_invalid"),  # Hong Kong
        ("13800138001", "staff.phone_unavailable"),  # a customer's account
        ("13800138011", "staff.phone_unavailable"),  # a technician's
        (MANAGER, "staff.already_member"),
    ],
)
def test_bad_invitations_change_nothing(demo_session, phone, key):
    owner = login(demo_session, OWNER)
    before = _staff_rows(demo_session)
    with pytest.raises(DomainError) as err:
        invite_staff(demo_session, owner, phone, "front_desk")
    assert err.value.key == key
    assert _staff_rows(demo_session) == before
    assert demo_session.exec(select(func.count()).select_from(StaffInvitation)).one() == 0


def test_an_unknown_role_is_refused(demo_session):
    with pytest.raises(DomainError) as err:
        invite_staff(demo_session, login(demo_session, OWNER), NEW_PHONE, "janitor")
    assert err.value.key == "staff.role_invalid"


def test_roles_change_but_the_last_owner_stays(demo_session):
    owner = login(demo_session, OWNER)
    manager = login(demo_session, MANAGER)
    with pytest.raises(DomainError) as err:
        change_staff_role(demo_session, owner, owner.user_id, "manager")
    assert err.value.key == "staff.last_owner"
    with pytest.raises(DomainError) as err:
        remove_staff(demo_session, owner, owner.user_id)
    assert err.value.key == "staff.last_owner"
    change_staff_role(demo_session, owner, manager.user_id, "owner")
    invite_staff(demo_session, manager, NEW_PHONE, "front_desk")  # the new owner manages staff
    change_staff_role(demo_session, manager, owner.user_id, "front_desk")  # two owners: fine
    with pytest.raises(PermissionDenied):  # demoted: the right goes at once
        invite_staff(demo_session, owner, "17600000010", "front_desk")


def test_a_removed_member_loses_the_shop_at_once(demo_session):
    owner, desk = login(demo_session, OWNER), login(demo_session, FRONT_DESK)
    remove_staff(demo_session, owner, desk.user_id)
    with pytest.raises(PermissionDenied):
        shop_settings(demo_session, desk)  # the actor still carries the shop id
    assert login(demo_session, FRONT_DESK).merchant_id is None


def test_another_shops_owner_touches_none_of_this_shops_staff(demo_session):
    owner, other = login(demo_session, OWNER), login(demo_session, OTHER_OWNER)
    invite = invite_staff(demo_session, owner, NEW_PHONE, "front_desk")
    with pytest.raises(DomainError) as err:
        revoke_invitation(demo_session, other, invite.id)
    assert err.value.key == "staff.invitation_not_found"
    for call in (
        lambda: change_staff_role(
            demo_session, other, login(demo_session, MANAGER).user_id, "owner"
        ),
        lambda: remove_staff(demo_session, other, login(demo_session, MANAGER).user_id),
    ):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.key == "staff.not_found"
    assert {m.display_name for m in list_staff(demo_session, other).members} == {"赵敏"}


def test_a_revoked_invitation_cannot_be_claimed(demo_session):
    owner = login(demo_session, OWNER)
    invite = invite_staff(demo_session, owner, NEW_PHONE, "front_desk")
    revoke_invitation(demo_session, owner, invite.id)
    with pytest.raises(DomainError) as err:
        sign_up_invited(demo_session, NEW_PHONE, "hello2026", "新店员", code="123456")
    assert err.value.key == "staff.no_invitation"
