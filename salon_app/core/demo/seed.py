"""The demo city: a small Shenzhen with shops, technicians, customers and their order history.

Loaded only into a database without users, so it is safe to call on every start.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from salon_app.core import crypto
from salon_app.core.clock import utcnow
from salon_app.core.demo import people
from salon_app.core.demo.campaigns import add_demo_campaigns
from salon_app.core.demo.catalogue_data import CATEGORIES, SERVICES, category_of
from salon_app.core.demo.community import seed_community
from salon_app.core.demo.coupons import seed_coupons
from salon_app.core.demo.courses import add_demo_courses
from salon_app.core.demo.habits import add_regular_customers
from salon_app.core.demo.incentives import seed_incentives
from salon_app.core.demo.learning_activities import add_learning_activities
from salon_app.core.demo.logins import (
    ADMIN_PHONE,
    CUSTOMER_PHONE,
    DEMO_PASSWORD,
    FINANCE_PHONE,
    OPERATIONS_PHONE,
    SUPPORT_PHONE,
    TECHNICIAN_PHONE,
)
from salon_app.core.demo.membership import GIFT_PICTURES, seed_membership
from salon_app.core.demo.operations import seed_operations
from salon_app.core.demo.operator_history import add_operator_history
from salon_app.core.demo.order_history import write_order_history
from salon_app.core.demo.pictures import add_demo_pictures, add_gift_pictures
from salon_app.core.demo.platform_staff import add_platform_staff
from salon_app.core.demo.residents import DemoCustomer, DemoTechnician
from salon_app.core.demo.rota import add_demo_rota
from salon_app.core.demo.segments import add_demo_segments
from salon_app.core.demo.shenzhen import DISTRICTS, District, Street, district_named
from salon_app.core.demo.shop_onboarding import seed_shop_onboarding
from salon_app.core.demo.shops import add_shop_details
from salon_app.core.demo.sources import pick_source
from salon_app.core.demo.training import add_demo_training
from salon_app.core.demo.training_events import add_demo_events
from salon_app.core.models import (
    AdminRole,
    Announcement,
    CaseStudy,
    Certificate,
    Merchant,
    MerchantStaff,
    Role,
    Service,
    ServiceArea,
    ServiceCategory,
    Technician,
    TechnicianService,
    User,
    WorkingHours,
)
from salon_app.core.services.auth import hash_password, normalize_mobile

SEED = 2026
# Where the city lives: each housekeeper serves one of these as well as the area around home
# (no random draw, so every other choice of the demo city stays as it was).
CENTRAL_DISTRICTS = [district_named(n) for n in ("福田区", "南山区", "罗湖区", "宝安区")]
CENTRAL_RADIUS_KM = 8.0

# Weekly hours (weekday 0 = Monday -> local start, end). Shop patterns sit inside every demo
# shop's opening hours; at-home workers start earlier. Some work weekends, some do not.
Week = dict[int, tuple[str, str]]
SHOP_WEEKS: list[Week] = [
    {**{d: ("10:00", "19:00") for d in range(5)}, 5: ("10:00", "20:00"), 6: ("10:00", "20:00")},
    {d: ("11:00", "21:00") for d in range(1, 7)},  # Tue-Sun
]
HOME_WEEKS: list[Week] = [
    {d: ("09:00", "18:00") for d in range(6)},  # Mon-Sat
    {d: ("08:00", "17:00") for d in range(7)},  # every day
]


def weekly_hours(rng: random.Random, category: str, in_shop: bool) -> dict[int, tuple[int, int]]:
    """A technician's week as weekday -> (start, end) minutes after local midnight."""
    if category == "housekeeping":
        choices = HOME_WEEKS
    else:
        choices = SHOP_WEEKS if in_shop else SHOP_WEEKS + HOME_WEEKS
    return {d: (minutes(a), minutes(b)) for d, (a, b) in rng.choice(choices).items()}


