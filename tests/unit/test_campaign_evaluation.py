"""The evaluation's arithmetic on data sets built by hand, with answers worked out on paper:
conversion of treated and holdout, extra GMV, cost, ROI and its 95% interval."""

from __future__ import annotations

import math
from datetime import timedelta
from statistics import variance

import pytest
from sqlmodel import select

from salon_app.core.models import Campaign, CampaignMember, Coupon, DiscountLine, OrderItem
from salon_app.core.services import marketing
from salon_app.core.services.marketing.campaign_evaluation import Z95
from salon_app.core.services.marketing.campaign_figures import campaign_evaluation, live_figures
from tests.support.marketing_world import coupon_template, paid_order, plan, segment

Out = marketing.Outcome


def test_conversion_extra_gmv_and_roi_of_a_known_data_set():
    treated = [Out(True, 10_000), Out(False, 0), Out(True, 20_000), Out(False, 0)]
    holdout = [Out(False, 0), Out(True, 5_000), Out(False, 0), Out(False, 0)]
    ev = marketing.evaluate(treated, holdout, cost_fen=5_000)
    assert (ev.treated.conversion, ev.holdout.conversion) == (0.5, 0.25)
    assert (ev.treated.gmv_per_member, ev.holdout.gmv_per_member) == (7_500, 1_250)
    assert ev.extra_gmv_fen == 25_000  # (7 500 - 1 250) x 4 treated
    assert ev.roi == 4.0  # (25 000 - 5 000) / 5 000
    assert ev.lift == 0.25
    # the interval: sample variances 91 666 666.7 and 6 250 000, over 4 each
    se = math.sqrt((275_000_000 / 3) / 4 + 6_250_000 / 4)
    margin = Z95 * se * 4
    assert ev.roi_low == pytest.approx((25_000 - margin - 5_000) / 5_000)
    assert ev.roi_high == pytest.approx((25_000 + margin - 5_000) / 5_000)
    assert ev.roi_low < ev.roi < ev.roi_high
    assert variance([10_000, 0, 20_000, 0]) == pytest.approx(275_000_000 / 3)


def test_no_roi_without_a_cost_and_no_interval_with_a_single_member():
    ev = marketing.evaluate([Out(True, 100)], [Out(False, 0)], cost_fen=0)
    assert ev.extra_gmv_fen == 100 and ev.roi is None and ev.roi_low is None
    ev = marketing.evaluate([Out(True, 100)], [Out(False, 0)], cost_fen=50)
    assert ev.roi == 1.0 and ev.roi_low is None and ev.roi_high is None
    ev = marketing.evaluate([Out(True, 100)], [], cost_fen=50)
    assert ev.roi is None and ev.holdout.members == 0


def test_a_campaign_is_evaluated_on_its_members_orders_within_the_window(demo_session, operations):
    group = segment(demo_session, "所有客户", [{"field": "orders", "op": "gte", "value": 0}])
    template = coupon_template(demo_session, amount_fen=1_500)
    row = marketing.create_campaign(
        demo_session, operations,
        plan(segment_id=group.id, offer_kind="coupon", offer_ref=template.id,
             attribution_days=14),
    )  # fmt: skip
    marketing.start_now(demo_session, operations, row.id)
    members = demo_session.exec(
        select(CampaignMember)
        .where(CampaignMember.campaign_id == row.id)
        .order_by(CampaignMember.user_id)
    ).all()
    treated = [m for m in members if not m.holdout]
    held = [m for m in members if m.holdout]
    start = treated[0].assigned_at
    used = paid_order(demo_session, treated[0].user_id, start + timedelta(days=1), 10_000)
    paid_order(demo_session, treated[1].user_id, start + timedelta(days=2), 20_000)
    paid_order(demo_session, treated[1].user_id, start + timedelta(days=20), 50_000)  # too late
    paid_order(demo_session, treated[2].user_id, start + timedelta(days=3), 9_000, "cancelled")
    paid_order(demo_session, treated[3].user_id, start - timedelta(days=1), 9_000)  # before
    paid_order(demo_session, held[0].user_id, start + timedelta(days=3), 5_000)
    coupon = demo_session.get(Coupon, treated[0].coupon_id)
    coupon.order_id, coupon.used_at = used.id, used.paid_at
    item = demo_session.exec(select(OrderItem).where(OrderItem.order_id == used.id)).one()
    demo_session.add(
        DiscountLine(order_id=used.id, order_item_id=item.id, source="coupon", ref_id=coupon.id,
                     label="券", amount_fen=1_500)
    )  # fmt: skip
    demo_session.commit()

    campaign = demo_session.get(Campaign, row.id)
    later = start + timedelta(days=30)
    ev = campaign_evaluation(demo_session, campaign, later)
    n_t, n_h = len(treated), len(held)
    assert (ev.treated.members, ev.treated.converted, ev.treated.gmv_fen) == (n_t, 2, 30_000)
    assert (ev.holdout.members, ev.holdout.converted, ev.holdout.gmv_fen) == (n_h, 1, 5_000)
    assert ev.treated.conversion == 2 / n_t and ev.holdout.conversion == 1 / n_h
    extra = (30_000 / n_t - 5_000 / n_h) * n_t
    assert ev.extra_gmv_fen == round(extra)
    assert ev.cost_fen == 1_500
    assert ev.roi == pytest.approx((extra - 1_500) / 1_500)

    live = live_figures(demo_session, campaign, later)
    assert (live.orders, live.gmv_fen, live.redeemed, live.cost_fen) == (2, 30_000, 1, 1_500)
    assert sum(d.orders for d in live.days) == 2 and sum(d.cost_fen for d in live.days) == 1_500
