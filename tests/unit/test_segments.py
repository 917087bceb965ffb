"""Segments: membership on a hand-built city, rules that match nothing or everyone refused,
bad rules named, members masked, campaigns' door, and who may touch them."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import AuditEntry, Segment
from salon_app.core.paging import TableQuery
from salon_app.core.services import tags
from tests.support.tags_world import FUTIAN_HOME, NOW, TagsWorld, new_tags_world
from tests.unit.test_tags import admin_of

DORMANT_NANSHAN_500 = [
    {"field": "tag", "op": "has", "value": "dormant"},
    {"field": "district", "op": "eq", "value": "南山区"},
    {"field": "spend_yuan", "op": "gte", "value": "500"},
]


@pytest.fixture
def world(session: Session) -> TagsWorld:
    """Dormant (last order 60-180 days ago): P (南山区 shop, 600 yuan), Q (南山区, 300 yuan),
    R (福田区 home, 800 yuan). New: S (first order 5 days ago, 南山区, 900 yuan), T (none)."""
    w = new_tags_world(session)
    for name in "PQRST":
        w.user(name)
    w.order("P", "hair-colour", 100, price=60000)
    w.order("Q", "hair-colour", 90, price=30000)
    w.order("R", "hair-colour", 70, price=40000, home=FUTIAN_HOME)
    w.order("R", "hair-colour", 65, price=40000, home=FUTIAN_HOME)
    w.order("S", "hair-colour", 5, price=60000)
    w.order("S", "haircut", 3, price=30000)
    session.commit()
    tags.recompute_tags(session, NOW)
    w.operator = admin_of(w, "operations")
    return w


def _names(w: TagsWorld, ids: list[int]) -> list[str]:
    by_id = {u.id: name for name, u in w.customers.items()}
    return sorted(by_id[i] for i in ids)


def test_membership_is_every_condition_at_once(session, world):
    preview = tags.preview_segment(session, world.operator, DORMANT_NANSHAN_500)
    assert (preview.size, preview.customers, preview.problem) == (1, 5, "")
    segment_id = tags.save_segment(session, world.operator, " 南山沉睡高消费 ", DORMANT_NANSHAN_500)
    assert _names(world, tags.segment_members(session, segment_id)) == ["P"]
    dormant = [{"field": "tag", "op": "has", "value": "dormant"}]
    assert tags.preview_segment(session, world.operator, dormant).size == 3
    not_nanshan = [{"field": "district", "op": "ne", "value": "南山区"}]
    assert tags.preview_segment(session, world.operator, not_nanshan).size == 2  # R and T
    lacks = [
        {"field": "tag", "op": "lacks", "value": "new"},
        {"field": "r_band", "op": "gte", "value": 2},
    ]
    assert tags.preview_segment(session, world.operator, lacks).size == 3  # S is new
    saved = session.get(Segment, segment_id)
    assert (saved.name, saved.size_at_save) == ("南山沉睡高消费", 1)
    entry = session.exec(select(AuditEntry)).one()
    assert (entry.action, entry.target_id) == ("segment.save", segment_id)


def test_a_rule_that_matches_nobody_or_everybody_is_refused(session, world):
    nobody = [{"field": "spend_yuan", "op": "gte", "value": "100000"}]
    assert (
        tags.preview_segment(session, world.operator, nobody).problem == "segment.matches_nothing"
    )
    with pytest.raises(DomainError) as err:
        tags.save_segment(session, world.operator, "没人", nobody)
    assert err.value.key == "segment.matches_nothing"
    everyone = [{"field": "orders", "op": "gte", "value": 0}]
    with pytest.raises(DomainError) as err:
        tags.save_segment(session, world.operator, "所有人", everyone)
    assert (err.value.key, err.value.params) == ("segment.matches_everyone", {"customers": 5})
    assert session.exec(select(Segment)).all() == []
    assert session.exec(select(AuditEntry)).all() == []


@pytest.mark.parametrize(
    ("rule", "key"),
    [
        ([], "segment.rule_empty"),
        ("dormant", "segment.rule_empty"),
        ([{"field": "age", "op": "gte", "value": 3}], "segment.field_unknown"),
        ([{"field": "tag", "op": "gte", "value": "dormant"}], "segment.op_unknown"),
        ([{"field": "tag", "op": "has", "value": "vip"}], "segment.tag_unknown"),
        ([{"field": "tag", "op": "has", "value": "category:cars"}], "segment.tag_unknown"),
        ([{"field": "tag", "op": "has", "value": " "}], "segment.value_missing"),
        ([{"field": "district", "op": "eq", "value": "朝阳区"}], "segment.district_unknown"),
        (
            [{"field": "favourite_category", "op": "eq", "value": "cars"}],
            "segment.category_unknown",
        ),
        ([{"field": "spend_yuan", "op": "gte", "value": "-5"}], "segment.value_not_number"),
        ([{"field": "spend_yuan", "op": "gte", "value": "12.5"}], "segment.value_not_number"),
        ([{"field": "r_band", "op": "eq", "value": 6}], "segment.value_out_of_range"),
        ([{"field": "orders", "op": "gte", "value": True}], "segment.value_not_number"),
        ([{"field": "tag", "op": "has", "value": "new"}] * 9, "segment.rule_too_long"),
    ],
)
def test_bad_rules_are_refused_by_name(session, world, rule, key):
    with pytest.raises(DomainError) as err:
        tags.save_segment(session, world.operator, "坏规则", rule)
    assert err.value.key == key
    assert session.exec(select(Segment)).all() == []


def test_names_are_required_short_and_unique(session, world):
    dormant = [{"field": "tag", "op": "has", "value": "dormant"}]
    for name, key in (("  ", "segment.name_required"), ("名" * 31, "segment.name_too_long")):
        with pytest.raises(DomainError, match=key):
            tags.save_segment(session, world.operator, name, dormant)
    tags.save_segment(session, world.operator, "沉睡", dormant)
    with pytest.raises(DomainError, match=r"segment\.name_taken"):
        tags.save_segment(session, world.operator, "沉睡", dormant)
    assert len(session.exec(select(Segment)).all()) == 1


def test_a_manual_tag_can_define_a_segment(session, world):
    tags.add_manual_tag(session, world.operator, world.customers["T"].id, "老板朋友")
    rule = [{"field": "tag", "op": "has", "value": "老板朋友"}]
    segment_id = tags.save_segment(session, world.operator, "朋友", rule)
    assert _names(world, tags.segment_members(session, segment_id)) == ["T"]


def test_tables_page_sort_and_mask_phones(session, world):
    dormant = [{"field": "tag", "op": "has", "value": "dormant"}]
    segment_id = tags.save_segment(session, world.operator, "沉睡", dormant)
    page = tags.segments_table(session, world.operator, TableQuery(search="沉"))
    assert [(r.name, r.size_at_save, r.size_now) for r in page.rows] == [("沉睡", 3, 3)]
    members = tags.members_table(
        session, world.operator, segment_id, TableQuery(sort="spend", descending=True)
    )
    assert [(m.name, m.spend_fen) for m in members.rows] == [
        ("R", 80000),
        ("P", 60000),
        ("Q", 30000),
    ]
    assert all("****" in m.phone and len(m.phone) == 11 for m in members.rows)
    assert "dormant" in members.rows[0].tags
    tags.delete_segment(session, world.operator, segment_id)
    with pytest.raises(DomainError, match=r"segment\.not_found"):
        tags.segment_members(session, segment_id)


def test_the_table_shows_each_segments_own_size_now(session, world):
    """Three segments on one page, each counted now: Q comes back (沉睡 3 -> 2), T loses the
    manual tag (朋友 1 -> 0: no one holds it any more), 新客 stays 2 (S and T)."""
    operator, t_id = world.operator, world.customers["T"].id
    tags.add_manual_tag(session, operator, t_id, "老板朋友")
    for name, field, value in (
        ("沉睡", "tag", "dormant"),
        ("新客", "tag", "new"),
        ("朋友", "tag", "老板朋友"),
    ):
        tags.save_segment(session, operator, name, [{"field": field, "op": "has", "value": value}])
    world.order("Q", "haircut", 2)
    session.commit()
    tags.recompute_tags(session, NOW)
    tags.remove_manual_tag(session, operator, t_id, "老板朋友")
    page = tags.segments_table(session, operator, TableQuery(sort="name"))
    sizes = {r.name: (r.size_at_save, r.size_now) for r in page.rows}
    assert sizes == {"沉睡": (3, 2), "新客": (2, 2), "朋友": (1, 0)}


@pytest.mark.parametrize("admin_role", ["support", "finance"])
def test_segment_services_refuse_operators_without_manage_segments(session, world, admin_role):
    other = admin_of(world, admin_role)
    dormant = [{"field": "tag", "op": "has", "value": "dormant"}]
    segment_id = tags.save_segment(session, world.operator, "沉睡", dormant)
    for call in (
        lambda: tags.preview_segment(session, other, dormant),
        lambda: tags.save_segment(session, other, "另一个", dormant),
        lambda: tags.delete_segment(session, other, segment_id),
        lambda: tags.segments_table(session, other, TableQuery()),
        lambda: tags.members_table(session, other, segment_id, TableQuery()),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert [s.name for s in session.exec(select(Segment)).all()] == ["沉睡"]


def test_every_field_operator_tag_and_slot_has_words():
    from salon_app.core.services.recommendations import SLOTS
    from salon_app.i18n import catalogue

    words = catalogue("zh_CN")
    keys = [f"segment.field.{f}" for f in tags.FIELDS]
    keys += [f"segment.op.{op}" for spec in tags.FIELDS.values() for op in spec.ops]
    keys += [f"tag.{tag}" for tag in tags.AUTO_TAGS]
    keys += [f"recommend.slot.{slot}" for slot in SLOTS]
    keys += [f"recommend.basis.{basis}" for basis in ("history", "service", "popular")]
    assert [k for k in keys if k not in words] == []
