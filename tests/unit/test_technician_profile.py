"""A technician edits their own profile; customers see the result; bad input changes nothing."""

from __future__ import annotations

import io
import os
import struct
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import select

from salon_app.core.clock import local_today
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import (
    ADMIN_PHONE,
    CUSTOMER_PHONE,
    MERCHANT_PHONE,
    TECHNICIAN_PHONE,
)
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.integrations import storage
from salon_app.core.models import (
    CaseStudy,
    Certificate,
    Service,
    ServiceArea,
    Technician,
    TechnicianService,
    User,
    WorkingHours,
)
from salon_app.core.services import auth
from salon_app.core.services.technicians import own_profile as tp
from salon_app.core.services.technicians import public_profile as profiles
from salon_app.core.services.technicians.own_profile import BasicInfo, HoursRange
from tests.support import journeys
from tests.support.images import oversize_png

SHOP_STAFF_PHONE = "13723450004"  # 李店长, staff (not owner) of the demo technician's shop
OTHER_SHOP_OWNER_PHONE = "13723450002"


@pytest.fixture(autouse=True)
def public_dir(tmp_path, monkeypatch) -> Path:
    """Each test gets its own public upload folder (the private one is under the instance)."""
    folder = tmp_path / "uploaded_files"
    monkeypatch.setenv("REFLEX_UPLOADED_FILES_DIR", str(folder))
    return folder


def _actor(session, phone):
    return auth.log_in(session, phone, DEMO_PASSWORD).actor


@pytest.fixture
def newcomer(demo_session):
    """A technician without a shop, signed up just now."""
    return journeys.sign_up(demo_session, "17600000002", "hello2026", "新技师", role="technician")


def _image(size=(64, 48), fmt="PNG", color=(200, 80, 120), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt, **save)
    return out.getvalue()


def _service(session, slug) -> Service:
    return session.exec(select(Service).where(Service.slug == slug)).one()


def _snapshot(session, tech_id: int) -> tuple:
    """Everything a refused edit must leave as it was, read fresh from the database."""
    session.rollback()
    t = session.get(Technician, tech_id)

    def rows(model, *cols):
        query = select(*cols).where(model.technician_id == tech_id)
        return sorted(tuple(r) for r in session.exec(query).all())

    return (
        (t.display_name, t.gender, t.birth_date, t.years_experience, list(t.skills), t.bio),
        t.photo_url,
        rows(
            WorkingHours, WorkingHours.weekday, WorkingHours.start_minute, WorkingHours.end_minute
        ),
        rows(ServiceArea, ServiceArea.label, ServiceArea.radius_km),
        rows(TechnicianService, TechnicianService.service_id, TechnicianService.price_fen),
        rows(Certificate, Certificate.name, Certificate.scan_path),
        rows(CaseStudy, CaseStudy.title, CaseStudy.before_url),
    )


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _refused(call, key: str) -> DomainError:
    with pytest.raises(DomainError) as err:
        call()
    assert err.value.key == key, err.value
    return err.value


# --- basic facts ---------------------------------------------------------------------------

BIRTH_32 = local_today() - timedelta(days=32 * 365 + 10)


def _basic(**changes) -> BasicInfo:
    values = dict(
        display_name="周晓峰",
        gender="male",
        birth_date=BIRTH_32,
        years_experience=10,
        skills=["日式剪发", "渐变油头"],
        bio="从业十年，擅长短发设计。",
    )
    return BasicInfo(**(values | changes))


def test_technician_edits_basic_facts_and_customers_see_them(demo_session, tech):
    saved = tp.update_basic(
        demo_session,
        tech,
        _basic(display_name=" 周老师 ", skills=["剪发", " 剪发", "", "烫发"], bio="新的简介"),
    )
    assert saved.display_name == "周老师" and saved.skills == ["剪发", "烫发"]
    public = profiles.technician_profile(demo_session, tech.technician_id)
    assert (public.display_name, public.bio, public.skills) == (
        "周老师",
        "新的简介",
        ["剪发", "烫发"],
    )
    assert public.age == 32 and public.years_experience == 10
    assert demo_session.get(User, tech.user_id).display_name == "周老师"  # the header follows
    mine = tp.my_profile(demo_session, tech)
    assert mine.basic == saved and mine.age == 32


