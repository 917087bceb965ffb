"""The shop's own information, its posts and service areas, and the public shop page."""

from __future__ import annotations

import pytest
from sqlmodel import select

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import Merchant, Order, Review, Technician
from salon_app.core.services.merchants import (
    ShopInfo,
    add_post,
    add_technician_area,
    list_posts,
    public_shop_reviews,
    remove_post,
    remove_technician_area,
    set_technician_posts,
    shop_page,
    shop_settings,
    shop_technicians,
    update_shop_info,
)
from tests.support.shops import FRONT_DESK, MANAGER, OTHER_OWNER, OWNER, login

INFO = ShopInfo("悦丝造型·福田旗舰店", "深圳市福田区福华三路268号", "0755-83661688", "十年老店。")


def test_the_owner_saves_the_shop_and_a_new_address_is_geocoded(demo_session):
    owner = login(demo_session, OWNER)
    saved = update_shop_info(
        demo_session,
        owner,
        ShopInfo("悦丝造型·南山店", "深圳市南山区文心五路33号", "138 0013 8000", "  新店开业 "),
    )
    assert saved.contact_phone == "138 0013 8000" and saved.intro == "新店开业"
    shop = demo_session.get(Merchant, owner.merchant_id)
    assert shop.district == "南山区" and round(shop.lat, 2) == 22.52
    assert shop_settings(demo_session, owner).info == saved


@pytest.mark.parametrize(
    ("info", "key"),
    [
        (ShopInfo("", INFO.address, INFO.contact_phone), "validation.required"),
        (ShopInfo("店" * 61, INFO.address, INFO.contact_phone), "validation.too_long"),
        (ShopInfo(INFO.name, "火星基地1号", INFO.contact_phone), "shop.address_not_found"),
        (ShopInfo(INFO.name, INFO.address, "12345"), "shop.phone_invalid"),
        (ShopInfo(INFO.name, INFO.address, "+1 650 253 0000"), "shop.phone_invalid"),
        (ShopInfo(INFO.name, INFO.address, INFO.contact_phone, "介" * 2001), "validation.too_long"),
    ],
)
def test_bad_shop_information_changes_nothing(demo_session, info, key):
    owner = login(demo_session, OWNER)
    before = shop_settings(demo_session, owner)
    with pytest.raises(DomainError) as err:
        update_shop_info(demo_session, owner, info)
    assert err.value.key == key
    demo_session.expire_all()
    assert shop_settings(demo_session, owner) == before


def test_only_owner_and_manager_edit_and_only_their_own_shop(demo_session):
    update_shop_info(demo_session, login(demo_session, MANAGER), INFO)
    with pytest.raises(PermissionDenied):
        update_shop_info(demo_session, login(demo_session, FRONT_DESK), INFO)
    other = login(demo_session, OTHER_OWNER)
    update_shop_info(
        demo_session, other, ShopInfo("指尖花园", "深圳市南山区文心五路33号", "0755-86552299")
    )
    assert demo_session.get(Merchant, login(demo_session, OWNER).merchant_id).name == INFO.name


def test_the_public_page_shows_the_shop_and_only_its_approved_technicians(demo_session):
    page = shop_page(demo_session, 1)
    assert page.name == "悦丝造型·福田旗舰店" and page.hours[0].start == "10:00"
    assert [c.reason for c in page.closures] == ["店内升级装修，暂停营业两天"]
    shop_techs = demo_session.exec(
        select(Technician.id).where(Technician.merchant_id == 1, Technician.status == "active")
    ).all()
    assert {t.id for t in page.technicians} == set(shop_techs)
    assert any("首席发型师" in t.posts for t in page.technicians)
    names = {s.name for s in page.services}
    assert "剪发" in names and all(s.price_min_fen <= s.price_max_fen for s in page.services)
    assert page.announcements[0].pinned and page.announcements[0].title == "元旦假期照常营业"
    assert page.reviews and any(r.reply for r in page.reviews)
    assert [r.created_at for r in page.reviews] == sorted(
        (r.created_at for r in page.reviews), reverse=True
    )


