"""Hole 5: personal values beside the encrypted columns are encrypted too. A plain connection
(what a leaked database file or dump shows) reads no coordinates, special needs, messages,
positions or birth dates; the app reads them back exactly; the plain coarse columns searches
prefilter on follow the encrypted values."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.models import Order, OrderEvent, Technician
from salon_app.core.services.access import Actor
from salon_app.core.services.orders import messages
from tests.support.journeys import accept, mark_paid
from tests.support.orders import at_home_order

HOME = (22.543096, 114.057865)  # 福田, near the civic centre
NEEDS = "家里有猫，对香精过敏"


def _raw(session: Session, sql: str, **params: object) -> tuple:
    """One row as the database holds it: no model, no column type in between."""
    return tuple(session.connection().execute(text(sql), params).one())


def _readable(value: object, *plain: object) -> bool:
    """Whether a stored value shows any of the plain values (as a number or in its text)."""
    if value is None:
        return False
    if isinstance(value, int | float) or hasattr(value, "isoformat"):
        return True  # a typed plain value
    shown = str(value)
    return any(str(p) in shown for p in plain) or _is_number(shown)


def _is_number(text_value: str) -> bool:
    try:
        float(text_value)
    except ValueError:
        return False
    return True


def _order_with_needs(session: Session, customer: Actor) -> Order:
    order = at_home_order(session, customer, HOME, "深圳市福田区福中三路1号")
    order.special_needs = NEEDS  # what the booking form stores (booking tests cover the form)
    session.add(order)
    session.commit()
    return order


def test_an_orders_place_and_special_needs_are_not_readable_in_the_database(
    demo_session: Session, customer: Actor
) -> None:
    order = _order_with_needs(demo_session, customer)
    lat, lng, needs = _raw(
        demo_session, "SELECT lat, lng, special_needs FROM orders WHERE id = :id", id=order.id
    )
    assert not _readable(lat, order.lat) and not _readable(lng, order.lng)
    assert not _readable(needs, NEEDS, "猫")

    demo_session.expire_all()
    again = demo_session.get(Order, order.id)
    assert (again.lat, again.lng, again.special_needs) == (order.lat, order.lng, NEEDS)


def test_order_messages_are_not_readable_in_the_database(
    demo_session: Session, customer: Actor
) -> None:
    order = mark_paid(demo_session, _order_with_needs(demo_session, customer))
    accept(demo_session, order)  # messages open with the acceptance (privacy rule)
    messages.post(demo_session, customer, order.code, "门禁密码 4321")
    (body,) = _raw(demo_session, "SELECT body FROM order_message WHERE order_id = :id", id=order.id)
    assert not _readable(body, "4321", "门禁")
    assert [m.body for m in messages.thread(demo_session, customer, order.code)] == [
        "门禁密码 4321"
    ]


def test_positions_recorded_with_order_events_are_not_readable_in_the_database(
    demo_session: Session, customer: Actor
) -> None:
    order = _order_with_needs(demo_session, customer)
    event = OrderEvent(order_id=order.id, kind="departed", at=utcnow(), lat=22.5511, lng=114.0602)
    demo_session.add(event)
    demo_session.commit()
    lat, lng = _raw(demo_session, "SELECT lat, lng FROM order_event WHERE id = :id", id=event.id)
    assert not _readable(lat, 22.5511) and not _readable(lng, 114.0602)
    demo_session.expire_all()
    assert (demo_session.get(OrderEvent, event.id).lat, event.lng) == (22.5511, 114.0602)


def test_technician_birth_dates_and_homes_are_encrypted_with_only_coarse_forms_in_plain(
    demo_session: Session,
) -> None:
    tech = demo_session.exec(select(Technician).order_by(Technician.id)).first()
    tech.birth_date, tech.home_lat, tech.home_lng = date(1991, 7, 23), 22.547123, 114.085456
    demo_session.add(tech)
    demo_session.commit()
    born, lat, lng, year, cell_lat, cell_lng = _raw(
        demo_session,
        "SELECT birth_date, home_lat, home_lng, birth_year, home_cell_lat, home_cell_lng"
        " FROM technician WHERE id = :id",
        id=tech.id,
    )
    assert not _readable(born, "1991", "07-23")
    assert not _readable(lat, 22.547123) and not _readable(lng, 114.085456)
    assert (year, cell_lat, cell_lng) == (1991, 22.55, 114.09)  # ~1 km: enough to prefilter
    demo_session.expire_all()
    again = demo_session.get(Technician, tech.id)
    assert (again.birth_date, again.home_lat, again.home_lng) == (
        date(1991, 7, 23),
        22.547123,
        114.085456,
    )


def test_no_demo_technician_keeps_a_readable_birth_date_or_home(demo_session: Session) -> None:
    rows = demo_session.connection().execute(
        text("SELECT birth_date, home_lat, home_lng FROM technician ORDER BY id")
    )
    assert not [r for r in rows if any(_readable(v) for v in r)]


def test_age_filters_decide_the_boundary_year_on_the_exact_encrypted_birth_date(
    demo_session: Session,
) -> None:
    """SQL keeps birth years; the birth dates of the boundary year are decrypted and decide."""
    from datetime import timedelta

    from salon_app.core.clock import local_today
    from salon_app.core.models import TechnicianService
    from salon_app.core.services.discovery.candidates import (
        TechnicianFilter,
        _born_by,
        find_candidates,
    )

    offer = demo_session.exec(select(TechnicianService).order_by(TechnicianService.id)).first()
    tech = demo_session.get(Technician, offer.technician_id)
    today = local_today()
    thirtieth = _born_by(today, 30)  # the latest birth date of someone 30 today
    found = {}
    for born in (thirtieth, thirtieth + timedelta(days=1)):
        tech.birth_date = born
        demo_session.add(tech)
        demo_session.commit()
        ids = {
            c.id
            for c in find_candidates(
                demo_session, TechnicianFilter(offer.service_id, age_min=30), today
            )
        }
        older = {
            c.id
            for c in find_candidates(
                demo_session, TechnicianFilter(offer.service_id, age_max=29), today
            )
        }
        found[born] = (tech.id in ids, tech.id in older)
    assert found == {thirtieth: (True, False), thirtieth + timedelta(days=1): (False, True)}