TOO_YOUNG = local_today() - timedelta(days=15 * 365 + 100)
TOO_OLD = local_today() - timedelta(days=82 * 365)


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"display_name": "  "}, "tech_profile.name_required"),
        ({"display_name": "名" * 21}, "tech_profile.name_too_long"),
        ({"gender": "other"}, "tech_profile.gender_invalid"),
        ({"gender": ""}, "tech_profile.gender_invalid"),
        ({"birth_date": TOO_YOUNG, "years_experience": 0}, "tech_profile.age_out_of_range"),
        ({"birth_date": TOO_OLD}, "tech_profile.age_out_of_range"),
        ({"years_experience": -1}, "tech_profile.years_out_of_range"),
        ({"years_experience": 61, "birth_date": None}, "tech_profile.years_out_of_range"),
        ({"years_experience": 19}, "tech_profile.years_exceed_age"),  # 32 years old
        ({"bio": "长" * 501}, "tech_profile.bio_too_long"),
        ({"skills": [f"技能{i}" for i in range(11)]}, "tech_profile.too_many_skills"),
        ({"skills": ["长" * 13]}, "tech_profile.skill_too_long"),
    ],
)
def test_bad_basic_facts_are_refused_and_change_nothing(demo_session, tech, changes, key):
    before = _snapshot(demo_session, tech.technician_id)
    _refused(lambda: tp.update_basic(demo_session, tech, _basic(**changes)), key)
    assert _snapshot(demo_session, tech.technician_id) == before


# --- photo and image validation --------------------------------------------------------------


def test_photo_is_reencoded_resized_and_served_from_the_upload_folder(
    demo_session, tech, public_dir
):
    url = tp.set_photo(demo_session, tech, _image((2000, 1000)), "me.png")
    assert url.startswith("/_upload/") and url.endswith(".jpg")
    stored = public_dir / url.removeprefix("/_upload/")
    with Image.open(stored) as image:
        assert (image.format, image.size) == ("JPEG", (1024, 512))
    assert profiles.technician_profile(demo_session, tech.technician_id).photo_url == url

    second = tp.set_photo(demo_session, tech, _image(fmt="JPEG"), "again.jpg")
    assert second != url and not stored.exists()  # the replaced photo is deleted
    assert _files(public_dir) == [public_dir / second.removeprefix("/_upload/")]


def _truncated_jpeg() -> bytes:
    noisy = Image.frombytes("RGB", (256, 256), os.urandom(256 * 256 * 3))
    out = io.BytesIO()
    noisy.save(out, "JPEG", quality=95)
    return out.getvalue()[: out.tell() // 2]


def _bomb_png(width: int, height: int) -> bytes:
    """A real PNG from Pillow whose header then claims huge dimensions (small on disk)."""
    data = bytearray(_image((8, 8)))
    ihdr = 8  # after the PNG signature: length, b"IHDR", width, height, ...
    struct.pack_into(">II", data, ihdr + 8, width, height)
    crc = zlib.crc32(bytes(data[ihdr + 4 : ihdr + 8 + 13]))
    struct.pack_into(">I", data, ihdr + 8 + 13, crc)
    return bytes(data)


def _over_40_megapixels_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (7000, 6000)).save(out, "PNG")  # 42 MP, a few KB on disk
    assert out.tell() < 100_000
    return out.getvalue()


