"""Regular customers with habits, so tags, segments and 猜你喜欢 have something to find.

People keep habits: each regular has a trade they come back for, one or two favourite services
in it, a favourite technician (a quarter of them the cheapest one: price-sensitive), and a home
district their at-home visits go to. Their last visit is recent for some, 60-180 days ago
(dormant) for others; a few have signed up and booked nothing yet (new). Everything comes
from its own seeded RNG and runs after the rest of the city, so the draws of the order
history, shops and rota are exactly as before; orders go through the order history's writer
(payment, ledger, events, reviews) and never overlap a technician's other work.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from salon_app.core import crypto
from salon_app.core.demo import people
from salon_app.core.demo.order_history import History
from salon_app.core.demo.residents import DemoCustomer, DemoTechnician
from salon_app.core.demo.shenzhen import DISTRICTS
from salon_app.core.models import Role, Service, User
from salon_app.core.services.auth import normalize_mobile

SEED = 1010
REGULARS = 48
NEWCOMERS = 6
FIRST_PHONE = 13955550001
FIRST_SEQ = 5001  # order codes after the order history's
TRADES = ("hair", "beauty", "nails", "housekeeping")


@dataclass
class _Habit:
    customer: DemoCustomer
    trade: str
    favourites: list[str]  # service slugs
    technician: DemoTechnician
    others: list[DemoTechnician]  # the trade's other technicians


def add_regular_customers(
    session: Session,
    now: datetime,
    technicians: list[DemoTechnician],
    services: dict[str, Service],
    password_hash: str,
) -> list[User]:
    """Add the regulars with their visits, and the newcomers; every user added."""
    rng = random.Random(SEED)
    users = [
        _user(session, rng, now, FIRST_PHONE + i, password_hash)
        for i in range(REGULARS + NEWCOMERS)
    ]
    history = History(session, rng, now, technicians, [], services)
    seq = FIRST_SEQ
    for index, user in enumerate(users[:REGULARS]):
        habit = _habit(rng, user, TRADES[index % len(TRADES)], technicians)
        if habit is None:
            continue
        last = rng.choice([rng.randint(1, 45), rng.randint(1, 45), rng.randint(62, 175)])
        for visit in range(rng.randint(2, 6)):
            days_ago = last + visit * rng.randint(12, 30)
            slug = rng.choice(habit.favourites) if rng.random() < 0.8 else _any(rng, habit)
            tech = habit.technician if rng.random() < 0.75 else _other(rng, habit, slug)
            for shift in range(6):  # the next days back until the technician works one
                if days_ago + shift > 180:
                    break
                day = history.today - timedelta(days=days_ago + shift)
                if history.book(seq, slug, tech, day, habit.customer):
                    seq += 1
                    break
    for tech in technicians:
        count, total = history.ratings.get(tech.row.id, (0, 0))
        tech.row.rating_count += count
        tech.row.rating_sum += total
        session.add(tech.row)
    session.flush()
    return users


def _user(session: Session, rng: random.Random, now: datetime, phone: int, hashed: str) -> User:
    female = rng.random() < 0.7
    name = rng.choice(people.SURNAMES) + rng.choice(
        people.GIVEN_FEMALE if female else people.GIVEN_MALE
    )
    e164 = normalize_mobile(str(phone))
    user = User(
        phone=e164,
        phone_hash=crypto.lookup_hash(e164),
        password_hash=hashed,
        display_name=name,
        role=Role.customer,
        created_at=now - timedelta(days=rng.randint(1, 200)),
    )
    session.add(user)
    session.flush()
    return user


def _habit(
    rng: random.Random, user: User, trade: str, technicians: list[DemoTechnician]
) -> _Habit | None:
    district = rng.choice(DISTRICTS[:6])
    street = rng.choice(district.streets)
    customer = DemoCustomer(user, district, street, rng.choice(people.HOME_UNITS))
    of_trade = [t for t in technicians if t.category == trade and t.prices]
    if not of_trade:
        return None
    slugs = sorted({s for t in of_trade for s in t.prices})
    favourites = rng.sample(slugs, min(2, len(slugs)))
    offering = [t for t in of_trade if favourites[0] in t.prices] or of_trade
    if user.id % 4 == 0:  # a bargain hunter: the cheapest technician for the favourite
        tech = min(offering, key=lambda t: (t.prices[favourites[0]], t.row.id))
    else:
        tech = rng.choice(offering)
    favourites = [s for s in favourites if s in tech.prices] or [rng.choice(sorted(tech.prices))]
    return _Habit(customer, trade, favourites, tech, [t for t in of_trade if t is not tech])


def _any(rng: random.Random, habit: _Habit) -> str:
    return rng.choice(sorted(habit.technician.prices))


def _other(rng: random.Random, habit: _Habit, slug: str) -> DemoTechnician:
    """Now and then someone else of the trade who offers the service."""
    choices = [t for t in habit.others if slug in t.prices]
    return rng.choice(choices) if choices else habit.technician