def load_catalogue(session: Session) -> dict[str, Service]:
    """Create the demo categories and services that are missing; return all of them by slug."""
    now = utcnow()
    categories = {c.slug: c for c in session.exec(select(ServiceCategory)).all()}
    for order, data in enumerate(CATEGORIES):
        if data.slug not in categories:
            category = ServiceCategory(
                slug=data.slug,
                name=data.name,
                icon=data.icon,
                sort_order=order,
                required_certificate=data.required_certificate,
            )
            session.add(category)
            categories[data.slug] = category
    session.flush()
    services = {s.slug: s for s in session.exec(select(Service)).all()}
    for data in SERVICES:
        if data.slug in services:
            continue
        service = Service(
            category_id=categories[data.category].id,
            slug=data.slug,
            name=data.name,
            summary=data.summary,
            process=data.process,
            products=data.products,
            effect=data.effect,
            price_min_fen=data.price_min_fen,
            price_max_fen=data.price_max_fen,
            duration_min=data.duration_min,
            at_home=data.at_home,
            in_shop=data.in_shop,
            published_at=now - timedelta(days=data.published_days_ago, hours=2),
        )
        session.add(service)
        services[data.slug] = service
    session.flush()
    return services


def seed_demo(session: Session) -> bool:
    """Load the demo city if the database has no users yet; True when it was loaded."""
    if session.exec(select(User.id).limit(1)).first() is not None:
        return False
    try:
        _DemoCity(session).build()
        session.commit()
    except (IntegrityError, OperationalError):
        session.rollback()
        if session.exec(select(User.id).limit(1)).first() is not None:
            return False  # another worker loaded it at the same moment
        raise
    return True


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