BAD_UPLOADS = {
    "text renamed .jpg": (lambda: "不是图片\n".encode() * 100, "upload.not_an_image"),
    "truncated jpeg": (_truncated_jpeg, "upload.not_an_image"),
    "gif": (lambda: _image(fmt="GIF"), "upload.not_an_image"),
    "empty": (lambda: b"", "upload.empty"),
    "over 5 MB": (oversize_png, "upload.too_large"),
    "42 megapixels": (_over_40_megapixels_png, "upload.too_many_pixels"),
    "decompression bomb": (lambda: _bomb_png(50_000, 50_000), "upload.too_many_pixels"),
}


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_bad_uploads_are_refused_and_store_nothing(demo_session, tech, public_dir, case):
    make, key = BAD_UPLOADS[case]
    data = make()
    before = _snapshot(demo_session, tech.technician_id)
    private = _files(storage.private_dir())  # (other records' scans, e.g. shop licences)
    _refused(lambda: tp.set_photo(demo_session, tech, data, "photo.jpg"), key)
    _refused(lambda: tp.add_certificate(demo_session, tech, "证书", "", None, data), key)
    case_key = "tech_profile.case_photos_required" if not data else key  # empty = missing
    _refused(lambda: tp.add_case_study(demo_session, tech, "案例", None, data, _image()), case_key)
    assert _snapshot(demo_session, tech.technician_id) == before
    assert _files(public_dir) == [] and _files(storage.private_dir()) == private


def test_the_decompression_bomb_is_refused_before_decoding(demo_session, tech):
    with pytest.raises(DomainError) as err:
        tp.prepare_upload(demo_session, tech, _bomb_png(100_000, 100_000))
    assert isinstance(err.value.__cause__, Image.DecompressionBombError)


def test_exif_and_gps_are_stripped_and_orientation_applied(demo_session, tech, public_dir):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif.get_ifd(0x8825)[2] = (22.0, 32.0, 0.0)  # GPSLatitude
    for fmt in ("PNG", "JPEG"):
        raw = _image((80, 40), fmt=fmt, exif=exif)
        assert b"SecretCam" in raw
        url = tp.set_photo(demo_session, tech, raw, f"x.{fmt.lower()}")
        stored = (public_dir / url.removeprefix("/_upload/")).read_bytes()
        assert b"SecretCam" not in stored and b"Exif" not in stored
        with Image.open(io.BytesIO(stored)) as image:
            assert image.format == "JPEG" and not image.getexif()
            assert image.size == (40, 80)  # shown upright, as the phone meant it


# --- certificates: the private scan ------------------------------------------------------------


def test_certificate_scan_is_private_and_readable_by_owner_shop_and_admin(
    demo_session, tech, newcomer, public_dir
):
    item = tp.add_certificate(
        demo_session, tech, "美发师高级证书", "深圳市人社局", date(2020, 5, 1), _image((3000, 2000))
    )
    assert item.has_scan and not item.verified
    key = demo_session.get(Certificate, item.id).scan_path
    path = storage.private_dir() / key
    assert path.is_file() and _files(public_dir) == []
    assert storage.public_dir() not in path.parents and "_upload" not in key
    for phone in (TECHNICIAN_PHONE, MERCHANT_PHONE, SHOP_STAFF_PHONE, ADMIN_PHONE):
        scan = tp.certificate_scan(demo_session, _actor(demo_session, phone), item.id)
        with Image.open(io.BytesIO(scan)) as image:
            assert image.format == "JPEG" and max(image.size) == storage.SCAN_MAX_SIDE
    other_shop = _actor(demo_session, OTHER_SHOP_OWNER_PHONE)
    for outsider in (newcomer, other_shop):
        _refused(
            lambda o=outsider: tp.certificate_scan(demo_session, o, item.id),
            "tech_profile.certificate_not_found",
        )
    with pytest.raises(PermissionDenied):
        tp.certificate_scan(demo_session, _actor(demo_session, CUSTOMER_PHONE), item.id)
    public = profiles.technician_profile(demo_session, tech.technician_id)
    assert "美发师高级证书" in [c.name for c in public.certificates]


def test_certificate_without_scan_reads_as_none_and_is_removed_with_its_scan(demo_session, tech):
    plain = tp.add_certificate(demo_session, tech, "健康证", "", None)
    assert tp.certificate_scan(demo_session, tech, plain.id) is None
    scanned = tp.add_certificate(demo_session, tech, "色彩证书", "协会", None, _image())
    key = demo_session.get(Certificate, scanned.id).scan_path
    tp.remove_certificate(demo_session, tech, scanned.id)
    assert demo_session.get(Certificate, scanned.id) is None
    assert not (storage.private_dir() / key).exists()


