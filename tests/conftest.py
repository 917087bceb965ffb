"""Shared fixtures: a fresh database per test, on SQLite (default) or PostgreSQL.

SALON_TEST_DATABASE=postgres runs the same service tests against a PostgreSQL server that
the test run starts itself (tests/support/postgres.py) and stops afterwards.

Every run pins the clock to an instant picked from a seed (tests/support/clock.py), printed in
the header with the command that replays it: SALON_TEST_NOW=<instant> or --clock-seed N.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator

import pytest

# Before any app import: a throwaway instance dir (keys, SQLite files) and cheap argon2.
_INSTANCE = tempfile.mkdtemp(prefix="salon-test-")
if os.environ.get("PYTEST_XDIST_WORKER"):  # a worker of `pytest -n`: a folder of its own
    os.environ["SALON_INSTANCE_DIR"] = _INSTANCE
else:
    os.environ.setdefault("SALON_INSTANCE_DIR", _INSTANCE)
os.environ.setdefault("SALON_ARGON2_TIME_COST", "1")
os.environ.setdefault("SALON_ARGON2_MEMORY_KIB", "1024")
os.environ.setdefault("SALON_STRICT_LOOP", "1")  # slow work on an event loop raises
os.environ.setdefault("SALON_BACKUP_SCHEDULE", "off")  # tests of other jobs take no backups
os.environ["SALON_ENV"] = "test"  # the only setting in which SALON_TEST_CLOCK is honoured

from sqlalchemy import Engine, text  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import salon_app.core.models  # noqa: E402, F401 - registers every table
from salon_app.core.db import make_engine  # noqa: E402
from salon_app.core.demo import DEMO_PASSWORD  # noqa: E402
from salon_app.core.demo.logins import (  # noqa: E402
    ADMIN_PHONE,
    CUSTOMER_PHONE,
    FINANCE_PHONE,
    OPERATIONS_PHONE,
    SUPPORT_PHONE,
    TECHNICIAN_PHONE,
)
from salon_app.core.services import auth  # noqa: E402
from salon_app.core.services.access import Actor  # noqa: E402
from tests.support import clock as test_clock  # noqa: E402
from tests.support.postgres import PostgresServer, postgres_available  # noqa: E402

USE_POSTGRES = os.environ.get("SALON_TEST_DATABASE") == "postgres"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock-seed",
        type=int,
        default=None,
        help="pin the clock to today 00:00 UTC + seed minutes (mod one week); default: random",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    # Before collection, so module-level "now"s and the browser tests' app server see it.
    config._salon_clock = test_clock.pin(config.getoption("--clock-seed"))  # type: ignore[attr-defined]


def pytest_report_header(config: pytest.Config) -> list[str]:
    clock, seed = config._salon_clock  # type: ignore[attr-defined]
    return test_clock.header(clock, seed, config.invocation_params.args)


def create_schema(engine: Engine) -> None:
    """The models' schema (migrations are tested on their own, in tests/integration)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS btree_gist"))
    SQLModel.metadata.create_all(engine)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole run, started and stopped by the tests."""
    if not postgres_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: run the tests through `make test`")
        pytest.skip("PostgreSQL binaries not installed (apt-get install postgresql)")
    with PostgresServer() as server:
        yield server


@pytest.fixture
def postgres_db_url(postgres_server: PostgresServer) -> Iterator[str]:
    """URL of an empty database, dropped after the test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    yield postgres_server.create_database(name)
    postgres_server.drop_database(name)


@pytest.fixture(scope="session")
def _pg_schema_engine(request: pytest.FixtureRequest) -> Iterator[Engine | None]:
    if not USE_POSTGRES:
        yield None
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    engine = make_engine(server.create_database("salon_unit"))
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(_pg_schema_engine: Engine | None, tmp_path) -> Iterator[Engine]:
    """A database with the full schema and no rows."""
    if _pg_schema_engine is not None:
        tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        with _pg_schema_engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        yield _pg_schema_engine
        return
    eng = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
    create_schema(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture(scope="session")
def _demo_template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The demo city, seeded once per run: a SQLite file or a PostgreSQL template database."""
    from salon_app.core.demo.seed import seed_demo

    if USE_POSTGRES:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        url = server.create_database("demo_template")
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    eng = make_engine(url)
    create_schema(eng)
    with Session(eng) as s:
        seed_demo(s)
    eng.dispose()  # also checkpoints SQLite's WAL into the file
    yield url


@pytest.fixture
def demo_engine(_demo_template: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A private copy of the seeded demo city."""
    if USE_POSTGRES:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        name = f"d_{uuid.uuid4().hex[:12]}"
        url = server.create_database(name, template="demo_template")
    else:
        copy = tmp_path / "demo.db"
        shutil.copyfile(_demo_template.removeprefix("sqlite:///"), copy)
        url = f"sqlite:///{copy}"
    eng = make_engine(url)
    yield eng
    eng.dispose()
    if USE_POSTGRES:
        server.drop_database(name)


@pytest.fixture
def demo_session(demo_engine: Engine) -> Iterator[Session]:
    with Session(demo_engine, expire_on_commit=False) as s:
        yield s


# The demo city's people, logged in (salon_app/core/demo/logins.py).
@pytest.fixture
def customer(demo_session: Session) -> Actor:
    return auth.log_in(demo_session, CUSTOMER_PHONE, DEMO_PASSWORD).actor


@pytest.fixture
def admin(demo_session: Session) -> Actor:
    return auth.log_in(demo_session, ADMIN_PHONE, DEMO_PASSWORD).actor


@pytest.fixture
def operations(demo_session: Session) -> Actor:
    return auth.log_in(demo_session, OPERATIONS_PHONE, DEMO_PASSWORD).actor


@pytest.fixture
def support(demo_session: Session) -> Actor:
    return auth.log_in(demo_session, SUPPORT_PHONE, DEMO_PASSWORD).actor


@pytest.fixture
def finance(demo_session: Session) -> Actor:
    """The platform's finance operator: the one sub-role that issues manual refunds."""
    return auth.log_in(demo_session, FINANCE_PHONE, DEMO_PASSWORD).actor


@pytest.fixture
def tech(demo_session: Session) -> Actor:
    return auth.log_in(demo_session, TECHNICIAN_PHONE, DEMO_PASSWORD).actor


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    # Also under -q (no header), next to any failure.
    clock, seed = config._salon_clock  # type: ignore[attr-defined]
    for line in test_clock.header(clock, seed, config.invocation_params.args):
        terminalreporter.write_line(line)
