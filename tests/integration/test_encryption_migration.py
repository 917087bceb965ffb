"""Migration 0014f encrypts the plain personal values of an existing database in place
(order places and special needs, event positions, messages, technician birth dates and homes),
fills the coarse columns searches use, and its downgrade gives the plain values back."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa
from alembic.command import downgrade, upgrade
from sqlmodel import Session

from salon_app.core.db import make_engine
from salon_app.core.models import CustomerFigures, Order, OrderEvent, OrderMessage, Technician
from tests.integration.test_migrations import alembic_config

NOW = {"now": datetime(2026, 1, 1)}
PLAIN_ROWS = (
    'INSERT INTO "user" (phone, phone_hash, password_hash, display_name, role, is_active,'
    " failed_logins, created_at) VALUES ('+8617600000001', 'h', 'p', '技师', 'technician',"
    " true, 0, :now)",
    'INSERT INTO "user" (phone, phone_hash, password_hash, display_name, role, is_active,'
    " failed_logins, created_at) VALUES ('+8617600000002', 'h2', 'p', '技师', 'technician',"
    " true, 0, :now)",
    "INSERT INTO technician (user_id, display_name, gender, birth_date, years_experience,"
    " skills, bio, photo_url, status, home_lat, home_lng, rating_count, rating_sum, created_at)"
    " VALUES (1, '技师', 'female', '1990-02-28', 3, '[]', '', '', 'active', 22.547123,"
    " 114.085456, 0, 0, :now)",
    "INSERT INTO technician (user_id, display_name, gender, years_experience, skills, bio,"
    " photo_url, status, rating_count, rating_sum, created_at) VALUES (2, '无资料', 'male', 0,"
    " '[]', '', '', 'active', 0, 0, :now)",
    "INSERT INTO orders (code, customer_id, technician_id, status, starts_at, ends_at,"
    " block_start, block_end, holds_slot, service_step, dispatch_state, any_technician, at_home,"
    " lat, lng, special_needs, list_fen, total_fen, created_at, source) VALUES ('SO1', 1, 1,"
    " 'completed', :now, :now, :now, :now, false, '', '', false, true, 22.543096, 114.057865,"
    " '对香精过敏', 100, 100, :now, 'direct')",
    "INSERT INTO order_event (order_id, kind, actor_user_id, at, lat, lng, details)"
    " VALUES (1, 'arrived', 1, :now, 22.5431, 114.0579, '{}')",
    "INSERT INTO order_event (order_id, kind, actor_user_id, at, details)"
    " VALUES (1, 'paid', 1, :now, '{}')",
    "INSERT INTO order_message (order_id, sender_user_id, body, created_at)"
    " VALUES (1, 1, '门禁密码 1234', :now)",
    "INSERT INTO customer_figures (user_id, orders, orders_365d, spend_fen, recency_days,"
    " r_band, f_band, m_band, favourite_category, district, home_lat, home_lng, computed_at)"
    " VALUES (1, 1, 1, 100, 3, 5, 1, 1, '', '', 22.543096, 114.057865, :now)",
)
RAW = (
    "SELECT lat, lng, special_needs FROM orders",
    "SELECT lat, lng FROM order_event WHERE id = 1",
    "SELECT body FROM order_message",
    "SELECT birth_date, home_lat, home_lng FROM technician WHERE id = 1",
)
PLAIN = (
    (22.543096, 114.057865, "对香精过敏"),
    (22.5431, 114.0579),
    ("门禁密码 1234",),
    ("1990-02-28", 22.547123, 114.085456),
)


def _raw(engine: sa.Engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(conn.execute(sa.text(sql)).one()) for sql in RAW]


def _normal(row: tuple) -> tuple:
    """Plain values as the two databases hand them back (a date object or its text)."""
    return tuple(v.isoformat() if isinstance(v, date) else v for v in row)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_db_url"
    return request.getfixturevalue(fixture)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'encrypt.db'}"


def test_0014f_encrypts_plain_rows_in_place_and_its_downgrade_restores_them(db_url: str) -> None:
    cfg = alembic_config(db_url)
    upgrade(cfg, "0014")
    engine = make_engine(db_url)
    with engine.begin() as conn:
        for sql in PLAIN_ROWS:
            conn.execute(sa.text(sql), NOW)
    assert [_normal(r) for r in _raw(engine)] == list(PLAIN)

    upgrade(cfg, "head")
    for stored, plain in zip(_raw(engine), PLAIN, strict=True):
        for value, before in zip(stored, plain, strict=True):
            assert isinstance(value, str) and str(before) not in value
            assert value not in {repr(before), str(before)}
    with Session(engine) as session:
        order, tech = session.get(Order, 1), session.get(Technician, 1)
        assert (order.lat, order.lng, order.special_needs) == PLAIN[0]
        assert (session.get(OrderEvent, 1).lat, session.get(OrderEvent, 1).lng) == PLAIN[1]
        assert session.get(OrderEvent, 2).lat is None
        assert session.get(OrderMessage, 1).body == PLAIN[2][0]
        assert (tech.birth_date, tech.home_lat, tech.home_lng) == (date(1990, 2, 28), *PLAIN[3][1:])
        assert (tech.birth_year, tech.home_cell_lat, tech.home_cell_lng) == (1990, 22.55, 114.09)
        bare = session.get(Technician, 2)
        assert (bare.birth_date, bare.birth_year, bare.home_lat, bare.home_cell_lat) == (None,) * 4
        figures = session.get(CustomerFigures, 1)
        assert (figures.home_lat, figures.home_lng) == (22.54, 114.06)

    downgrade(cfg, "0014")
    assert [_normal(r) for r in _raw(engine)] == list(PLAIN)
    engine.dispose()
