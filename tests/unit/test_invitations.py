"""邀请有礼: codes, invitations recorded once and only on the same side, rewards given exactly
once when the invitee's first order is paid (or a technician's first is completed)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import Campaign, Coupon, Invitation, PointsEntry, Technician
from salon_app.core.services import marketing
from tests.support.journeys import sign_up
from tests.support.marketing_world import coupon_template, paid_order, plan

PASSWORD = "invite2026"


def _invite_campaign(session, admin, **changes):
    values = {"kind": "invite", "segment_id": None, "offer_kind": "points", "offer_ref": 800}
    values.update(changes)
    row = marketing.create_campaign(session, admin, plan(name="邀请有礼", **values))
    marketing.start_now(session, admin, row.id)
    return row


def _points(session, user_id) -> list[tuple[str, int]]:
    return list(
        session.exec(
            select(PointsEntry.kind, PointsEntry.amount)
            .where(PointsEntry.user_id == user_id)
            .order_by(PointsEntry.id)
        ).all()
    )


def test_a_code_names_its_owner_and_cannot_be_forged(demo_session, customer):
    code = marketing.invite_code(customer.user_id)
    assert code.startswith(f"{customer.user_id}-") and code == marketing.invite_code(
        customer.user_id
    )
    friend = sign_up(demo_session, "17655550001", PASSWORD, "小周")
    for bad in ("", "abc", f"{customer.user_id}-000000", "1" * 40, None, 12):
        with pytest.raises(DomainError) as err:
            marketing.record_invitation(demo_session, friend, bad)
        assert err.value.key == "invite.code_invalid"
    assert marketing.after_sign_up(demo_session, friend, "nonsense") is None
    assert demo_session.exec(select(func.count()).select_from(Invitation)).one() == 0


def test_self_second_and_other_side_invitations_are_refused(demo_session, customer, tech):
    with pytest.raises(DomainError) as err:
        marketing.record_invitation(demo_session, customer, marketing.invite_code(customer.user_id))
    assert err.value.key == "invite.self"
    friend = sign_up(demo_session, "17655550002", PASSWORD, "小吴")
    marketing.record_invitation(demo_session, friend, marketing.invite_code(customer.user_id))
    other = sign_up(demo_session, "17655550003", PASSWORD, "小郑")
    with pytest.raises(DomainError) as err:
        marketing.record_invitation(demo_session, friend, marketing.invite_code(other.user_id))
    assert err.value.key == "invite.already_invited"
    with pytest.raises(DomainError) as err:
        marketing.record_invitation(demo_session, other, marketing.invite_code(tech.user_id))
    assert err.value.key == "invite.other_side"
    with pytest.raises(DomainError) as err:  # the demo customer has paid orders: not new
        marketing.record_invitation(demo_session, customer, marketing.invite_code(other.user_id))
    assert err.value.key == "invite.not_new"
    assert demo_session.exec(select(func.count()).select_from(Invitation)).one() == 1


def test_both_get_points_once_when_the_first_order_is_paid(demo_session, admin, customer):
    campaign = _invite_campaign(demo_session, admin)
    friend = sign_up(demo_session, "17655550004", PASSWORD, "小王")
    inv = marketing.after_sign_up(demo_session, friend, marketing.invite_code(customer.user_id))
    assert inv.campaign_id == campaign.id
    before = _points(demo_session, customer.user_id)
    assert marketing.reward_invitations(demo_session, utcnow()) == 0  # nothing paid yet
    paid_order(demo_session, friend.user_id, utcnow() + timedelta(hours=1), 8_800)
    later = utcnow() + timedelta(hours=2)
    assert marketing.reward_invitations(demo_session, later) == 1
    assert marketing.reward_invitations(demo_session, later) == 0  # exactly once
    assert marketing.run_campaigns(demo_session, later)["rewarded"] == 0
    assert _points(demo_session, customer.user_id) == [*before, ("invite", 800)]
    assert _points(demo_session, friend.user_id) == [("invite", 800)]
    mine = marketing.my_invite(demo_session, customer)
    assert mine.campaign_name == "邀请有礼" and mine.offer_face_fen == 800
    assert [(f.name, f.rewarded_at is not None) for f in mine.friends] == [("小王", True)]
    assert mine.friends[0].phone == "176****0004"


def test_a_coupon_reward_is_held_back_when_the_budget_would_pass(demo_session, admin, customer):
    template = coupon_template(demo_session, amount_fen=2_000)
    _invite_campaign(
        demo_session, admin, offer_kind="coupon", offer_ref=template.id, budget_fen=5_000
    )
    first = sign_up(demo_session, "17655550005", PASSWORD, "小钱")
    second = sign_up(demo_session, "17655550006", PASSWORD, "小孙")
    for friend in (first, second):
        marketing.after_sign_up(demo_session, friend, marketing.invite_code(customer.user_id))
        paid_order(demo_session, friend.user_id, utcnow() + timedelta(hours=1), 8_800)
    assert marketing.reward_invitations(demo_session, utcnow() + timedelta(hours=2)) == 1
    owners = demo_session.exec(
        select(Coupon.user_id).where(Coupon.template_id == template.id).order_by(Coupon.user_id)
    ).all()
    assert owners == sorted([customer.user_id, first.user_id])  # 2 x 20 yuan of 50
    waiting = demo_session.exec(
        select(Invitation).where(Invitation.invitee_id == second.user_id)
    ).one()
    assert waiting.rewarded_at is None


def test_a_technician_who_invites_a_technician_gets_points_on_their_first_job(
    demo_session, admin, tech
):
    _invite_campaign(demo_session, admin)
    newcomer = sign_up(demo_session, "17655550007", PASSWORD, "新技师", role="technician")
    marketing.after_sign_up(demo_session, newcomer, marketing.invite_code(tech.user_id))
    before = _points(demo_session, tech.user_id)
    tech_row = demo_session.exec(
        select(Technician).where(Technician.user_id == newcomer.user_id)
    ).one()
    order = paid_order(demo_session, 1, utcnow() + timedelta(hours=1), 9_900)
    order.technician_id, order.completed_at = tech_row.id, utcnow() + timedelta(hours=3)
    demo_session.commit()
    assert marketing.reward_invitations(demo_session, utcnow() + timedelta(hours=2)) == 0
    assert marketing.reward_invitations(demo_session, utcnow() + timedelta(hours=4)) == 1
    assert _points(demo_session, tech.user_id) == [*before, ("invite", 800)]
    assert _points(demo_session, newcomer.user_id) == []


def test_without_a_running_invite_campaign_nothing_is_rewarded(demo_session, admin, customer):
    for row in demo_session.exec(select(Campaign).where(Campaign.kind == "invite")).all():
        marketing.end_now(demo_session, admin, row.id)  # the demo city's
    friend = sign_up(demo_session, "17655550008", PASSWORD, "小李")
    inv = marketing.after_sign_up(demo_session, friend, marketing.invite_code(customer.user_id))
    assert inv.campaign_id is None
    paid_order(demo_session, friend.user_id, utcnow(), 8_800)
    assert marketing.reward_invitations(demo_session, utcnow() + timedelta(hours=1)) == 0
