"""Certificates: edits send a verified certificate back to pending, shops and the platform
decide, a category's required certificate keeps the unqualified out of discovery, dispatch
and booking, and expiry reminders go out once at 30 and 7 days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from salon_app.core.clock import local_today, utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.integrations import storage
from salon_app.core.models import (
    Certificate,
    CertificateReminder,
    Notification,
    Service,
    ServiceArea,
    Technician,
)
from salon_app.core.services.booking import BookingRequest, book
from salon_app.core.services.certificates import (
    CertificateDetails,
    platform_decide,
    remind_expiring_certificates,
    set_required_certificate,
    update_certificate,
)
from salon_app.core.services.discovery import TechnicianFilter, search_technicians
from salon_app.core.services.dispatch.scoring import Job
from salon_app.core.services.merchants import (
    shop_certificate_scan,
    shop_page,
    shop_reject_certificate,
    shop_technicians,
    shop_verify_certificate,
)
from salon_app.core.services.technicians.showcase import add_certificate
from tests.support.journeys import technician_actor
from tests.support.shops import FRONT_DESK, OTHER_OWNER, OWNER, login
from tests.unit.test_shop_media import _png

HOUSEKEEPING_OWNER = "13723450003"  # 孙建国, 安居到家


def _health(session, tech_id: int) -> Certificate:
    return session.exec(
        select(Certificate).where(
            Certificate.technician_id == tech_id, Certificate.cert_type == "health"
        )
    ).one()


def _housekeeper(session) -> Technician:
    """The housekeeping shop's first technician (every demo housekeeper holds a 健康证)."""
    owner = login(session, HOUSEKEEPING_OWNER)
    return session.exec(
        select(Technician)
        .where(Technician.merchant_id == owner.merchant_id)
        .order_by(Technician.id)
    ).first()


def _details(cert: Certificate, **changes) -> CertificateDetails:
    fields = {
        "cert_type": cert.cert_type,
        "name": cert.name,
        "number": cert.number,
        "issuer": cert.issuer,
        "issued_on": cert.issued_on,
        "expires_on": cert.expires_on,
    }
    return CertificateDetails(**{**fields, **changes})


def _found(session, tech: Technician) -> dict[str, bool]:
    """Whether search lists the housekeeper for 深度清洁 and dispatch reads them as eligible."""
    from salon_app.core.services.dispatch.candidates import read

    cleaning = session.exec(select(Service).where(Service.slug == "deep-cleaning")).one()
    area = session.exec(select(ServiceArea).where(ServiceArea.technician_id == tech.id)).first()
    place = (area.center_lat, area.center_lng)
    job = Job(cleaning.id, utcnow() + timedelta(days=2), cleaning.duration_min, place, True)
    searched = search_technicians(session, TechnicianFilter(cleaning.id))
    readings = read(session, job, cleaning.name, [tech.id], utcnow(), 50.0)
    return {"search": tech.id in {c.id for c in searched}, "dispatch": bool(readings)}


def test_editing_a_verified_certificate_sends_it_back_to_pending(demo_session, tech):
    cert = demo_session.exec(
        select(Certificate).where(
            Certificate.technician_id == tech.technician_id, Certificate.status == "verified"
        )
    ).first()
    same = update_certificate(demo_session, tech, cert.id, _details(cert))
    assert same.status == "verified"  # saving the same details changes nothing
    edited = update_certificate(demo_session, tech, cert.id, _details(cert, number="SZ-001"))
    assert (edited.status, edited.verified_at, edited.number) == ("pending", None, "SZ-001")


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"cert_type": "pilot"}, "certificate.type_invalid"),
        ({"name": ""}, "validation.required"),
        ({"number": "9" * 41}, "validation.too_long"),
        (
            {"issued_on": date(2020, 1, 1), "expires_on": date(2019, 1, 1)},
            "certificate.expiry_before_issue",
        ),
    ],
)
def test_bad_certificate_edits_change_nothing(demo_session, tech, changes, key):
    cert = demo_session.exec(
        select(Certificate).where(Certificate.technician_id == tech.technician_id)
    ).first()
    before = (cert.cert_type, cert.name, cert.number, cert.status)
    with pytest.raises(DomainError) as err:
        update_certificate(demo_session, tech, cert.id, _details(cert, **changes))
    assert err.value.key == key
    demo_session.refresh(cert)
    assert (cert.cert_type, cert.name, cert.number, cert.status) == before