def test_older_reviews_come_page_by_page_without_repeats(demo_session):
    everything = demo_session.exec(
        select(Review.id).join(Order, Order.id == Review.order_id).where(Order.merchant_id == 1)
    ).all()
    page = shop_page(demo_session, 1)
    seen = [r.id for r in page.reviews]
    more = page.more_reviews
    assert more == (len(everything) > len(seen))
    while more:
        rows, more = public_shop_reviews(demo_session, 1, len(seen))
        assert rows and rows[0].created_at <= page.reviews[-1].created_at
        seen += [r.id for r in rows]
    assert sorted(seen) == sorted(everything)  # each review once, none left out
    assert public_shop_reviews(demo_session, 1, len(seen)) == ([], False)
    with pytest.raises(DomainError):
        public_shop_reviews(demo_session, 999, 0)


def test_an_unknown_or_closed_down_shop_has_no_page(demo_session):
    with pytest.raises(DomainError) as err:
        shop_page(demo_session, 999)
    assert err.value.key == "shop.not_found"
    shop = demo_session.get(Merchant, 2)
    shop.is_active = False
    demo_session.add(shop)
    demo_session.commit()
    with pytest.raises(DomainError):
        shop_page(demo_session, 2)


def test_posts_are_the_shops_own_labels(demo_session):
    owner, other = login(demo_session, OWNER), login(demo_session, OTHER_OWNER)
    post = add_post(demo_session, owner, "助理")
    with pytest.raises(DomainError) as err:
        add_post(demo_session, owner, "助理")
    assert err.value.key == "post.name_taken"
    tech_id = shop_technicians(demo_session, owner)[0].technician_id
    chief = next(p for p in list_posts(demo_session, owner) if p.name == "首席发型师")
    assert set_technician_posts(demo_session, owner, tech_id, [post.id, chief.id]) == [
        "首席发型师",
        "助理",
    ]
    with pytest.raises(DomainError) as err:  # another shop's post
        set_technician_posts(demo_session, other, tech_id, [post.id])
    assert err.value.key == "technician.not_found"
    their_tech = shop_technicians(demo_session, other)[0].technician_id
    with pytest.raises(DomainError) as err:
        set_technician_posts(demo_session, owner, their_tech, [post.id])
    assert err.value.key == "technician.not_found"
    with pytest.raises(DomainError) as err:
        remove_post(demo_session, other, post.id)
    assert err.value.key == "post.not_found"
    remove_post(demo_session, owner, post.id)
    member = next(m for m in shop_technicians(demo_session, owner) if m.technician_id == tech_id)
    assert member.posts == ["首席发型师"]
    with pytest.raises(PermissionDenied):
        add_post(demo_session, login(demo_session, FRONT_DESK), "保洁")
    assert "首席发型师" not in {p.name for p in list_posts(demo_session, other)}


def test_the_shop_sets_service_areas_of_its_own_technicians(demo_session):
    owner, other = login(demo_session, OWNER), login(demo_session, OTHER_OWNER)
    tech_id = shop_technicians(demo_session, owner)[0].technician_id
    area = add_technician_area(demo_session, owner, tech_id, "深圳市福田区深南大道6008号", 5)
    assert area.label.endswith("周边") and "6008号" not in area.label
    with pytest.raises(DomainError) as err:
        add_technician_area(demo_session, owner, tech_id, "深圳市福田区深南大道6008号", 50)
    assert err.value.key == "tech_profile.radius_out_of_range"
    with pytest.raises(DomainError) as err:
        add_technician_area(demo_session, other, tech_id, "深圳市福田区深南大道6008号", 5)
    assert err.value.key == "technician.not_found"
    with pytest.raises(DomainError) as err:
        remove_technician_area(demo_session, other, area.id)
    assert err.value.key == "technician.not_found"
    remove_technician_area(demo_session, owner, area.id)
    member = next(m for m in shop_technicians(demo_session, owner) if m.technician_id == tech_id)
    assert area.id not in {a.id for a in member.areas}
