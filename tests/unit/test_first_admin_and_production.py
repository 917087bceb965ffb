"""A fresh install: the first admin from the command line, demo accounts only in the demo city,
and production refusing to start while an account still has the demo password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, func, select

from salon_app import __main__ as cli
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo import __main__ as demo_cli
from salon_app.core.demo.guard import demo_password_accounts
from salon_app.core.errors import DomainError
from salon_app.core.models import AuditEntry, User
from salon_app.core.services import auth, staff
from tests.support.production import production_env

ROOT = Path(__file__).resolve().parents[2]
PHONE = "13612340000"
PASSWORD = "first2026admin"


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _run(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_first_admin_is_a_super_admin_and_is_audited(session):
    user_id, first = staff.create_admin_from_console(session, PHONE, PASSWORD, "站长")
    assert first
    actor = auth.log_in(session, PHONE, PASSWORD).actor
    assert (actor.user_id, actor.role, actor.admin_role) == (user_id, "admin", "super_admin")
    entry = session.exec(select(AuditEntry)).one()
    assert (entry.action, entry.target_id, entry.actor_user_id) == (
        "operator.created_from_console",
        user_id,
        None,
    )
    assert entry.details == {"first": True}
    _, first = staff.create_admin_from_console(session, "13612340001", PASSWORD, "副站长")
    assert not first


@pytest.mark.parametrize(
    ("phone", "password", "key"),
    [
        ("12345", PASSWORD, "auth.phone_invalid"),
        (PHONE, "short1", "auth.password_weak"),
        (PHONE, DEMO_PASSWORD, "auth.password_common"),
    ],
)
def test_a_bad_console_admin_is_refused(session, phone, password, key):
    with pytest.raises(DomainError) as err:
        staff.create_admin_from_console(session, phone, password, "站长")
    assert err.value.key == key
    assert session.exec(select(func.count()).select_from(User)).one() == 0


def test_the_command_line_creates_the_admin_and_refuses_a_phone_that_exists(engine):
    url = _url(engine)
    done = _run(
        "-m",
        "salon_app",
        "admin",
        "create",
        "--phone",
        PHONE,
        "--password-stdin",
        "--database-url",
        url,
        stdin=PASSWORD + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert "136****0000" in done.stdout
    with Session(engine) as s:
        assert auth.log_in(s, PHONE, PASSWORD).actor.admin_role == "super_admin"
    again = _run(
        "-m",
        "salon_app",
        "admin",
        "create",
        "--phone",
        PHONE,
        "--password-stdin",
        "--database-url",
        url,
        stdin="other2026x\n",
    )
    assert again.returncode == 1
    assert "该手机号已注册" in again.stderr
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(User)).one() == 1


def test_the_password_is_asked_twice(engine, monkeypatch, capsys):
    answers = iter(["first2026admin", "first2026admim"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: next(answers))
    assert cli.main(["admin", "create", "--phone", PHONE, "--database-url", _url(engine)]) == 1
    assert "不一致" in capsys.readouterr().err
    answers = iter([PASSWORD, PASSWORD])
    assert cli.main(["admin", "create", "--phone", PHONE, "--database-url", _url(engine)]) == 0


def test_demo_accounts_come_only_from_the_demo_seed():
    """Nothing outside salon_app/core/demo writes the demo password (auth only refuses it)."""
    users = []
    for path in (ROOT / "salon_app").rglob("*.py"):
        text = path.read_text()
        if "DEMO_PASSWORD" in text or "hash_password_once" in text:
            users.append(path.relative_to(ROOT).parts[:3])
    assert set(users) == {("salon_app", "core", "demo")}
    migrations = " ".join(p.read_text() for p in (ROOT / "alembic" / "versions").glob("*.py"))
    assert 'insert into "user"' not in migrations.lower()  # no migration opens an account


def test_production_does_not_load_the_demo_city(engine, monkeypatch, capsys):
    monkeypatch.setenv("SALON_ENV", "production")
    assert demo_cli.main(["seed", "--database-url", _url(engine)]) == 0
    assert "production" in capsys.readouterr().out
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(User)).one() == 0


def test_the_demo_city_is_found_by_the_production_check(demo_session, session):
    assert (
        demo_password_accounts(demo_session)
        == demo_session.exec(select(func.count()).select_from(User)).one()
    )
    staff.create_admin_from_console(session, PHONE, PASSWORD, "站长")
    assert demo_password_accounts(session) == 0


def test_a_lone_operator_with_the_demo_password_is_found(session):
    staff.create_admin_from_console(session, PHONE, PASSWORD, "站长")
    user = session.exec(select(User)).one()
    user.password_hash = auth.hash_password(DEMO_PASSWORD)  # as an old install might have it
    session.commit()
    assert demo_password_accounts(session) == 1


def test_production_refuses_to_start_on_the_demo_city(demo_engine, tmp_path):
    env = {**production_env(tmp_path / "instance"), "DATABASE_URL": _url(demo_engine)}
    check = _run("-m", "salon_app", "check-production", env=env)
    assert check.returncode == 2
    assert "refuses to start" in check.stderr and DEMO_PASSWORD in check.stderr
    app = _run("-c", "import salon_app.salon_app", env=env)  # what `reflex run` imports first
    assert app.returncode == 2
    assert "refuses to start" in app.stderr
    assert (
        _run("-m", "salon_app", "check-production", env={**env, "SALON_ENV": "dev"}).returncode == 0
    )


def test_production_starts_once_only_real_accounts_remain(engine, tmp_path):
    with Session(engine) as s:
        staff.create_admin_from_console(s, PHONE, PASSWORD, "站长")
    env = {**production_env(tmp_path / "instance"), "DATABASE_URL": _url(engine)}
    assert _run("-m", "salon_app", "check-production", env=env).returncode == 0