@pytest.mark.parametrize(
    ("name", "issuer", "issued_on", "key"),
    [
        ("", "", None, "tech_profile.certificate_name_required"),
        ("证" * 61, "", None, "tech_profile.certificate_too_long"),
        ("证书", "机" * 61, None, "tech_profile.certificate_too_long"),
        ("证书", "", local_today() + timedelta(days=2), "tech_profile.certificate_date_invalid"),
        ("证书", "", date(1949, 12, 31), "tech_profile.certificate_date_invalid"),
    ],
)
def test_bad_certificates_are_refused(demo_session, tech, name, issuer, issued_on, key):
    before = _snapshot(demo_session, tech.technician_id)
    _refused(lambda: tp.add_certificate(demo_session, tech, name, issuer, issued_on), key)
    assert _snapshot(demo_session, tech.technician_id) == before


def test_a_technician_cannot_touch_another_technicians_rows(demo_session, tech, newcomer):
    cert = tp.add_certificate(demo_session, tech, "证书", "", None, _image())
    case = tp.add_case_study(demo_session, tech, "案例", None, _image(), _image())
    haircut = _service(demo_session, "haircut")
    before = _snapshot(demo_session, tech.technician_id)
    _refused(
        lambda: tp.remove_certificate(demo_session, newcomer, cert.id),
        "tech_profile.certificate_not_found",
    )
    _refused(
        lambda: tp.remove_case_study(demo_session, newcomer, case.id), "tech_profile.case_not_found"
    )
    _refused(
        lambda: tp.remove_price(demo_session, newcomer, haircut.id), "tech_profile.price_not_found"
    )
    tp.set_price(demo_session, newcomer, haircut.id, 9900)  # their own row, not the other's
    assert _snapshot(demo_session, tech.technician_id) == before
    assert [c.id for c in tp.my_profile(demo_session, newcomer).certificates] == []


# --- case studies ------------------------------------------------------------------------------


def test_case_study_photos_are_public_and_customers_see_the_case(demo_session, tech, public_dir):
    haircut = _service(demo_session, "haircut")
    case = tp.add_case_study(
        demo_session, tech, "短发改造", haircut.id, _image((1600, 1200)), _image(fmt="JPEG")
    )
    assert {case.before_url, case.after_url} <= {f"/_upload/{p.name}" for p in _files(public_dir)}
    public = profiles.technician_profile(demo_session, tech.technician_id)
    assert ("短发改造", "剪发") in [(c.title, c.service_name) for c in public.case_studies]
    tp.remove_case_study(demo_session, tech, case.id)
    assert _files(public_dir) == []


@pytest.mark.parametrize(
    ("title", "service_id", "photos", "key"),
    [
        ("", None, 2, "tech_profile.case_title_required"),
        ("案" * 61, None, 2, "tech_profile.case_title_too_long"),
        ("案例", 999_999, 2, "tech_profile.service_not_found"),
        ("案例", None, 1, "tech_profile.case_photos_required"),
    ],
)
def test_bad_case_studies_are_refused(
    demo_session, tech, public_dir, title, service_id, photos, key
):
    before = _snapshot(demo_session, tech.technician_id)
    after = _image() if photos == 2 else None
    _refused(lambda: tp.add_case_study(demo_session, tech, title, service_id, _image(), after), key)
    assert _snapshot(demo_session, tech.technician_id) == before and _files(public_dir) == []


# --- weekly hours --------------------------------------------------------------------------------


def _hours(demo_session, tech_id: int) -> list[tuple[int, int, int]]:
    rows = demo_session.exec(select(WorkingHours).where(WorkingHours.technician_id == tech_id))
    return sorted((h.weekday, h.start_minute, h.end_minute) for h in rows)