def test_another_technicians_certificate_is_not_found(demo_session, tech):
    cert = _health(demo_session, _housekeeper(demo_session).id)
    with pytest.raises(DomainError) as err:
        update_certificate(demo_session, tech, cert.id, _details(cert, number="X"))
    assert err.value.key == "tech_profile.certificate_not_found"


def test_a_housekeeper_without_a_valid_health_certificate_drops_out(demo_session, customer):
    keeper = _housekeeper(demo_session)
    assert _found(demo_session, keeper) == {"search": True, "dispatch": True}
    cert = _health(demo_session, keeper.id)
    actor = technician_actor(demo_session, keeper.id)
    renewed = cert.expires_on + timedelta(days=365)
    update_certificate(demo_session, actor, cert.id, _details(cert, expires_on=renewed))
    assert _found(demo_session, keeper) == {"search": False, "dispatch": False}
    cleaning = demo_session.exec(select(Service).where(Service.slug == "deep-cleaning")).one()
    request = BookingRequest(
        cleaning.id,
        keeper.id,
        utcnow() + timedelta(days=2),
        at_home=True,
        address="福田区深南大道6008号",
    )
    with pytest.raises(DomainError) as err:
        book(demo_session, customer, request)
    assert err.value.key == "certificate.not_qualified"
    shop_verify_certificate(demo_session, login(demo_session, HOUSEKEEPING_OWNER), cert.id)
    assert _found(demo_session, keeper) == {"search": True, "dispatch": True}
    # An expired certificate counts as none.
    cert = _health(demo_session, keeper.id)
    cert.expires_on = local_today() - timedelta(days=1)
    demo_session.add(cert)
    demo_session.commit()
    assert _found(demo_session, keeper) == {"search": False, "dispatch": False}


def test_a_category_without_a_requirement_needs_no_certificate(demo_session, admin):
    keeper = _housekeeper(demo_session)
    cert = _health(demo_session, keeper.id)
    cert.status = "rejected"
    demo_session.add(cert)
    demo_session.commit()
    assert _found(demo_session, keeper) == {"search": False, "dispatch": False}
    housekeeping = demo_session.exec(
        select(Service.category_id).where(Service.slug == "deep-cleaning")
    ).one()
    with pytest.raises(PermissionDenied):
        set_required_certificate(demo_session, login(demo_session, OWNER), housekeeping, "")
    with pytest.raises(DomainError) as err:
        set_required_certificate(demo_session, admin, housekeeping, "pilot")
    assert err.value.key == "certificate.type_invalid"
    set_required_certificate(demo_session, admin, housekeeping, "")
    assert _found(demo_session, keeper)["search"]


@pytest.fixture
def scans(demo_session):
    """Certificate scans saved by a test are removed after it (the private folder is shared)."""
    yield
    for key in demo_session.exec(select(Certificate.scan_path).where(Certificate.scan_path != "")):
        storage.delete_private(key)


def test_the_shop_decides_its_applicants_certificates_and_reads_their_scans(demo_session, scans):
    owner, other = login(demo_session, OWNER), login(demo_session, OTHER_OWNER)
    applicant = demo_session.exec(
        select(Technician).where(Technician.display_name == "周晓雯")
    ).one()
    item = add_certificate(
        demo_session,
        technician_actor(demo_session, applicant.id),
        "健康证",
        "深圳市疾病预防控制中心",
        local_today() - timedelta(days=10),
        scan=_png(),
        cert_type="health",
        number="JK-1",
        expires_on=local_today() + timedelta(days=355),
    )
    assert shop_certificate_scan(demo_session, owner, item.id)[:2] == b"\xff\xd8"
    with pytest.raises(DomainError) as err:  # another shop: not found
        shop_verify_certificate(demo_session, other, item.id)
    assert err.value.key == "tech_profile.certificate_not_found"
    with pytest.raises(DomainError) as err:
        shop_certificate_scan(demo_session, other, item.id)
    assert err.value.key == "tech_profile.certificate_not_found"
    with pytest.raises(DomainError) as err:
        shop_reject_certificate(demo_session, other, item.id, "不是我们的")
    assert err.value.key == "tech_profile.certificate_not_found"
    with pytest.raises(PermissionDenied):
        shop_verify_certificate(demo_session, login(demo_session, FRONT_DESK), item.id)
    with pytest.raises(DomainError) as err:
        shop_reject_certificate(demo_session, owner, item.id, "")
    assert err.value.key == "validation.required"
    row = shop_reject_certificate(demo_session, owner, item.id, "照片模糊，请重新上传")
    assert (row.status, row.status_reason) == ("rejected", "照片模糊，请重新上传")
    shop_reject_certificate(demo_session, owner, item.id, "照片模糊，请重新上传")  # a double click
    with pytest.raises(DomainError) as err:
        shop_verify_certificate(demo_session, owner, item.id)
    assert err.value.key == "certificate.already_decided"
    notes = demo_session.exec(
        select(Notification.key).where(Notification.user_id == applicant.user_id)
    ).all()
    assert notes == ["certificate.rejected_notice"]


