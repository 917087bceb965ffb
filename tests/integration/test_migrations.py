"""The Alembic migrations build exactly the schema the models describe, and undo it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.command import downgrade, upgrade
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import salon_app.core.models  # noqa: F401 - registers every table
from salon_app.core.db import make_engine

ALEMBIC_INI = Path(__file__).resolve().parents[2] / "alembic" / "alembic.ini"
MODEL_TABLES = set(SQLModel.metadata.tables)


def alembic_config(url: str) -> Config:
    cfg = Config(str(ALEMBIC_INI))
    cfg.attributes["url"] = url
    cfg.attributes["configure_logger"] = False
    return cfg


def table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def sequence_names(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        if not engine.dialect.supports_sequences:  # SQLite
            return []
        return sa.inspect(engine).get_sequence_names()
    finally:
        engine.dispose()


def schema_diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(context, SQLModel.metadata))
    finally:
        engine.dispose()


def assert_upgrade_downgrade_upgrade(url: str) -> None:
    cfg = alembic_config(url)
    upgrade(cfg, "head")
    assert table_names(url) == MODEL_TABLES | {"alembic_version"}

    downgrade(cfg, "base")
    assert table_names(url) <= {"alembic_version"}
    assert sequence_names(url) == []

    upgrade(cfg, "head")
    assert table_names(url) == MODEL_TABLES | {"alembic_version"}


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'migrations.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_db_url"
    yield request.getfixturevalue(fixture)


def test_migrations_upgrade_and_downgrade_cleanly_on_sqlite(sqlite_url: str) -> None:
    assert_upgrade_downgrade_upgrade(sqlite_url)


@pytest.mark.postgres
def test_migrations_upgrade_and_downgrade_cleanly_on_postgresql(postgres_db_url: str) -> None:
    assert_upgrade_downgrade_upgrade(postgres_db_url)


def test_models_and_migrations_agree(any_db_url: str) -> None:
    upgrade(alembic_config(any_db_url), "head")
    assert schema_diff(any_db_url) == []


def test_schema_comparison_notices_drift(sqlite_url: str) -> None:
    """Guards the test above against passing vacuously."""
    upgrade(alembic_config(sqlite_url), "head")
    engine = make_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(sa.text('ALTER TABLE "user" ADD COLUMN stray INTEGER'))
    engine.dispose()
    assert [d[0] for d in schema_diff(sqlite_url)] == ["remove_column"]


def _insert_merchant_before_0007(conn: sa.Connection, now: dict[str, datetime]) -> None:
    """One shop, merchant id 1, in plain SQL with the columns it had from 0005 to 0006."""
    conn.execute(
        sa.text(
            "INSERT INTO merchant (name, description, address, district, lat, lng,"
            " contact_phone, opening_hours, commission_bp, timezone, photo_url, is_active,"
            " created_at) VALUES ('店', '', '址', '', 22.5, 114.0, '', '', 2000,"
            " 'Asia/Shanghai', '', true, :now)"
        ),
        now,
    )


def test_one_pending_application_keeps_the_oldest_of_a_double_click(any_db_url: str) -> None:
    """0006 adds a unique index over pending applications; duplicates made before it go."""
    cfg = alembic_config(any_db_url)
    upgrade(cfg, "0005")
    engine = make_engine(any_db_url)
    # Plain SQL with the columns of 0005: the models describe the newest schema.
    now = {"now": datetime(2026, 1, 1)}
    with engine.begin() as conn:
        _insert_merchant_before_0007(conn, now)
        conn.execute(
            sa.text(
                'INSERT INTO "user" (phone, phone_hash, password_hash, display_name, role,'
                " is_active, failed_logins, created_at) VALUES ('+8617600000001', 'h', 'p',"
                " '技师', 'technician', true, 0, :now)"
            ),
            now,
        )
        conn.execute(
            sa.text(
                "INSERT INTO technician (user_id, display_name, gender, years_experience,"
                " skills, bio, photo_url, status, rating_count, rating_sum, created_at)"
                " VALUES (1, '技师', '', 0, '[]', '', '', 'active', 0, 0, :now)"
            ),
            now,
        )
        for status in ("pending", "pending", "rejected", "pending"):
            conn.execute(
                sa.text(
                    "INSERT INTO technician_application (technician_id, merchant_id, status,"
                    " message, created_at) VALUES (1, 1, :status, '', :now)"
                ),
                {"status": status, **now},
            )
    upgrade(cfg, "head")
    with engine.connect() as conn:
        kept = conn.execute(sa.text("SELECT id, status FROM technician_application")).all()
    engine.dispose()
    assert sorted(kept) == [(1, "pending"), (3, "rejected")]


def test_0007_keeps_owners_announcements_and_verified_certificates(any_db_url: str) -> None:
    """is_owner becomes the owner role, announcements stay published, verified stays verified."""
    cfg = alembic_config(any_db_url)
    upgrade(cfg, "0006")
    engine = make_engine(any_db_url)
    now = {"now": datetime(2026, 1, 1)}
    with engine.begin() as conn:
        _insert_merchant_before_0007(conn, now)
        for n, owner in ((1, True), (2, False)):
            conn.execute(
                sa.text(
                    'INSERT INTO "user" (phone, phone_hash, password_hash, display_name, role,'
                    " is_active, failed_logins, created_at) VALUES (:phone, :hash, 'p', '员工',"
                    " 'merchant', true, 0, :now)"
                ),
                {"phone": f"+861760000000{n}", "hash": f"h{n}", **now},
            )
            conn.execute(
                sa.text(
                    "INSERT INTO merchant_staff (user_id, merchant_id, is_owner)"
                    " VALUES (:user, 1, :owner)"
                ),
                {"user": n, "owner": owner},
            )
        conn.execute(
            sa.text(
                "INSERT INTO announcement (merchant_id, title, body, published_at)"
                " VALUES (1, '公告', '内容', :now)"
            ),
            now,
        )
        conn.execute(
            sa.text(
                "INSERT INTO technician (user_id, display_name, gender, years_experience,"
                " skills, bio, photo_url, status, rating_count, rating_sum, created_at)"
                " VALUES (2, '技师', '', 0, '[]', '', '', 'active', 0, 0, :now)"
            ),
            now,
        )
        for name, verified in (("健康证", True), ("美发师证", False)):
            conn.execute(
                sa.text(
                    "INSERT INTO certificate (technician_id, name, issuer, scan_path, verified_at)"
                    " VALUES (1, :name, '', '', :at)"
                ),
                {"name": name, "at": now["now"] if verified else None},
            )
    upgrade(cfg, "head")
    with engine.connect() as conn:
        roles = conn.execute(sa.text("SELECT user_id, role FROM merchant_staff ORDER BY user_id"))
        notes = conn.execute(sa.text("SELECT status, created_at FROM announcement")).one()
        certs = conn.execute(
            sa.text("SELECT name, cert_type, status FROM certificate ORDER BY id")
        ).all()
        assert roles.all() == [(1, "owner"), (2, "front_desk")]
    engine.dispose()
    assert notes[0] == "published" and notes[1] is not None
    assert certs == [("健康证", "health", "verified"), ("美发师证", "other", "pending")]
    downgrade(cfg, "0006")