def test_weekly_hours_are_replaced_as_a_whole(demo_session, tech):
    saved = tp.replace_working_hours(
        demo_session,
        tech,
        [
            HoursRange(2, "14:00", "18:00"),
            HoursRange(0, "09:30", "12:00"),
            HoursRange(0, "12:00", "24:00"),  # touching is not overlapping
        ],
    )
    assert [(h.weekday, h.start, h.end) for h in saved] == [
        (0, "09:30", "12:00"),
        (0, "12:00", "24:00"),
        (2, "14:00", "18:00"),
    ]
    assert _hours(demo_session, tech.technician_id) == [
        (0, 570, 720),
        (0, 720, 1440),
        (2, 840, 1080),
    ]
    assert tp.my_profile(demo_session, tech).hours == saved
    tp.replace_working_hours(demo_session, tech, [])
    assert _hours(demo_session, tech.technician_id) == []


@pytest.mark.parametrize(
    ("ranges", "key", "weekday"),
    [
        ([(1, "09:00", "13:00"), (1, "12:30", "18:00")], "tech_profile.hours_overlap", 1),
        ([(4, "09:00", "18:00"), (4, "10:00", "11:00")], "tech_profile.hours_overlap", 4),
        ([(3, "18:00", "09:00")], "tech_profile.hours_end_before_start", 3),
        ([(3, "10:00", "10:00")], "tech_profile.hours_end_before_start", 3),
        ([(0, "25:00", "26:00")], "tech_profile.time_invalid", None),
        ([(0, "9:00", "12:00")], "tech_profile.time_invalid", None),
        ([(0, "24:00", "24:00")], "tech_profile.time_invalid", None),
        ([(7, "09:00", "12:00")], "tech_profile.weekday_invalid", None),
        (
            [(5, f"{h:02d}:00", f"{h:02d}:30") for h in range(8, 11)],
            "tech_profile.hours_too_many",
            None,
        ),
    ],
)
def test_bad_weekly_hours_are_refused_and_change_nothing(demo_session, tech, ranges, key, weekday):
    before = _snapshot(demo_session, tech.technician_id)
    assert before[2]  # the demo technician has hours to lose
    err = _refused(
        lambda: tp.replace_working_hours(demo_session, tech, [HoursRange(*r) for r in ranges]), key
    )
    if weekday is not None:
        assert err.params["weekday"] == weekday
    assert _snapshot(demo_session, tech.technician_id) == before


# --- service area --------------------------------------------------------------------------------


def test_service_area_is_geocoded_and_replaces_the_old_one(demo_session, tech):
    area = tp.set_service_area(demo_session, tech, "福田区福华三路268号 3栋1202", 8)
    assert (area.label, area.radius_km) == ("福田区福华三路周边", 8.0)  # no house number shown
    rows = demo_session.exec(
        select(ServiceArea).where(ServiceArea.technician_id == tech.technician_id)
    ).all()
    assert len(rows) == 1 and rows[0].center_lat == pytest.approx(22.53, abs=0.05)
    assert profiles.technician_profile(demo_session, tech.technician_id).areas == [
        "福田区福华三路周边（8 km）"
    ]
    assert tp.my_profile(demo_session, tech).area == area


@pytest.mark.parametrize(
    ("address", "radius", "key"),
    [
        ("福田区福华三路", 0.5, "tech_profile.radius_out_of_range"),
        ("福田区福华三路", 31, "tech_profile.radius_out_of_range"),
        ("火星基地一号", 5, "booking.address_not_found"),
        ("  ", 5, "validation.required"),
    ],
)
def test_bad_service_areas_are_refused(demo_session, tech, address, radius, key):
    before = _snapshot(demo_session, tech.technician_id)
    _refused(lambda: tp.set_service_area(demo_session, tech, address, radius), key)
    assert _snapshot(demo_session, tech.technician_id) == before


# --- prices ---------------------------------------------------------------------------------


def _offer_prices(demo_session, tech_id: int) -> dict[str, int]:
    return {o.slug: o.price_fen for o in profiles.technician_profile(demo_session, tech_id).offers}