def test_the_platform_verifies_an_independents_certificate(demo_session, admin):
    independent = demo_session.exec(
        select(Technician).where(Technician.merchant_id.is_(None), Technician.status == "active")
    ).first()
    cert = demo_session.exec(
        select(Certificate).where(
            Certificate.technician_id == independent.id, Certificate.status == "pending"
        )
    ).first()
    with pytest.raises(PermissionDenied):
        platform_decide(demo_session, login(demo_session, OWNER), cert.id, True)
    assert platform_decide(demo_session, admin, cert.id, True).status == "verified"


def test_the_shop_lists_its_technicians_with_expiring_certificates(demo_session):
    owner = login(demo_session, HOUSEKEEPING_OWNER)
    team = shop_technicians(demo_session, owner)
    assert team and all(m.status == "active" for m in team)
    first = next(m for m in team if m.technician_id == _housekeeper(demo_session).id)
    health = next(c for c in first.certificates if c.cert_type == "health")
    assert health.expiring_soon and not health.expired  # the demo's: 20 days left
    assert _housekeeper(demo_session).id not in {
        m.technician_id for m in shop_technicians(demo_session, login(demo_session, OWNER))
    }


def test_expiry_reminders_go_out_once_at_thirty_and_at_seven_days(demo_session):
    keeper = _housekeeper(demo_session)
    cert = _health(demo_session, keeper.id)
    days_left = (cert.expires_on - local_today()).days
    assert days_left == 20
    now = utcnow()

    def reminded() -> list[tuple]:
        rows = demo_session.exec(
            select(Notification.params)
            .where(
                Notification.user_id == keeper.user_id,
                Notification.key == "certificate.expiring_notice",
            )
            .order_by(Notification.id)
        ).all()
        return [(p["name"], p["days"]) for p in rows]

    sent = remind_expiring_certificates(demo_session, now)
    assert sent >= 1 and reminded() == [("健康证", 20)]
    assert remind_expiring_certificates(demo_session, now) == 0  # the job ran twice
    assert remind_expiring_certificates(demo_session, now + timedelta(days=5)) == 0
    remind_expiring_certificates(demo_session, now + timedelta(days=14))  # 6 days left
    assert reminded() == [("健康证", 20), ("健康证", 6)]
    assert remind_expiring_certificates(demo_session, now + timedelta(days=15)) == 0
    count = select(func.count()).where(CertificateReminder.certificate_id == cert.id)
    assert demo_session.exec(count.select_from(CertificateReminder)).one() == 2


def test_the_shop_page_lists_only_services_its_technicians_qualify_for(demo_session):
    shop_id = login(demo_session, HOUSEKEEPING_OWNER).merchant_id
    assert {s.category for s in shop_page(demo_session, shop_id).services} == {"家政"}
    keepers = demo_session.exec(select(Technician.id).where(Technician.merchant_id == shop_id))
    for tech_id in keepers.all():
        cert = _health(demo_session, tech_id)
        cert.status = "rejected"
        demo_session.add(cert)
    demo_session.commit()
    assert shop_page(demo_session, shop_id).services == []
    assert shop_page(demo_session, 1).services  # the hair salon needs no certificate
