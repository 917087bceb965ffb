"""Shop onboarding: a customer applies (licence, scan, geocoded address, categories), the
platform approves (the shop, its owner seat, a merchant account) or rejects with a reason;
one pending application per applicant; every decision audited and told to the applicant."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image
from sqlalchemy import func
from sqlmodel import Session, select

from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import (
    AuditEntry,
    Merchant,
    MerchantStaff,
    Notification,
    ServiceCategory,
    ShopApplication,
    User,
)
from salon_app.core.paging import TableQuery
from salon_app.core.services import auth, merchants
from salon_app.core.services.access import Actor
from salon_app.core.services.shop_applications import (
    ShopApplicationForm,
    application_scan,
    apply_for_shop,
    approve_shop_application,
    check_character,
    list_shop_applications,
    my_application,
    reject_shop_application,
)
from tests.support.journeys import sign_up
from tests.support.orders import pending_order

LICENCE = "91440300MA5F00001" + check_character("91440300MA5F00001")


def licence_scan() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 560), (230, 40, 40)).save(out, "JPEG")
    return out.getvalue()


def form(session: Session, **changes: object) -> ShopApplicationForm:
    categories = session.exec(select(ServiceCategory.id).order_by(ServiceCategory.id)).all()
    base = ShopApplicationForm(
        shop_name="花间美甲工作室",
        licence_number=LICENCE,
        address="深圳市福田区深南大道6008号",
        contact_phone="0755-83661688",
        category_ids=list(categories[:2]),
        intro="十年美甲老店",
    )
    return replace(base, **changes)


def newcomer(session: Session, phone: str = "17600000021") -> Actor:
    return sign_up(session, phone, "hello2026", "林店长")


def _count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_a_customer_applies_and_sees_the_application_pending(demo_session):
    applicant = newcomer(demo_session)
    mine = apply_for_shop(demo_session, applicant, form(demo_session), licence_scan())
    assert (mine.status, mine.shop_name) == ("pending", "花间美甲工作室")
    assert my_application(demo_session, applicant) == mine
    row = demo_session.get(ShopApplication, mine.id)
    assert row.district == "福田区" and row.lat and row.lng  # geocoded like the shop page
    assert row.contact_phone == "0755 8366 1688"
    assert row.licence_number == LICENCE


@pytest.mark.parametrize(
    ("changes", "scan", "key"),
    [
        ({}, None, "shop_apply.licence_scan_required"),
        ({"licence_number": ""}, b"x", "validation.required"),
        ({"licence_number": LICENCE[:17] + "0" if LICENCE[17] != "0" else LICENCE[:17] + "1"},
         b"x", "shop_apply.licence_invalid"),
        ({"shop_name": " "}, b"x", "validation.required"),
        ({"address": "火星某处"}, b"x", "shop.address_not_found"),
        ({"contact_phone": "12345"}, b"x", "shop.phone_invalid"),
        ({"category_ids": []}, b"x", "shop_apply.categories_required"),
        ({"category_ids": [999_999]}, b"x", "shop_apply.categories_required"),
        ({}, b"not an image", "upload.not_an_image"),
    ],
)  # fmt: skip
def test_bad_applications_are_refused_and_store_nothing(demo_session, changes, scan, key):
    applicant = newcomer(demo_session)
    data = licence_scan() if scan == b"x" else scan
    before = _count(demo_session, ShopApplication)
    with pytest.raises(DomainError) as err:
        apply_for_shop(demo_session, applicant, form(demo_session, **changes), data)
    assert err.value.key == key
    assert _count(demo_session, ShopApplication) == before


def test_one_pending_application_per_applicant(demo_session):
    applicant = newcomer(demo_session)
    apply_for_shop(demo_session, applicant, form(demo_session), licence_scan())
    before = _count(demo_session, ShopApplication)
    with pytest.raises(DomainError) as err:
        apply_for_shop(
            demo_session, applicant, form(demo_session, shop_name="另一家"), licence_scan()
        )
    assert err.value.key == "shop_apply.already_pending"
    assert _count(demo_session, ShopApplication) == before


def test_only_customers_apply(demo_session, tech, admin):
    for actor in (tech, admin, None):
        with pytest.raises(PermissionDenied):
            apply_for_shop(demo_session, actor, form(demo_session), licence_scan())


def test_approval_opens_the_shop_with_the_applicant_as_its_owner(demo_session, operations):
    applicant = newcomer(demo_session)
    mine = apply_for_shop(demo_session, applicant, form(demo_session), licence_scan())
    page = list_shop_applications(demo_session, operations, TableQuery(search="花间"), "pending")
    assert [r.id for r in page.rows] == [mine.id]
    assert page.rows[0].thumb.startswith(b"\xff\xd8")  # the licence scan's picture
    assert application_scan(demo_session, operations, mine.id).startswith(b"\xff\xd8")

    shop_id = approve_shop_application(demo_session, operations, mine.id)

    shop = demo_session.get(Merchant, shop_id)
    assert (shop.name, shop.address, shop.district) == (
        "花间美甲工作室", "深圳市福田区深南大道6008号", "福田区"
    )  # fmt: skip
    seat = demo_session.exec(
        select(MerchantStaff).where(MerchantStaff.user_id == applicant.user_id)
    ).one()
    assert (seat.merchant_id, seat.role) == (shop_id, "owner")
    assert demo_session.get(User, applicant.user_id).role == "merchant"
    # The applicant's next request is a merchant's: their shop's dashboard opens.
    owner = auth.log_in(demo_session, "17600000021", "hello2026").actor
    assert (owner.role, owner.merchant_id) == ("merchant", shop_id)
    assert merchants.shop_settings(demo_session, owner).info.name == "花间美甲工作室"
    assert my_application(demo_session, owner).status == "approved"
    note = demo_session.exec(
        select(Notification).where(Notification.user_id == applicant.user_id)
    ).one()
    assert note.key == "notify.shop_approved"
    audit = demo_session.exec(
        select(AuditEntry).where(AuditEntry.action == "shop.application_approved")
    ).one()
    assert (audit.actor_user_id, audit.target_id) == (operations.user_id, mine.id)
    with pytest.raises(DomainError) as err:
        approve_shop_application(demo_session, operations, mine.id)
    assert err.value.key == "shop_review.already_decided"


def test_rejection_needs_a_reason_the_applicant_sees_and_they_may_apply_again(demo_session, admin):
    applicant = newcomer(demo_session)
    mine = apply_for_shop(demo_session, applicant, form(demo_session), licence_scan())
    for blank in ("", "   "):
        with pytest.raises(DomainError) as err:
            reject_shop_application(demo_session, admin, mine.id, blank)
        assert err.value.key == "shop_review.reason_required"
    assert my_application(demo_session, applicant).status == "pending"
    assert (
        _count(demo_session, AuditEntry) == 0
        or not demo_session.exec(
            select(AuditEntry).where(AuditEntry.action == "shop.application_rejected")
        ).all()
    )

    reject_shop_application(demo_session, admin, mine.id, "营业执照照片不清晰")

    seen = my_application(demo_session, applicant)
    assert (seen.status, seen.reason) == ("rejected", "营业执照照片不清晰")
    note = demo_session.exec(
        select(Notification).where(Notification.user_id == applicant.user_id)
    ).one()
    assert (note.key, note.params["reason"]) == ("notify.shop_rejected", "营业执照照片不清晰")
    assert (
        demo_session.exec(
            select(AuditEntry).where(AuditEntry.action == "shop.application_rejected")
        )
        .one()
        .target_id
        == mine.id
    )
    assert demo_session.get(User, applicant.user_id).role == "customer"
    again = apply_for_shop(demo_session, applicant, form(demo_session), licence_scan())
    assert again.status == "pending" and again.id != mine.id


def test_an_applicant_with_open_orders_is_not_made_a_merchant(demo_session, operations):
    applicant = newcomer(demo_session)
    pending_order(demo_session, applicant)  # booked, not yet paid
    mine = apply_for_shop(demo_session, applicant, form(demo_session), licence_scan())
    shops = _count(demo_session, Merchant)
    with pytest.raises(DomainError) as err:
        approve_shop_application(demo_session, operations, mine.id)
    assert err.value.key == "shop_review.applicant_has_open_orders"
    assert _count(demo_session, Merchant) == shops
    assert my_application(demo_session, applicant).status == "pending"
    assert demo_session.get(User, applicant.user_id).role == "customer"


@pytest.mark.parametrize("who", ["support", "finance", "customer", "tech"])
def test_only_shop_reviewers_see_and_decide_applications(demo_session, request, who):
    applicant = newcomer(demo_session)
    mine = apply_for_shop(demo_session, applicant, form(demo_session), licence_scan())
    actor = request.getfixturevalue(who)
    for call in (
        lambda: list_shop_applications(demo_session, actor, TableQuery(), "pending"),
        lambda: application_scan(demo_session, actor, mine.id),
        lambda: approve_shop_application(demo_session, actor, mine.id),
        lambda: reject_shop_application(demo_session, actor, mine.id, "不行"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert demo_session.get(ShopApplication, mine.id).status == "pending"
    assert demo_session.get(User, applicant.user_id).role == "customer"