class _DemoCity:
    """Builds the city in one transaction; every random choice comes from one seeded RNG."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rng = random.Random(SEED)
        self.now = utcnow()
        self.password_hash = hash_password_once()
        self.names: set[str] = set()
        self.owners: dict[int, int] = {}  # shop id -> owner user id, who verified certificates
        self.next_phone = 13912340001
        self._housekeepers = 0  # so far: each also serves one central district, in turn

    def build(self) -> None:
        self.services = load_catalogue(self.session)
        self.admin = self._operator(ADMIN_PHONE, people.ADMIN_NAME, AdminRole.super_admin)
        for phone, name, admin_role in (
            (OPERATIONS_PHONE, people.OPERATIONS_NAME, AdminRole.operations),
            (SUPPORT_PHONE, people.SUPPORT_NAME, AdminRole.support),
            (FINANCE_PHONE, people.FINANCE_NAME, AdminRole.finance),
        ):
            operator = self._operator(phone, name, admin_role)
            if admin_role == AdminRole.support:
                self.support = operator
        self.shops = [self._shop(data) for data in people.SHOPS]
        self.technicians: list[DemoTechnician] = []
        for shop, data in zip(self.shops, people.SHOPS, strict=True):
            for category, count in data.trades:
                for _ in range(count):
                    self.technicians.append(self._technician(category, shop))
        for category, count in people.INDEPENDENT_TRADES:
            for _ in range(count):
                self.technicians.append(self._technician(category, None))
        self.customers = [self._customer(i, name) for i, name in enumerate(people.CUSTOMER_NAMES)]
        self.session.flush()
        write_order_history(
            self.session, self.rng, self.now, self.technicians, self.customers, self.services
        )
        add_shop_details(
            self.session, self.now, self.shops, self.technicians, self.admin.id, self.password_hash
        )
        add_demo_rota(self.session, self.technicians, self.shops[0].id, self.now)
        add_platform_staff(self.session, self.now, self.password_hash)
        seed_incentives(self.session, self.shops, self.now)
        seed_coupons(self.session, self.now, self.admin.id, self.shops[0])
        add_operator_history(self.session, self.customers, self.now)
        add_demo_pictures(self.session)
        add_regular_customers(
            self.session, self.now, self.technicians, self.services, self.password_hash
        )
        add_demo_segments(self.session, self.now, self.admin.id)
        add_demo_campaigns(
            self.session, self.now, self.admin.id, self.shops, self.technicians, self.services
        )
        seed_operations(self.session, self.now, self.support, self.customers[0].user.id)
        seed_membership(self.session, self.now, self.customers[0].user.id)
        add_gift_pictures(self.session, GIFT_PICTURES)
        add_demo_courses(self.session, self.now, self.admin.id, self.technicians)
        add_demo_events(self.session, self.now, self.admin.id, self.shops, self.technicians)
        add_learning_activities(self.session, self.now, self.admin.id, self.shops, self.owners)
        # last: it freezes the past months' settlement statements from the ledger as seeded
        seed_shop_onboarding(self.session, self.now, self.shops, self.password_hash)
        seed_community(self.session, self.now, self.technicians, self.shops[0],
                       self.owners[self.shops[0].id], self.admin.id)  # fmt: skip

    # -- people ---------------------------------------------------------------------------

    def _phone(self) -> str:
        self.next_phone += 1
        return str(self.next_phone)

    def _operator(self, phone: str, name: str, admin_role: AdminRole) -> User:
        user = self._user(phone, name, Role.admin)
        user.admin_role = admin_role
        return user

    def _user(self, phone: str, name: str, role: Role) -> User:
        e164 = normalize_mobile(phone)
        user = User(
            phone=e164,
            phone_hash=crypto.lookup_hash(e164),
            password_hash=self.password_hash,
            display_name=name,
            role=role,
            created_at=self.now - timedelta(days=self.rng.randint(200, 400)),
        )
        self.names.add(name)
        self.session.add(user)
        self.session.flush()
        return user

    def _shop(self, data: people.ShopData) -> Merchant:
        district = district_named(data.district)
        street = next(s for s in district.streets if s.name == data.street)
        shop = Merchant(
            name=data.name,
            description=data.description,
            address=district.address(street),
            district=district.name,
            lat=street.lat,
            lng=street.lng,
            contact_phone=data.contact_phone,
            opening_hours=data.opening_hours,
            commission_bp=data.commission_bp,
            created_at=self.now - timedelta(days=365),
        )
        self.session.add(shop)
        self.session.flush()
        owner_name, owner_phone = data.owner
        owner = self._user(owner_phone, owner_name, Role.merchant)
        self.session.add(MerchantStaff(user_id=owner.id, merchant_id=shop.id, role="owner"))
        for index, name, phone, role in people.SHOP_STAFF:
            if people.SHOPS[index] is data:
                staff = self._user(phone, name, Role.merchant)
                self.session.add(MerchantStaff(user_id=staff.id, merchant_id=shop.id, role=role))
        title, body = data.announcement
        published = self.now - timedelta(days=7)
        self.session.add(
            Announcement(
                merchant_id=shop.id,
                title=title,
                body=body,
                status="published",
                created_by=owner.id,
                created_at=published,
                published_at=published,
            )
        )
        self.owners[shop.id] = owner.id
        return shop

    def _name(self, female: bool) -> str:
        given = people.GIVEN_FEMALE if female else people.GIVEN_MALE
        while True:
            name = self.rng.choice(people.SURNAMES) + self.rng.choice(given)
            if name not in self.names:
                return name

    def _technician(self, category: str, shop: Merchant | None) -> DemoTechnician:
        rng = self.rng
        first = not self.technicians  # the demo technician: first hairdresser of the first shop
        female = False if first else rng.random() < people.FEMALE_SHARE[category]
        name = people.TECHNICIAN_NAME if first else self._name(female)
        age = 32 if first else rng.randint(20, 50)
        years = 10 if first else max(1, min(age - 18, rng.randint(1, 20)))
        trade = category_of(category)
        skills = rng.sample(trade.skills, rng.randint(2, 4))
        if shop is not None and category != "housekeeping":
            district = district_named(shop.district)
        else:  # at-home workers live all over the city
            district = rng.choice(DISTRICTS)
        street = rng.choice(district.streets)
        home = (street.lat + rng.uniform(-0.01, 0.01), street.lng + rng.uniform(-0.01, 0.01))
        user = self._user(TECHNICIAN_PHONE if first else self._phone(), name, Role.technician)
        bio = f"从业{years}年，擅长{'、'.join(skills)}。{rng.choice(people.BIO_ENDINGS[category])}"
        row = Technician(
            user_id=user.id,
            merchant_id=shop.id if shop else None,
            display_name=name,
            gender="female" if female else "male",
            birth_date=(self.now - timedelta(days=age * 365 + rng.randint(0, 364))).date(),
            years_experience=years,
            skills=skills,
            bio=bio,
            home_lat=round(home[0], 6),
            home_lng=round(home[1], 6),
            created_at=user.created_at,
        )
        self.session.add(row)
        self.session.flush()
        week = weekly_hours(rng, category, shop is not None)
        tech = DemoTechnician(row, user, category, week)
        self._profile(tech, shop, street, district)
        return tech

    def _profile(
        self, tech: DemoTechnician, shop: Merchant | None, street: Street, district: District
    ) -> None:
        rng, tid = self.rng, tech.row.id
        for weekday, (start, end) in tech.week.items():
            self.session.add(
                WorkingHours(technician_id=tid, weekday=weekday, start_minute=start, end_minute=end)
            )
        for data in SERVICES:
            if data.category != tech.category or (shop is None and not data.at_home):
                continue
            if tech.prices and rng.random() < 0.15:  # not everyone offers everything
                continue
            seniority = min(1.0, tech.row.years_experience / 15)
            share = min(1.0, max(0.0, seniority * 0.7 + rng.uniform(-0.1, 0.3)))
            span = (data.price_max_fen - data.price_min_fen) // 100
            price = data.price_min_fen + round(span * share) * 100
            tech.prices[data.slug] = price
            service_id = self.services[data.slug].id
            self.session.add(
                TechnicianService(technician_id=tid, service_id=service_id, price_fen=price)
            )
        self.session.add(
            ServiceArea(
                technician_id=tid,
                label=f"{district.name}{street.landmark}周边",
                center_lat=round(tech.row.home_lat + rng.uniform(-0.005, 0.005), 6),
                center_lng=round(tech.row.home_lng + rng.uniform(-0.005, 0.005), 6),
                radius_km=float(rng.choice([3, 5, 5, 8, 10])),
            )
        )
        if tech.category == "housekeeping":  # cleaners also take jobs in a central district
            centre = CENTRAL_DISTRICTS[self._housekeepers % len(CENTRAL_DISTRICTS)]
            self._housekeepers += 1
            self.session.add(
                ServiceArea(
                    technician_id=tid,
                    label=f"{centre.name}全区",
                    center_lat=centre.lat,
                    center_lng=centre.lng,
                    radius_km=CENTRAL_RADIUS_KM,
                )
            )
        owner_id = self.owners.get(shop.id) if shop else None
        certificates = people.CERTIFICATES[tech.category]
        for name, issuer in rng.sample(certificates, rng.randint(1, 2)):
            issued = self.now.date() - timedelta(days=rng.randint(90, 365 * 6))
            self.session.add(
                Certificate(
                    technician_id=tid,
                    cert_type=people.CERTIFICATE_TYPES[name],
                    name=name,
                    issuer=issuer,
                    issued_on=issued,
                    status="verified" if owner_id else "pending",
                    verified_at=self.now - timedelta(days=150) if owner_id else None,
                    verified_by=owner_id,
                )
            )
        add_demo_training(self.session, SEED, tid, tech.category, shop, self.now)
        offered = list(tech.prices)
        for slug in rng.sample(offered, min(len(offered), rng.randint(1, 2))):
            self.session.add(
                CaseStudy(
                    technician_id=tid,
                    service_id=self.services[slug].id,
                    title=rng.choice(people.CASE_TITLES[slug]),
                    created_at=self.now - timedelta(days=rng.randint(10, 150)),
                )
            )

    def _customer(self, index: int, name: str) -> DemoCustomer:
        phone = CUSTOMER_PHONE if index == 0 else self._phone()
        user = self._user(phone, name, Role.customer)
        user.source = pick_source(index)
        district = DISTRICTS[0] if index == 0 else self.rng.choice(DISTRICTS[:6])
        street = self.rng.choice(district.streets)
        return DemoCustomer(user, district, street, self.rng.choice(people.HOME_UNITS))


def hash_password_once() -> str:
    """Argon2 is slow on purpose: one hash of the demo password serves every demo account."""
    return hash_password(DEMO_PASSWORD)
