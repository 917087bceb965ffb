"""Photos with reviews (public) and with complaints (private evidence); bad photos store nothing."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import ADMIN_PHONE
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.integrations import storage
from salon_app.core.integrations.storage import files
from salon_app.core.models import Complaint, MerchantStaff, Review, Technician, User
from salon_app.core.services import auth, photos
from salon_app.core.services.access import Actor
from salon_app.core.services.feedback import complaints, reviews
from salon_app.core.services.technicians import public_profile as profiles
from tests.support import journeys
from tests.support.images import oversize_png
from tests.support.journeys import complete
from tests.support.orders import pending_order


@pytest.fixture(autouse=True)
def folders(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """(public, private) upload folders of this test alone."""
    public, private = tmp_path / "uploaded_files", tmp_path / "private"
    monkeypatch.setenv("REFLEX_UPLOADED_FILES_DIR", str(public))
    monkeypatch.setattr(files, "private_dir", lambda: private)
    return public, private


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _image(size=(1600, 1200), fmt="PNG", color=(200, 80, 120)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


@pytest.fixture
def done(demo_session, customer):
    """A completed order of the demo customer."""
    return complete(demo_session, pending_order(demo_session, customer))


def _tech_actor(session, order) -> Actor:
    tech = session.get(Technician, order.technician_id)
    user = session.get(User, tech.user_id)
    return Actor(user.id, "technician", user.display_name, tech.merchant_id, tech.id)


def _shop_staff(session, order) -> Actor:
    shop = session.get(Technician, order.technician_id).merchant_id
    staff = session.exec(select(MerchantStaff).where(MerchantStaff.merchant_id == shop)).first()
    user = session.get(User, staff.user_id)
    return Actor(user.id, "merchant", user.display_name, shop, None)


def _other_shop(session, order) -> Actor:
    shop = session.get(Technician, order.technician_id).merchant_id
    staff = session.exec(select(MerchantStaff).where(MerchantStaff.merchant_id != shop)).first()
    user = session.get(User, staff.user_id)
    return Actor(user.id, "merchant", user.display_name, staff.merchant_id, None)


def _refused(call, key: str) -> DomainError:
    with pytest.raises(DomainError) as err:
        call()
    assert err.value.key == key, err.value
    return err.value


def test_review_photos_are_prepared_public_and_shown_with_the_review(
    demo_session, customer, done, folders
):
    public, private = folders
    review = reviews.review_order(
        demo_session, customer, done.code, 5, 5, 4, "很满意", [_image(), _image(fmt="JPEG")]
    )
    assert len(review.photo_urls) == 2
    assert {f"/_upload/{p.name}" for p in _files(public)} == set(review.photo_urls)
    assert _files(private) == []
    for url in review.photo_urls:
        with Image.open(public / url.removeprefix("/_upload/")) as image:
            assert image.format == "JPEG" and max(image.size) == storage.PUBLIC_MAX_SIDE
    shown = reviews.technician_reviews(demo_session, done.technician_id, limit=1)[0]
    assert shown.photo_urls == review.photo_urls
    profile = profiles.technician_profile(demo_session, done.technician_id)
    assert profile.reviews[0].photo_urls == review.photo_urls


def test_review_photos_show_on_the_service_page(demo_session, customer, done):
    from salon_app.core.models import OrderItem

    review = reviews.review_order(demo_session, customer, done.code, 5, 5, 5, "", [_image()])
    service_id = demo_session.exec(
        select(OrderItem.service_id).where(OrderItem.order_id == done.id)
    ).first()
    shown = reviews.service_reviews(demo_session, service_id, limit=1)[0]
    assert shown.photo_urls == review.photo_urls


BAD_PHOTOS = {
    "text renamed .jpg": (lambda: ["不是图片\n".encode() * 100], "upload.not_an_image"),
    "gif": (lambda: [_image((40, 40), fmt="GIF")], "upload.not_an_image"),
    "over 5 MB": (lambda: [oversize_png()], "upload.too_large"),
    "one good, one bad": (lambda: [_image(), b"\x89PNG broken"], "upload.not_an_image"),
    "too many": (lambda: [_image((20, 20))] * 7, "review.too_many_photos"),
}


@pytest.mark.parametrize("case", list(BAD_PHOTOS))
def test_bad_review_photos_are_refused_and_store_nothing(
    demo_session, customer, done, folders, case
):
    make, key = BAD_PHOTOS[case]
    tech = demo_session.get(Technician, done.technician_id)
    count = tech.rating_count
    _refused(
        lambda: reviews.review_order(demo_session, customer, done.code, 5, 5, 5, "", make()), key
    )
    assert demo_session.exec(select(Review).where(Review.order_id == done.id)).all() == []
    demo_session.refresh(tech)
    assert tech.rating_count == count
    assert demo_session.get(type(done), done.id).status == "completed"
    assert _files(folders[0]) == [] and _files(folders[1]) == []


@pytest.mark.parametrize("case", list(BAD_PHOTOS))
def test_bad_complaint_photos_are_refused_and_store_nothing(
    demo_session, customer, done, folders, case
):
    make, key = BAD_PHOTOS[case]
    _refused(
        lambda: complaints.open_complaint(
            demo_session, customer, done.code, "after_sales", "发尾不齐", make()
        ),
        key,
    )
    assert demo_session.exec(select(Complaint).where(Complaint.order_id == done.id)).all() == []
    assert _files(folders[0]) == [] and _files(folders[1]) == []


def test_the_photo_limit_is_a_setting():
    from salon_app.core.settings import get_settings

    assert photos.photos_max() == 6  # the default
    os.environ["SALON_FEEDBACK_PHOTOS_MAX"] = "2"
    get_settings.cache_clear()
    try:
        assert photos.photos_max() == 2
        _refused(lambda: photos.prepare_photos([_image((8, 8))] * 3), "review.too_many_photos")
    finally:
        del os.environ["SALON_FEEDBACK_PHOTOS_MAX"]
        get_settings.cache_clear()


def test_a_failed_review_removes_its_stored_photos(demo_session, customer, done, folders):
    reviews.review_order(demo_session, customer, done.code, 5, 5, 5)
    _refused(
        lambda: reviews.review_order(demo_session, customer, done.code, 4, 4, 4, "", [_image()]),
        "review.already_reviewed",
    )
    assert _files(folders[0]) == []


def test_complaint_photos_are_private_and_only_the_people_concerned_see_them(
    demo_session, customer, done, folders
):
    public, private = folders
    filed = complaints.open_complaint(
        demo_session, customer, done.code, "complaint", "头皮被烫伤", [_image(), _image((300, 200))]
    )
    assert filed.photo_count == 2 and _files(public) == []
    keys = demo_session.get(Complaint, filed.id).photo_urls
    assert sorted(private / k for k in keys) == _files(private)
    assert all("_upload" not in k and not k.startswith("/") for k in keys)

    admin = auth.log_in(demo_session, ADMIN_PHONE, DEMO_PASSWORD).actor
    allowed = (customer, _tech_actor(demo_session, done), _shop_staff(demo_session, done), admin)
    for actor in allowed:
        shown = complaints.complaint_photos(demo_session, actor, filed.id)
        assert len(shown) == 2
        with Image.open(io.BytesIO(shown[0])) as image:
            assert image.format == "JPEG" and max(image.size) == storage.PUBLIC_MAX_SIDE

    stranger = journeys.sign_up(demo_session, "17600000031", "hello2026", "别的顾客")
    other_tech = journeys.sign_up(
        demo_session, "17600000032", "hello2026", "别的技师", role="technician"
    )
    for outsider in (stranger, other_tech, _other_shop(demo_session, done)):
        _refused(
            lambda o=outsider: complaints.complaint_photos(demo_session, o, filed.id),
            "complaint.not_found",
        )
    with pytest.raises(PermissionDenied):
        complaints.complaint_photos(demo_session, None, filed.id)
    _refused(
        lambda: complaints.complaint_photos(demo_session, admin, 999_999), "complaint.not_found"
    )
    # The views customers and technicians get carry a count, never the private keys.
    for view in (
        *complaints.order_complaints(demo_session, customer, done.code),
        *complaints.job_complaints(demo_session, _tech_actor(demo_session, done), done.code),
    ):
        assert view.photo_count == 2 and not any(k in repr(view) for k in keys)


def test_a_preview_is_checked_like_the_photo_itself():
    jpeg, thumb = photos.preview(_image())
    with Image.open(io.BytesIO(thumb)) as image:
        assert image.format == "JPEG" and max(image.size) == photos.PREVIEW_SIDE
    with Image.open(io.BytesIO(jpeg)) as image:
        assert max(image.size) == storage.PUBLIC_MAX_SIDE
    _refused(lambda: photos.preview(b"<svg/>"), "upload.not_an_image")
