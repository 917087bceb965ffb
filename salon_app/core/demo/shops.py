"""The shop side of the demo city: business hours, a closure, posts (岗位), a front desk,
technicians waiting for approval, 健康证 for every housekeeper, more announcements.

Added after the order history and without the city's RNG, so every other choice of the demo
city stays as it was.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from salon_app.core import crypto
from salon_app.core.demo import people
from salon_app.core.demo.catalogue_data import SERVICES
from salon_app.core.demo.training import add_demo_training
from salon_app.core.models import (
    Announcement,
    CaseStudy,
    Certificate,
    Merchant,
    MerchantStaff,
    Role,
    Service,
    ServiceArea,
    ShopClosure,
    ShopPost,
    ShopRole,
    Technician,
    TechnicianApplication,
    TechnicianPost,
    TechnicianService,
    User,
    WorkingHours,
)
from salon_app.core.services.auth import normalize_mobile

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEED = 2026  # as demo.seed: each technician's training draws from its own seeded RNG
# Business hours per shop (people.SHOPS order), local minutes, the same every day.
SHOP_HOURS: list[tuple[int, int]] = [(600, 1260), (600, 1320), (480, 1200)]
POSTS: list[dict[str, list[str]]] = [  # post -> the trades that hold it
    {"首席发型师": [], "发型师": ["hair"], "美容师": ["beauty"]},
    {"美甲师": ["nails"], "美容师": ["beauty"]},
    {"保洁员": ["housekeeping"]},
]
APPLICANTS: list[tuple[str, str, str, int, tuple[str, ...], str]] = [
    # (name, mobile, gender, years, skills, message to the shop)
    (
        "周晓雯",
        "13723450006",
        "female",
        6,
        ("日式剪发", "短发造型"),
        "在罗湖做了六年发型师，想来福田发展。",
    ),
    ("吴俊杰", "13723450007", "male", 2, ("男士油头",), "刚结业，希望跟着店里的老师多学习。"),
]
HEALTH_ISSUER = "深圳市疾病预防控制中心"


class DemoTech(Protocol):
    row: Technician
    category: str


def add_shop_details(
    session: Session,
    now: datetime,
    shops: list[Merchant],
    technicians: list[DemoTech],
    admin_id: int,
    password_hash: str,
) -> None:
    today = now.astimezone(SHANGHAI).date()
    owners = dict(
        session.exec(
            select(MerchantStaff.merchant_id, MerchantStaff.user_id).where(
                MerchantStaff.role == ShopRole.owner
            )
        ).all()
    )
    for shop, (start, end) in zip(shops, SHOP_HOURS, strict=True):
        shop.business_hours = {str(d): [[start, end]] for d in range(7)}
    first = shops[0]
    session.add(
        ShopClosure(
            merchant_id=first.id,
            first_day=today + timedelta(days=45),
            last_day=today + timedelta(days=46),
            reason="店内升级装修，暂停营业两天",
            created_by=owners[first.id],
            created_at=now,
        )
    )
    index, name, phone = people.FRONT_DESK
    desk = _user(session, phone, name, Role.merchant, password_hash, now)
    session.add(MerchantStaff(user_id=desk.id, merchant_id=shops[index].id, role="front_desk"))
    _posts(session, shops, technicians)
    _health_certificates(session, technicians, owners, admin_id, now)
    _applicants(session, first, password_hash, now)
    session.add_all(
        [
            Announcement(
                merchant_id=first.id,
                title="元旦假期照常营业",
                body="元旦三天假期照常营业（10:00–21:00），节日期间预约从速。",
                status="published",
                pinned=True,
                created_by=owners[first.id],
                created_at=now - timedelta(days=2),
                published_at=now - timedelta(days=2),
            ),
            Announcement(
                merchant_id=first.id,
                title="新款护发疗程预告",
                body="下月起推出头皮深层护理疗程，敬请期待。",
                created_by=owners[first.id],
                created_at=now - timedelta(hours=3),
            ),
        ]
    )
    session.flush()


def _user(
    session: Session, phone: str, name: str, role: Role, password_hash: str, now: datetime
) -> User:
    e164 = normalize_mobile(phone)
    user = User(
        phone=e164,
        phone_hash=crypto.lookup_hash(e164),
        password_hash=password_hash,
        display_name=name,
        role=role,
        created_at=now - timedelta(days=100),
    )
    session.add(user)
    session.flush()
    return user


def _posts(session: Session, shops: list[Merchant], technicians: list[DemoTech]) -> None:
    for shop, posts in zip(shops, POSTS, strict=True):
        rows = {name: ShopPost(merchant_id=shop.id, name=name) for name in posts}
        session.add_all(rows.values())
        session.flush()
        staff = [t for t in technicians if t.row.merchant_id == shop.id]
        for position, tech in enumerate(staff):
            for name, trades in posts.items():
                chief = not trades and position == 0  # the shop's first technician
                if chief or tech.category in trades:
                    session.add(TechnicianPost(technician_id=tech.row.id, post_id=rows[name].id))


def _health_certificates(
    session: Session,
    technicians: list[DemoTech],
    owners: dict[int, int],
    admin_id: int,
    now: datetime,
) -> None:
    """Every housekeeper holds a verified, unexpired 健康证 (家政 requires one); the first
    expires in 20 days, so the reminder job has something to say."""
    today = now.astimezone(SHANGHAI).date()
    housekeepers = [t for t in technicians if t.category == "housekeeping"]
    for n, tech in enumerate(housekeepers):
        row = session.exec(
            select(Certificate).where(
                Certificate.technician_id == tech.row.id, Certificate.cert_type == "health"
            )
        ).first()
        if row is None:
            row = Certificate(technician_id=tech.row.id, cert_type="health", name="健康证")
        expires = today + timedelta(days=20 if n == 0 else 60 + (tech.row.id * 37) % 300)
        row.issuer = HEALTH_ISSUER
        row.number = f"SZ-JK-{tech.row.id:06d}"
        row.issued_on = expires - timedelta(days=365)
        row.expires_on = expires
        row.status = "verified"
        row.verified_by = owners.get(tech.row.merchant_id, admin_id)
        row.verified_at = now - timedelta(days=30)
        session.add(row)


def _applicants(session: Session, shop: Merchant, password_hash: str, now: datetime) -> None:
    """Two hairdressers signed up and applied to the first shop: pending until it decides."""
    hair = {s.slug: s for s in session.exec(select(Service)).all()}
    today = now.astimezone(SHANGHAI).date()
    for n, (name, phone, gender, years, skills, message) in enumerate(APPLICANTS, start=1):
        user = _user(session, phone, name, Role.technician, password_hash, now)
        tech = Technician(
            user_id=user.id,
            display_name=name,
            gender=gender,
            years_experience=years,
            skills=list(skills),
            bio=f"从业{years}年，擅长{'、'.join(skills)}。",
            birth_date=date(today.year - 20 - years, 3, 15),
            home_lat=round(shop.lat + 0.01 * n, 6),
            home_lng=round(shop.lng - 0.01 * n, 6),
            status="pending",
            created_at=now - timedelta(days=3),
        )
        session.add(tech)
        session.flush()
        for weekday in range(7):
            session.add(
                WorkingHours(
                    technician_id=tech.id, weekday=weekday, start_minute=600, end_minute=1140
                )
            )
        for data in SERVICES:
            if data.category == "hair":
                session.add(
                    TechnicianService(
                        technician_id=tech.id,
                        service_id=hair[data.slug].id,
                        price_fen=data.price_min_fen,
                    )
                )
        session.add(
            ServiceArea(
                technician_id=tech.id,
                label=f"{shop.district}周边",
                center_lat=tech.home_lat,
                center_lng=tech.home_lng,
                radius_km=5.0,
            )
        )
        session.add(
            Certificate(
                technician_id=tech.id,
                cert_type="hairdresser",
                name="美发师职业技能等级证书（中级）",
                number=f"SZ-MF-{tech.id:06d}",
                issuer="深圳市人力资源和社会保障局",
                issued_on=(now - timedelta(days=400)).date(),
            )
        )
        session.add(
            CaseStudy(
                technician_id=tech.id,
                service_id=hair["haircut"].id,
                title="长发剪短发，清爽过夏",
                created_at=now - timedelta(days=3),
            )
        )
        add_demo_training(session, SEED, tech.id, "hair", None, now)
        session.add(
            TechnicianApplication(
                technician_id=tech.id,
                merchant_id=shop.id,
                message=message,
                created_at=now - timedelta(days=2),
            )
        )
