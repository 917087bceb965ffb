"""A process that books orders through the booking service, one per line it prints: the kill -9
test (tests/integration/test_kill_during_bookings.py) kills it midway.

    python -m tests.support.booking_worker <sqlite url> <count>
"""

from __future__ import annotations

import sys

from sqlmodel import Session, select

from salon_app.core.db import make_engine
from salon_app.core.errors import DomainError
from salon_app.core.models import Role, User
from salon_app.core.services.auth.login import actor_for
from tests.support.orders import pending_order


def main(url: str, count: int) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        customers = session.exec(
            select(User).where(User.role == Role.customer).order_by(User.id).limit(50)
        ).all()
        actors = [actor_for(session, u) for u in customers]
    booked = 0
    for attempt in range(count * 3):
        if booked == count:
            break
        with Session(engine, expire_on_commit=False) as session:
            try:
                order = pending_order(session, actors[attempt % len(actors)])
            except DomainError:
                continue  # a limit or a taken slot: the next customer tries
        booked += 1
        print(order.id, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
