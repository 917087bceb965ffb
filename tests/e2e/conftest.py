"""Browser tests: Debian Chromium driven by Playwright against the real app.

SALON_E2E_STACK=scaleout runs the same app on PostgreSQL + Redis with two workers.
Run this folder in its own pytest invocation (Playwright's sync loop clashes with asyncio).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop running in this process's thread, where tests
# drive services directly: only the app under test is strict (tests/support/app_server.py).
os.environ["SALON_STRICT_LOOP"] = "0"

# One set of field keys for the app under test and this process, so tests can drive services
# against the app's own database (e.g. complete an order as a technician would).
if "SALON_FIELD_KEY" not in os.environ:
    import base64

    from cryptography.fernet import Fernet

    os.environ["SALON_FIELD_KEY"] = Fernet.generate_key().decode()
    os.environ["SALON_LOOKUP_KEY"] = base64.urlsafe_b64encode(os.urandom(32)).decode()

from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.support.app_server import ROOT, AppServer
from tests.support.ports import free_port

CHROMIUM = os.environ.get("SALON_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
STACK = os.environ.get("SALON_E2E_STACK", "embedded")
PHONE_VIEWPORT = {"width": 390, "height": 844}

expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def stack_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    instance = tmp_path_factory.mktemp("instance")
    uploads = tmp_path_factory.mktemp("uploads")
    env = {"SALON_INSTANCE_DIR": str(instance), "REFLEX_UPLOADED_FILES_DIR": str(uploads)}
    env["SALON_SMS_HOURLY_PER_ADDRESS"] = "1000"  # every browser of the run is 127.0.0.1
    env["SALON_LOGIN_ADDRESS_FAILURES"] = "1000"  # likewise for wrong passwords, any account
    env["SALON_HOLDS_HOURLY_PER_ADDRESS"] = "1000"  # ... and books every hold of the run
    # Backups of the app under test (its seed takes one) go to a temp folder; S3 only when
    # SALON_E2E_BACKUP_S3_BUCKET names a bucket (with the SALON_BACKUP_S3_* of the shell).
    env["SALON_BACKUP_DIR"] = str(tmp_path_factory.mktemp("backups"))
    env["SALON_BACKUP_KEY_FILE"] = str(instance / "backup.key")
    env["SALON_BACKUP_S3_BUCKET"] = os.environ.get("SALON_E2E_BACKUP_S3_BUCKET", "")
    if STACK != "scaleout":
        # Live pages hear the app's own changes at once; a change this test process writes into
        # the app's database reaches them only at their safety look (no Redis to carry it): a
        # short one keeps those waits short. The scale-out stack keeps the production 30 s.
        env["SALON_LIVE_SAFETY_SECONDS"] = "5"
        yield env
        return
    from tests.support.postgres import PostgresServer
    from tests.support.redis_server import RedisServer

    with PostgresServer() as pg, RedisServer() as redis:
        env |= {
            "DATABASE_URL": pg.create_database("salon_e2e"),
            "REDIS_URL": redis.url,
            "GRANIAN_WORKERS": "2",
        }
        # What this test process commits into the app's database is published through the same
        # Redis (core/live_feed), as the app's workers publish theirs: open pages follow it live.
        os.environ["REDIS_URL"] = redis.url
        try:
            yield env
        finally:
            os.environ.pop("REDIS_URL", None)


@pytest.fixture(scope="session")
def app_server(stack_env: dict[str, str]) -> Iterator[AppServer]:
    ARTIFACTS.mkdir(exist_ok=True)
    server = AppServer(free_port(), stack_env, ARTIFACTS / f"app-{STACK}.log", free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app_url(app_server: AppServer) -> str:
    return app_server.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile per test: nobody is logged in."""
    ctx = browser.new_context(viewport=PHONE_VIEWPORT, locale="zh-CN")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    p = context.new_page()
    yield p
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        p.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report


def at(app_url: str, path: str) -> re.Pattern[str]:
    """The page URL for `path`; the production build may add a trailing slash."""
    return re.compile(re.escape(app_url + path.rstrip("/")) + r"/?$")


def log_in(page: Page, app_url: str, phone: str, password: str) -> None:
    page.goto(f"{app_url}/login")
    page.locator("#phone").fill(phone)
    page.locator("#password").fill(password)
    page.locator("#submit").click()


def enter_signup_code(page: Page, engine, phone: str) -> None:
    """Press 获取验证码 and type the code the SMS sandbox received, as the phone's holder does
    (nothing is typed when the page refused to send one: its error is on the page)."""
    from tests.support.journeys import sms_code

    page.locator("#send-code").click()
    expect(page.locator("#code-notice").or_(page.locator("#form-error"))).to_be_visible()
    if page.locator("#code-notice").is_visible():
        page.locator("#code").fill(sms_code(engine, phone))


def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def app_engine(stack_env: dict[str, str], app_url: str):
    """The running app's own database."""
    from salon_app.core.db import make_engine

    url = stack_env.get("DATABASE_URL") or f"sqlite:///{stack_env['SALON_INSTANCE_DIR']}/salon.db"
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def row_count(app_engine):
    """Counts rows in the app's database, to prove bad input stored nothing."""
    from sqlalchemy import text

    def count(table: str) -> int:
        with app_engine.connect() as conn:
            return conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()

    return count


@pytest.fixture(autouse=True)
def _no_unpaid_holds_left_over(app_engine) -> None:
    """Each browser test starts with no unpaid order left by an earlier one: the app allows a
    customer two at once (issue 13), and the browser tests share one app and its demo customer.
    They are cancelled as their customer would cancel them (the slot is freed the same way)."""
    from sqlmodel import Session, select

    from salon_app.core.models import Order, OrderStatus, User
    from salon_app.core.services import booking
    from salon_app.core.services.access import Actor

    with Session(app_engine) as s:
        waiting = s.exec(
            select(Order.code, User.id, User.role, User.display_name)
            .join(User, User.id == Order.customer_id)
            .where(Order.status == OrderStatus.pending_payment)
            .order_by(Order.id)
        ).all()
        for code, user_id, role, name in waiting:
            booking.changes.cancel(s, Actor(user_id, role, name), code, "测试之间清理")
