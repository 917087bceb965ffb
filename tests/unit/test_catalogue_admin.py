"""Catalogue management: operators edit, publish and withdraw services and categories; bad
input and other roles change nothing; a withdrawn service disappears from customers and new
bookings while orders already made keep working."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlalchemy import func
from sqlmodel import Session, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import (
    AuditEntry,
    Order,
    Service,
    ServiceCategory,
    ServicePicture,
    Technician,
    TechnicianService,
)
from salon_app.core.paging import TableQuery
from salon_app.core.services import availability, booking, catalogue, merchants, technicians
from salon_app.core.services.booking import BookingRequest
from salon_app.core.services.catalogue import editing
from salon_app.core.services.discovery import catalogue as shown
from tests.support.orders import next_free_start


def _service(session: Session, slug: str) -> Service:
    return session.exec(select(Service).where(Service.slug == slug)).one()


@pytest.fixture
def edit(demo_session, operations):
    """The form of a demo service as the operator sees it, with some fields changed."""

    def form(slug: str, **changes) -> catalogue.ServiceForm:
        service = _service(demo_session, slug)
        current = catalogue.service_for_edit(demo_session, operations, service.id).form
        return replace(current, **changes)

    return form


def _snapshot(session: Session, slug: str) -> tuple:
    session.expire_all()
    s = _service(session, slug)
    audits = session.exec(select(func.count()).select_from(AuditEntry)).one()
    return (
        s.name,
        s.price_min_fen,
        s.price_max_fen,
        s.duration_min,
        s.process,
        s.is_active,
        audits,
    )


def _png(width: int = 800, height: int = 600, colour: str = "tomato") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def pictures(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "pictures"
    monkeypatch.setenv("SALON_PICTURES_DIR", str(folder))
    return folder


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*")) if folder.exists() else []


# -- editing -------------------------------------------------------------------------------


def test_operator_edits_a_service_and_customers_read_the_new_details(
    demo_session, operations, edit
):
    haircut = _service(demo_session, "haircut")
    form = edit(
        "haircut",
        name="精致剪发",
        process="沟通发型\n洗发\n修剪\n吹风造型",
        price_min_fen=5800,
        price_max_fen=39800,
        duration_min=75,
    )
    catalogue.save_service(demo_session, operations, haircut.id, form)
    detail = shown.service_detail(demo_session, "haircut")
    assert detail.card.name == "精致剪发"
    assert detail.process == ["沟通发型", "洗发", "修剪", "吹风造型"]
    assert (detail.card.price_min_fen, detail.card.price_max_fen) == (5800, 39800)
    assert detail.card.duration_min == 75
    entry = demo_session.exec(
        select(AuditEntry).where(AuditEntry.action == "catalogue.service_edited")
    ).one()
    assert entry.actor_user_id == operations.user_id and entry.target_id == haircut.id
    assert {"name", "process", "price_min_fen", "price_max_fen"} <= set(entry.details["changed"])
    assert entry.details["before"]["name"] == "剪发"


BAD_FORMS = [
    ({"name": "  "}, "validation.required"),
    ({"name": "剪" * 41}, "validation.too_long"),
    ({"price_min_fen": 50000, "price_max_fen": 40000}, "catalogue.price_min_above_max"),
    ({"price_min_fen": 0}, "catalogue.price_invalid"),
    ({"duration_min": 0}, "catalogue.duration_invalid"),
    ({"duration_min": 721}, "catalogue.duration_invalid"),
    ({"at_home": False, "in_shop": False}, "catalogue.mode_required"),
    ({"name": "染发"}, "catalogue.name_taken"),
    ({"category_id": 0}, "catalogue.category_not_found"),
    ({"process": "步" * 2001}, "validation.too_long"),
]


@pytest.mark.parametrize(("changes", "key"), BAD_FORMS)
def test_bad_details_are_refused_and_nothing_changes(demo_session, operations, edit, changes, key):
    before = _snapshot(demo_session, "haircut")
    form = edit("haircut", **changes)
    with pytest.raises(DomainError) as err:
        catalogue.save_service(demo_session, operations, _service(demo_session, "haircut").id, form)
    assert err.value.key == key
    demo_session.rollback()
    assert _snapshot(demo_session, "haircut") == before


def test_a_range_that_leaves_technicians_prices_outside_is_refused(demo_session, operations, edit):
    haircut = _service(demo_session, "haircut")
    prices = demo_session.exec(
        select(TechnicianService.price_fen).where(TechnicianService.service_id == haircut.id)
    ).all()
    highest = max(prices)
    form = edit("haircut", price_max_fen=highest - 100)
    with pytest.raises(DomainError) as err:
        catalogue.save_service(demo_session, operations, haircut.id, form)
    assert err.value.key == "catalogue.prices_outside_range"
    assert err.value.params["count"] == sum(p > highest - 100 for p in prices)


def test_yuan_as_typed_becomes_fen_and_nonsense_is_refused():
    assert catalogue.yuan_to_fen("88.5") == 8850
    for text in ("abc", "-5", "1.234", "", "1e9"):
        with pytest.raises(DomainError) as err:
            catalogue.yuan_to_fen(text)
        assert err.value.key == "catalogue.price_invalid"


def test_a_new_service_starts_withdrawn_and_needs_a_cover_to_be_published(
    demo_session, operations, edit, pictures
):
    form = edit("haircut", name="男士快剪", price_min_fen=3800, price_max_fen=5800)
    new_id = catalogue.save_service(demo_session, operations, None, form)
    assert catalogue.service_for_edit(demo_session, operations, new_id).status == "withdrawn"
    assert "男士快剪" not in [c.name for c in shown.search_services(demo_session, "快剪")]
    with pytest.raises(DomainError) as err:
        catalogue.publish_service(demo_session, operations, new_id)
    assert err.value.key == "catalogue.cover_required"
    catalogue.set_service_cover(demo_session, operations, new_id, _png())
    assert catalogue.publish_service(demo_session, operations, new_id) == "on_sale"
    assert [c.name for c in shown.search_services(demo_session, "快剪")] == ["男士快剪"]


def test_categories_are_created_renamed_and_shown_once_they_have_a_service_on_sale(
    demo_session, operations
):
    category_id = catalogue.save_category(demo_session, operations, None, "  足疗  ")
    assert demo_session.get(ServiceCategory, category_id).name == "足疗"
    assert "足疗" not in [c.name for c in shown.home_catalogue(demo_session).categories]
    catalogue.save_category(demo_session, operations, category_id, "足疗按摩")
    for name, key in (("", "validation.required"), ("美发", "catalogue.category_name_taken")):
        with pytest.raises(DomainError) as err:
            catalogue.save_category(demo_session, operations, category_id, name)
        assert err.value.key == key
        demo_session.rollback()
    assert demo_session.get(ServiceCategory, category_id).name == "足疗按摩"
    actions = demo_session.exec(
        select(AuditEntry.action).where(AuditEntry.target_type == "service_category")
    ).all()
    assert sorted(actions) == ["catalogue.category_created", "catalogue.category_renamed"]


# -- publishing ----------------------------------------------------------------------------


def _book_request(session: Session, slug: str) -> BookingRequest:
    tech = session.exec(
        select(Technician)
        .join(TechnicianService, TechnicianService.technician_id == Technician.id)
        .where(TechnicianService.service_id == _service(session, slug).id)
        .where(Technician.merchant_id.is_not(None), Technician.status == "active")
        .order_by(Technician.id)
    ).first()
    service = _service(session, slug)
    start = availability.next_free_slots(session, tech.id, service.id, limit=1)[0]
    return BookingRequest(service_id=service.id, technician_id=tech.id, starts_at=start)


def test_a_withdrawn_service_disappears_for_customers_and_cannot_be_booked(
    demo_session, operations, customer
):
    haircut = _service(demo_session, "haircut")
    request = _book_request(demo_session, "haircut")
    tech = demo_session.get(Technician, request.technician_id)
    assert catalogue.withdraw_service(demo_session, operations, haircut.id) == "withdrawn"
    home = shown.home_catalogue(demo_session)
    assert "剪发" not in home.categories[0].services
    assert all(c.slug != "haircut" for c in home.hot + home.new)
    assert all(c.slug != "haircut" for c in shown.category_services(demo_session, "hair")[1])
    assert shown.search_services(demo_session, "剪发") == []
    with pytest.raises(DomainError):
        shown.service_detail(demo_session, "haircut")
    profile = technicians.public_profile.technician_profile(demo_session, tech.id)
    assert all(o.slug != "haircut" for o in profile.offers)
    shop = merchants.shop_page(demo_session, tech.merchant_id)
    assert all(s.slug != "haircut" for s in shop.services)
    with pytest.raises(DomainError) as err:
        booking.book(demo_session, customer, request)
    assert err.value.key == "booking.service_not_offered"
    assert catalogue.publish_service(demo_session, operations, haircut.id) == "on_sale"
    assert booking.book(demo_session, customer, request).status == "pending_payment"


def test_orders_made_before_the_withdrawal_keep_working(demo_session, operations, customer):
    request = _book_request(demo_session, "haircut")
    start = next_free_start(demo_session, request.technician_id, request.service_id)
    order = booking.book(demo_session, customer, replace(request, starts_at=start))
    catalogue.withdraw_service(demo_session, operations, request.service_id)
    day_after = start.astimezone(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=1)
    later = next_free_start(demo_session, request.technician_id, request.service_id, day_after)
    moved = booking.changes.reschedule(demo_session, customer, order.code, later)
    assert moved.starts_at == later
    booking.changes.cancel(demo_session, customer, order.code)
    assert demo_session.get(Order, order.id).status == "cancelled"


def test_a_later_publish_day_keeps_the_service_hidden_until_then(demo_session, operations, edit):
    haircut = _service(demo_session, "haircut")
    later = local_today() + timedelta(days=3)
    catalogue.save_service(demo_session, operations, haircut.id, edit("haircut", publish_on=later))
    assert catalogue.service_for_edit(demo_session, operations, haircut.id).status == "scheduled"
    assert shown.search_services(demo_session, "剪发") == []
    demo_session.get(Service, haircut.id).published_at = utcnow() - timedelta(minutes=1)
    demo_session.commit()
    assert [c.slug for c in shown.search_services(demo_session, "剪发")] == ["haircut"]


def test_a_service_goes_on_sale_at_the_local_midnight_of_its_publish_day(
    demo_session, operations, edit
):
    haircut = _service(demo_session, "haircut")
    day = local_today() + timedelta(days=2)
    catalogue.save_service(demo_session, operations, haircut.id, edit("haircut", publish_on=day))
    demo_session.expire_all()
    moment = _service(demo_session, "haircut").published_at
    assert moment.astimezone(ZoneInfo("Asia/Shanghai")).isoformat() == f"{day}T00:00:00+08:00"
    on_sale = select(Service.slug).where(Service.slug == "haircut")
    for now, expected in ((moment - timedelta(microseconds=1), False), (moment, True)):
        service = _service(demo_session, "haircut")
        found = demo_session.exec(on_sale.where(Service.on_sale(now))).all()
        assert (found == ["haircut"], service.is_on_sale(now)) == (expected, expected)
        assert editing.service_status(service, now) == ("on_sale" if expected else "scheduled")


def test_publishing_twice_changes_nothing_more(demo_session, operations):
    haircut = _service(demo_session, "haircut")
    catalogue.withdraw_service(demo_session, operations, haircut.id)
    catalogue.withdraw_service(demo_session, operations, haircut.id)
    actions = demo_session.exec(
        select(AuditEntry.action).where(AuditEntry.action == "catalogue.service_withdrawn")
    ).all()
    assert len(actions) == 1


# -- pictures ------------------------------------------------------------------------------


def test_a_cover_is_cropped_to_4_3_in_two_webp_sizes(demo_session, operations, pictures):
    haircut = _service(demo_session, "haircut")
    url = catalogue.set_service_cover(demo_session, operations, haircut.id, _png(2000, 1000))
    demo_session.refresh(haircut)
    assert url == haircut.image_url and url.startswith("/media/")
    sizes = {}
    for u in (haircut.image_url, haircut.thumb_url):
        with Image.open(pictures / u.removeprefix("/media/")) as image:
            assert image.format == "WEBP"
            sizes[u] = image.size
    assert sizes[haircut.image_url] == (1200, 900)
    assert sizes[haircut.thumb_url] == (480, 360)
    assert shown.service_detail(demo_session, "haircut").card.thumb_url == haircut.thumb_url


def test_a_small_picture_is_never_scaled_up(demo_session, operations, pictures):
    facial = _service(demo_session, "facial")
    catalogue.set_service_cover(demo_session, operations, facial.id, _png(640, 640))
    demo_session.refresh(facial)
    with Image.open(pictures / facial.image_url.removeprefix("/media/")) as image:
        assert image.size == (640, 480)


BAD_UPLOADS = [
    (b"", "upload.empty"),
    (b"%PDF-1.4 not a picture at all", "upload.not_an_image"),
    (b"\xff\xd8\xff" + b"0" * (30 * 1024 * 1024), "upload.too_large"),
    (_png(300, 200), "upload.too_small"),
    (_png()[:200], "upload.not_an_image"),
]


@pytest.mark.parametrize(("data", "key"), BAD_UPLOADS, ids=["empty", "pdf", "30mb", "small", "cut"])
def test_bad_pictures_are_refused_and_store_nothing(demo_session, operations, pictures, data, key):
    haircut = _service(demo_session, "haircut")
    before = (haircut.image_url, haircut.thumb_url)
    for upload in (
        lambda: catalogue.set_service_cover(demo_session, operations, haircut.id, data),
        lambda: catalogue.add_gallery_picture(demo_session, operations, haircut.id, data),
        lambda: catalogue.set_category_cover(demo_session, operations, haircut.category_id, data),
    ):
        with pytest.raises(DomainError) as err:
            upload()
        assert err.value.key == key
    demo_session.expire_all()
    assert (_service(demo_session, "haircut").image_url, haircut.thumb_url) == before
    assert _files(pictures) == []


def test_gallery_pictures_are_added_moved_and_removed(demo_session, operations, pictures):
    perm = _service(demo_session, "perm")
    demo = [p.id for p in catalogue.service_for_edit(demo_session, operations, perm.id).gallery]
    added = [
        catalogue.add_gallery_picture(demo_session, operations, perm.id, _png(colour=c))
        for c in ("red", "green")
    ]

    def order() -> list[int]:
        return [p.id for p in catalogue.service_for_edit(demo_session, operations, perm.id).gallery]

    assert order() == demo + added
    catalogue.move_gallery_picture(demo_session, operations, added[1], 0)
    assert order() == [added[1], *demo, added[0]]
    catalogue.remove_gallery_picture(demo_session, operations, demo[0])
    assert order() == [added[1], *demo[1:], added[0]]
    positions = demo_session.exec(
        select(ServicePicture.position)
        .where(ServicePicture.service_id == perm.id)
        .order_by(ServicePicture.position)
    ).all()
    assert positions == list(range(len(order())))
    gallery = shown.service_detail(demo_session, "perm").gallery
    assert len(gallery) == len(order())


def test_the_gallery_has_a_limit(demo_session, operations, pictures, monkeypatch):
    from salon_app.core.services.catalogue import pictures as module

    perm = _service(demo_session, "perm")
    have = len(catalogue.service_for_edit(demo_session, operations, perm.id).gallery)
    monkeypatch.setattr(module, "GALLERY_MAX", have)
    with pytest.raises(DomainError) as err:
        catalogue.add_gallery_picture(demo_session, operations, perm.id, _png())
    assert err.value.key == "catalogue.gallery_full"


def test_pictures_are_served_with_a_years_cache(pictures, demo_session, operations):
    import asyncio

    import httpx

    from salon_app.api.media import media_api

    haircut = _service(demo_session, "haircut")
    url = catalogue.set_service_cover(demo_session, operations, haircut.id, _png())

    async def fetch(*paths: str) -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=media_api())
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            return [await client.get(path) for path in paths]

    answer, outside, unknown = asyncio.run(
        fetch(url, "/media/..%2Fsalon.db", "/media/" + "0" * 32 + ".webp")
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/webp"
    assert "immutable" in answer.headers["cache-control"]
    assert "max-age=31536000" in answer.headers["cache-control"]
    assert answer.content == (pictures / url.removeprefix("/media/")).read_bytes()
    assert outside.status_code == unknown.status_code == 404


# -- tables --------------------------------------------------------------------------------


def test_tables_search_sort_and_show_status(demo_session, operations):
    catalogue.withdraw_service(demo_session, operations, _service(demo_session, "perm").id)
    query = TableQuery.of(catalogue.SERVICE_SORTS, sort="status", descending=True)
    page = catalogue.service_table(demo_session, operations, query)
    assert page.total == 14 and page.rows[0].name == "烫发" and page.rows[0].status == "withdrawn"
    assert all(r.thumb_url.startswith("/media/") for r in page.rows)
    found = catalogue.service_table(
        demo_session, operations, TableQuery.of(catalogue.SERVICE_SORTS, search="家政")
    )
    assert found.total == 4
    prices = catalogue.service_table(
        demo_session, operations, TableQuery.of(catalogue.SERVICE_SORTS, sort="price")
    )
    assert [r.price_min_fen for r in prices.rows] == sorted(r.price_min_fen for r in prices.rows)
    categories = catalogue.category_table(
        demo_session, operations, TableQuery.of(catalogue.CATEGORY_SORTS, sort="order")
    )
    assert next((c.name, c.services, c.on_sale) for c in categories.rows) == ("美发", 4, 3)


# -- who may ------------------------------------------------------------------------------


def _every_admin_service(session: Session, actor) -> list:
    service_id = _service(session, "haircut").id
    category_id = _service(session, "haircut").category_id
    picture_id = session.exec(select(ServicePicture.id).order_by(ServicePicture.id)).first()
    query = TableQuery()
    return [
        lambda: catalogue.category_options(session, actor),
        lambda: catalogue.service_for_edit(session, actor, service_id),
        lambda: catalogue.save_service(session, actor, service_id, FORM),
        lambda: catalogue.save_category(session, actor, category_id, "美发沙龙"),
        lambda: catalogue.publish_service(session, actor, service_id),
        lambda: catalogue.withdraw_service(session, actor, service_id),
        lambda: catalogue.set_service_cover(session, actor, service_id, _png()),
        lambda: catalogue.set_category_cover(session, actor, category_id, _png()),
        lambda: catalogue.add_gallery_picture(session, actor, service_id, _png()),
        lambda: catalogue.move_gallery_picture(session, actor, picture_id, 0),
        lambda: catalogue.remove_gallery_picture(session, actor, picture_id),
        lambda: catalogue.service_table(session, actor, query),
        lambda: catalogue.category_table(session, actor, query),
    ]


FORM = catalogue.ServiceForm(1, "剪发", "", "", "", "", 6800, 29800, 60, True, True, local_today())


@pytest.mark.parametrize("who", ["support", "finance", "customer", "tech", "nobody"])
def test_only_operations_and_super_admins_may_touch_the_catalogue(
    demo_session, who, request, pictures
):
    actor = None if who == "nobody" else request.getfixturevalue(who)
    before = _snapshot(demo_session, "haircut")
    pictures_before = demo_session.exec(select(func.count()).select_from(ServicePicture)).one()
    for call in _every_admin_service(demo_session, actor):
        with pytest.raises(DomainError) as err:  # PermissionDenied, or log in first
            call()
        assert isinstance(err.value, PermissionDenied) or err.value.key == "auth.login_required"
    assert _snapshot(demo_session, "haircut") == before
    assert demo_session.exec(select(func.count()).select_from(ServicePicture)).one() == (
        pictures_before
    )
    assert _files(pictures) == []


def test_the_super_admin_may_too(demo_session, admin):
    assert catalogue.withdraw_service(demo_session, admin, _service(demo_session, "perm").id)


# -- demo ----------------------------------------------------------------------------------


def test_the_demo_gives_every_category_service_technician_and_case_a_picture(demo_session):
    from salon_app.core.integrations import storage
    from salon_app.core.models import CaseStudy

    def served(url: str) -> bool:
        return storage.picture_path(url.removeprefix(storage.MEDIA_URL_PREFIX)) is not None

    rows = [
        *demo_session.exec(select(ServiceCategory)).all(),
        *demo_session.exec(select(Service)).all(),
    ]
    assert rows and all(served(r.image_url) and served(r.thumb_url) for r in rows)
    covers = {r.image_url for r in rows}
    assert len(covers) == len(rows), "every category and service looks different"
    galleries = demo_session.exec(select(ServicePicture)).all()
    assert {p.service_id for p in galleries} == {s.id for s in rows if isinstance(s, Service)}
    assert all(served(p.url) for p in galleries)
    assert all(served(t.photo_url) for t in demo_session.exec(select(Technician)).all())
    cases = demo_session.exec(select(CaseStudy)).all()
    assert cases and all(served(c.before_url) and served(c.after_url) for c in cases)
    assert all(c.before_url != c.after_url for c in cases)
