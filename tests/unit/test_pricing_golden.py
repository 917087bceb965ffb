"""The golden table: baskets priced by hand, fen for fen, through the one engine.

Prices: cut ¥100, dye ¥300, nail ¥80 unless a case says otherwise. Levels: 银卡 98折,
金卡 95折. "back" has paid for two haircuts before; "new" never paid."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from salon_app.core.services.pricing import quote
from tests.support.pricing_world import PricingWorld, new_pricing_world

CUT, DYE, NAIL = 10_000, 30_000, 8_000


@dataclass(frozen=True)
class Case:
    name: str
    user: str
    basket: tuple[tuple[str, int, str], ...]  # (service, price, shop)
    setup: Callable[[PricingWorld], dict]  # adds offers; may return coupon_id / points
    total: int
    saved: dict[str, int]  # per source: member, promotion, coupon, points


def nothing(w: PricingWorld) -> dict:
    return {}


def tiers(w: PricingWorld, **kw: object) -> None:
    w.promotion("tiers", {"tiers": [[10_000, 1_000], [20_000, 3_000]]}, **kw)


def pct(w: PricingWorld, bp: int = 8_000, **kw: object) -> None:
    w.promotion("percent", {"discount_bp": bp}, **kw)


def everything(w: PricingWorld) -> dict:
    tiers(w)
    coupon = w.coupon("gold", "no_threshold", amount_fen=500)
    w.points("gold", 5_000)
    return {"coupon_id": coupon.id, "points": 3_120}


CASES = [
    Case("list price, no offers", "new", (("cut", CUT, "A"),), nothing, 10_000, {}),
    Case("金卡 95折", "gold", (("cut", CUT, "A"), ("nail", NAIL, "A")), nothing, 17_100,
         {"member": 900}),
    Case("银卡 98折 rounds the discount down", "silver", (("cut", 9_999, "A"),), nothing, 9_800,
         {"member": 199}),
    Case("满100减10", "new", (("cut", CUT, "A"), ("nail", NAIL, "A")), tiers, 17_000,
         {"promotion": 1_000}),
    Case("满200减30, the best tier", "new", (("cut", CUT, "A"), ("dye", DYE, "A")), tiers, 37_000,
         {"promotion": 3_000}),
    Case("8折", "new", (("cut", CUT, "A"), ("nail", NAIL, "A")), pct, 14_400,
         {"promotion": 3_600}),
    Case("95折 member price, then 8折", "gold", (("cut", CUT, "A"),), pct, 7_600,
         {"member": 500, "promotion": 1_900}),
    Case("买一送一: the cheaper second free", "new", (("dye", DYE, "A"), ("cut", CUT, "A")),
         lambda w: w.promotion("bogo_second", {}), 30_000, {"promotion": 10_000}),
    Case("买一送一 needs two", "new", (("cut", CUT, "A"),),
         lambda w: w.promotion("bogo_second", {}), 10_000, {}),
    Case("买一送一 of three: the middle one free", "new",
         (("nail", NAIL, "A"), ("dye", DYE, "A"), ("cut", CUT, "A")),
         lambda w: w.promotion("bogo_second", {}), 38_000, {"promotion": 10_000}),
    Case("exclusive group: 满100减30 beats 8折 on ¥100", "new", (("cut", CUT, "A"),),
         lambda w: (pct(w, exclusive_group="main"),
                    w.promotion("tiers", {"tiers": [[10_000, 3_000]]}, exclusive_group="main")),
         7_000, {"promotion": 3_000}),
    Case("exclusive group: 8折 beats 满100减30 on ¥400", "new",
         (("cut", CUT, "A"), ("dye", DYE, "A")),
         lambda w: (pct(w, exclusive_group="main"),
                    w.promotion("tiers", {"tiers": [[10_000, 3_000]]}, exclusive_group="main")),
         32_000, {"promotion": 8_000}),
    Case("8折 on nails only", "new", (("cut", CUT, "A"), ("nail", NAIL, "A")),
         lambda w: pct(w, scope="categories", scope_ids=[w.category_id("nail")]), 16_400,
         {"promotion": 1_600}),
    Case("8折 on all but dye", "new", (("cut", CUT, "A"), ("dye", DYE, "A")),
         lambda w: pct(w, scope="services", scope_ids=[w.services["dye"].id], scope_exclude=True),
         38_000, {"promotion": 2_000}),
    Case("coupon 满150减20 on hair only, eligible ¥400", "new",
         (("cut", CUT, "A"), ("dye", DYE, "A")),
         lambda w: {"coupon_id": w.coupon("new", "threshold", threshold_fen=15_000,
                                          amount_fen=2_000, scope="categories",
                                          scope_ids=[w.category_id("cut")]).id},
         38_000, {"coupon": 2_000}),
    Case("coupon threshold after 8折: ¥144 reaches 满100", "new",
         (("cut", CUT, "A"), ("nail", NAIL, "A")),
         lambda w: (pct(w), {"coupon_id": w.coupon("new", "threshold", threshold_fen=10_000,
                                                   amount_fen=2_000).id})[1],
         12_400, {"promotion": 3_600, "coupon": 2_000}),
    Case("coupon 9折 capped at ¥20", "new", (("dye", DYE, "A"),),
         lambda w: {"coupon_id": w.coupon("new", "percent", discount_bp=9_000, cap_fen=2_000).id},
         28_000, {"coupon": 2_000}),
    Case("coupon 无门槛 ¥15", "new", (("cut", CUT, "A"),),
         lambda w: {"coupon_id": w.coupon("new", "no_threshold", amount_fen=1_500).id},
         8_500, {"coupon": 1_500}),
    Case("points: at most 20%", "new", (("cut", CUT, "A"),),
         lambda w: (w.points("new", 5_000), {"points": 2_000})[1], 8_000, {"points": 2_000}),
    Case("member, 满减, coupon and points together", "gold",
         (("cut", CUT, "A"), ("nail", NAIL, "A")), everything, 12_480,
         {"member": 900, "promotion": 1_000, "coupon": 500, "points": 3_120}),
    Case("新客价 ¥9.9 for a new customer", "new", (("cut", CUT, "A"),),
         lambda w: w.promotion("newcomer_price", {"price_fen": 990}), 990, {"promotion": 9_010}),
    Case("新客价 not for a returning customer", "back", (("cut", CUT, "A"),),
         lambda w: w.promotion("newcomer_price", {"price_fen": 990}), 10_000, {}),
    Case("老客 9折 for a returning customer", "back", (("cut", CUT, "A"),),
         lambda w: w.promotion("returning", {"discount_bp": 9_000}), 9_000, {"promotion": 1_000}),
    Case("老客 offer not for a new one", "new", (("cut", CUT, "A"),),
         lambda w: w.promotion("returning", {"discount_bp": 9_000}), 10_000, {}),
    Case("third haircut free after two paid: pays the ¥0.01 floor", "back", (("cut", CUT, "A"),),
         lambda w: w.promotion("nth_free", {"n": 2}, scope="services",
                               scope_ids=[w.services["cut"].id]),
         1, {"promotion": 9_999}),
    Case("a shop's own 9折 covers its items only", "new",
         (("cut", CUT, "A"), ("nail", NAIL, "B")),
         lambda w: pct(w, 9_000, funded_by="merchant", merchant_id=w.shop_id("A")), 17_000,
         {"promotion": 1_000}),
    Case("level audience: 金卡 and up", "gold", (("cut", CUT, "A"),),
         lambda w: pct(w, 9_000, audience="level", audience_ref=2), 8_550,
         {"member": 500, "promotion": 950}),
    Case("level audience: not for 银卡", "silver", (("cut", CUT, "A"),),
         lambda w: pct(w, 9_000, audience="level", audience_ref=2), 9_800, {"member": 200}),
    Case("满减 spread by largest remainder", "new",
         (("cut", 3_333, "A"), ("dye", 3_333, "A"), ("nail", 3_334, "A")),
         lambda w: w.promotion("tiers", {"tiers": [[10_000, 1_000]]}), 9_000,
         {"promotion": 1_000}),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_basket(session, case: Case):
    w = new_pricing_world(session)
    extra = case.setup(w)
    args = extra if isinstance(extra, dict) else {}
    items = [w.item(service, price, shop) for service, price, shop in case.basket]
    q = quote(session, w.users[case.user].id, items, w.now, **args)
    saved = {s: q.saved(s) for s in ("member", "promotion", "coupon", "points") if q.saved(s)}
    assert (q.total_fen, saved) == (case.total, case.saved)
    assert q.list_fen == sum(price for _, price, _ in case.basket)
    for line in q.lines:  # every line is spread over the items exactly
        assert sum(line.per_item) == line.amount_fen
    assert [i.price_fen for i in items] == [
        t + sum(line.per_item[k] for line in q.lines) for k, t in enumerate(q.item_totals)
    ]


def test_largest_remainder_gives_the_spare_fen_to_the_largest_fraction(session):
    w = new_pricing_world(session)
    w.promotion("tiers", {"tiers": [[10_000, 1_000]]})
    items = [w.item("cut", 3_333), w.item("dye", 3_333), w.item("nail", 3_334)]
    (line,) = quote(session, w.users["new"].id, items, w.now).lines
    assert line.per_item == (333, 333, 334)
