"""Start the app as the load benchmark measures it, with the test suite's own launchers.

embedded: `reflex run --env prod`, one worker, SQLite with the demo city (what `make run` does).
scaleout<N>: the same app on PostgreSQL + Redis with N granian workers (as the scale-out browser
tests start it). Each stack gets fresh folders (instance, uploads, Reflex's `.states`), so a run
never meets another run's tabs.
"""

from __future__ import annotations

import base64
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from tests.support.app_server import ROOT, AppServer
from tests.support.ports import free_port

LOGS = ROOT / "test-artifacts"


@dataclass
class Stack:
    """A running stack: where to connect, and which processes are the server."""

    name: str
    url: str
    database_url: str
    server: AppServer
    helper_pids: list[int] = field(default_factory=list)  # PostgreSQL, Redis

    def app_processes(self) -> list[psutil.Process]:
        """`reflex run` and every process under it (granian and its workers)."""
        assert self.server.proc is not None
        root = psutil.Process(self.server.proc.pid)
        return [root, *root.children(recursive=True)]

    def helper_processes(self) -> list[psutil.Process]:
        found: list[psutil.Process] = []
        for pid in self.helper_pids:
            try:
                root = psutil.Process(pid)
                found += [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                continue
        return found


def field_keys() -> None:
    """One pair of field keys for the app and this process, so the benchmark can read the demo
    accounts' phones from the app's database (the browser tests do the same)."""
    if "SALON_FIELD_KEY" not in os.environ:
        from cryptography.fernet import Fernet

        os.environ["SALON_FIELD_KEY"] = Fernet.generate_key().decode()
        os.environ["SALON_LOOKUP_KEY"] = base64.urlsafe_b64encode(os.urandom(32)).decode()


def _app_env(folder: Path) -> dict[str, str]:
    instance, uploads, states = folder / "instance", folder / "uploads", folder / "states"
    for path in (instance, uploads, states):
        path.mkdir()
    return {
        "SALON_INSTANCE_DIR": str(instance),
        "REFLEX_UPLOADED_FILES_DIR": str(uploads),
        "REFLEX_STATES_WORKDIR": str(states),  # the disk state manager's pickles of this run
        "SALON_BACKUP_DIR": str(folder / "backups"),
        "SALON_BACKUP_KEY_FILE": str(instance / "backup.key"),
        "SALON_BACKUP_S3_BUCKET": "",
        # Every simulated user comes from 127.0.0.1: per-address limits would refuse them.
        "SALON_LOGIN_ADDRESS_FAILURES": "100000",
        "SALON_SMS_HOURLY_PER_ADDRESS": "100000",
        "SALON_HOLDS_HOURLY_PER_ADDRESS": "100000",
    }


def _start(name: str, env: dict[str, str], database_url: str, helpers: list[int]) -> Stack:
    LOGS.mkdir(exist_ok=True)
    server = AppServer(free_port(), env, LOGS / f"load-{name}.log", free_port())
    started = time.monotonic()
    print(f"  starting {name} (migrate, seed the demo city, build) ...", flush=True)
    server.start(timeout=420)
    print(f"  {name} up at {server.url} in {time.monotonic() - started:.0f} s", flush=True)
    return Stack(name, server.url, database_url, server, helpers)


@contextmanager
def embedded_stack() -> Iterator[Stack]:
    field_keys()
    with tempfile.TemporaryDirectory(prefix="salon-load-") as tmp:
        env = _app_env(Path(tmp))
        stack = _start("embedded", env, f"sqlite:///{env['SALON_INSTANCE_DIR']}/salon.db", [])
        try:
            yield stack
        finally:
            stack.server.stop()


@contextmanager
def scaleout_stack(workers: int) -> Iterator[Stack]:
    from tests.support.postgres import PostgresServer
    from tests.support.redis_server import RedisServer

    field_keys()
    with tempfile.TemporaryDirectory(prefix="salon-load-") as tmp, ExitStack() as servers:
        pg = servers.enter_context(PostgresServer())
        redis = servers.enter_context(RedisServer())
        database_url = pg.create_database("salon_load")
        env = _app_env(Path(tmp)) | {
            "DATABASE_URL": database_url,
            "REDIS_URL": redis.url,
            "GRANIAN_WORKERS": str(workers),
        }
        helpers = [p._proc.pid for p in (pg, redis) if p._proc is not None]
        stack = _start(f"scaleout{workers}", env, database_url, helpers)
        try:
            yield stack
        finally:
            stack.server.stop()


@contextmanager
def stack_named(name: str) -> Iterator[Stack]:
    """`embedded`, `scaleout2`, `scaleout4`, ..."""
    if name == "embedded":
        with embedded_stack() as stack:
            yield stack
    elif name.startswith("scaleout") and name.removeprefix("scaleout").isdigit():
        with scaleout_stack(int(name.removeprefix("scaleout"))) as stack:
            yield stack
    else:
        raise ValueError(f"unknown stack {name!r} (embedded, scaleout2, scaleout4)")