def test_price_changes_show_on_the_customer_facing_profile(demo_session, tech):
    haircut, care = _service(demo_session, "haircut"), _service(demo_session, "hair-care")
    tp.set_price(demo_session, tech, haircut.id, 15800)
    tp.remove_price(demo_session, tech, care.id)
    prices = _offer_prices(demo_session, tech.technician_id)
    assert prices["haircut"] == 15800 and "hair-care" not in prices
    tp.set_price(demo_session, tech, care.id, care.price_min_fen)  # offered again, at the floor
    assert _offer_prices(demo_session, tech.technician_id)["hair-care"] == care.price_min_fen
    mine = {p.slug: p for p in tp.my_profile(demo_session, tech).prices}
    assert mine["haircut"].price_fen == 15800 and mine["haircut"].price_min_fen == 6800
    assert mine["daily-cleaning"].price_fen is None  # offerable, not offered


@pytest.mark.parametrize(("price", "range_"), [(6799, ("68", "298")), (29801, ("68", "298"))])
def test_price_outside_the_service_range_is_refused(demo_session, tech, price, range_):
    haircut = _service(demo_session, "haircut")
    before = _snapshot(demo_session, tech.technician_id)
    err = _refused(
        lambda: tp.set_price(demo_session, tech, haircut.id, price),
        "tech_profile.price_out_of_range",
    )
    assert (err.params["low"], err.params["high"]) == range_
    assert _snapshot(demo_session, tech.technician_id) == before


def test_services_a_technician_cannot_deliver_are_refused(demo_session, newcomer):
    colour = _service(demo_session, "hair-colour")  # in the shop only; the newcomer has none
    _refused(
        lambda: tp.set_price(demo_session, newcomer, colour.id, colour.price_min_fen),
        "tech_profile.service_needs_shop",
    )
    assert "hair-colour" not in {p.slug for p in tp.my_profile(demo_session, newcomer).prices}
    colour.is_active = False
    demo_session.add(colour)
    demo_session.commit()
    for service_id in (colour.id, 999_999):
        _refused(
            lambda s=service_id: tp.set_price(demo_session, newcomer, s, 10000),
            "tech_profile.service_not_found",
        )


@pytest.mark.parametrize(
    ("typed", "fen"), [("88", 8800), (" 88.5 ", 8850), ("¥0.01", 1), ("120.00", 12000)]
)
def test_prices_typed_in_yuan_become_fen(typed, fen):
    assert tp.yuan_to_fen(typed) == fen


@pytest.mark.parametrize("typed", ["", "abc", "-5", "1.005", "NaN", "inf", "1e400000"])
def test_prices_that_are_not_amounts_are_refused(typed):
    _refused(lambda: tp.yuan_to_fen(typed), "tech_profile.price_invalid")


# --- who may call ---------------------------------------------------------------------------

EDITS = {
    "my_profile": lambda s, a: tp.my_profile(s, a),
    "update_basic": lambda s, a: tp.update_basic(s, a, _basic()),
    "set_photo": lambda s, a: tp.set_photo(s, a, _image(), "p.png"),
    "add_certificate": lambda s, a: tp.add_certificate(s, a, "证书", "", None),
    "remove_certificate": lambda s, a: tp.remove_certificate(s, a, 1),
    "add_case_study": lambda s, a: tp.add_case_study(s, a, "案例", None, _image(), _image()),
    "remove_case_study": lambda s, a: tp.remove_case_study(s, a, 1),
    "replace_working_hours": lambda s, a: tp.replace_working_hours(s, a, []),
    "set_service_area": lambda s, a: tp.set_service_area(s, a, "福田区", 5),
    "set_price": lambda s, a: tp.set_price(s, a, 1, 10000),
    "remove_price": lambda s, a: tp.remove_price(s, a, 1),
}


@pytest.mark.parametrize("phone", [None, CUSTOMER_PHONE, MERCHANT_PHONE, ADMIN_PHONE])
@pytest.mark.parametrize("edit", list(EDITS))
def test_only_technicians_may_edit_a_technician_profile(demo_session, public_dir, phone, edit):
    actor = _actor(demo_session, phone) if phone else None
    with pytest.raises(PermissionDenied):
        EDITS[edit](demo_session, actor)
    assert _files(public_dir) == []
