"""A throwaway PostgreSQL server for tests: a child process on 127.0.0.1, data in a temp dir.

PostgreSQL refuses to run as root, so under root the server (and initdb) run as the
`postgres` system user of the Debian package; otherwise as the current user.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Self

import psycopg
from psycopg import sql

from tests.support.loopback_server import LoopbackServer
from tests.support.ports import free_port

PG_ROOT = Path("/usr/lib/postgresql")
USER = "salon"
SERVER_OPTIONS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
}


def find_bin_dir() -> Path | None:
    """The bin dir of the highest installed PostgreSQL, e.g. /usr/lib/postgresql/15/bin."""
    versions = [p for p in PG_ROOT.glob("*/bin") if (p / "postgres").is_file()]
    versions.sort(key=lambda p: [int(x) for x in re.findall(r"\d+", p.parent.name)] or [0])
    return versions[-1] if versions else None


def postgres_available() -> bool:
    bin_dir = find_bin_dir()
    return bin_dir is not None and (bin_dir / "initdb").is_file()


def _run_as() -> dict[str, Any]:
    """Popen keywords dropping root to the `postgres` user (what `runuser -u postgres` does)."""
    if os.geteuid() != 0:
        return {}
    return {"user": "postgres", "group": "postgres", "extra_groups": []}


class PostgresServer(LoopbackServer):
    """`with PostgresServer() as pg: engine = make_engine(pg.create_database("x"))`."""

    LOG_NAME = "server.log"
    STOP_SIGNAL = signal.SIGQUIT  # "immediate" shutdown, like pg_ctl -m immediate

    def __init__(self, start_timeout: float = 30.0) -> None:
        super().__init__(start_timeout)

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> Self:
        bin_dir = find_bin_dir()
        if bin_dir is None:
            raise RuntimeError(f"no PostgreSQL binaries under {PG_ROOT}")
        self._dir = Path(tempfile.mkdtemp(prefix="salon-pg-"))
        atexit.register(self.stop)
        if os.geteuid() == 0:
            shutil.chown(self._dir, "postgres", "postgres")
        self._initdb(bin_dir)
        for _attempt in range(3):  # the free port may be taken before postgres binds it
            self._launch(bin_dir)
            if self._wait_ready():
                return self
            if self._proc is not None or "could not bind" not in self.log_tail():
                break  # still starting after the timeout, or failed for another reason
        log = self.log_tail()
        self.stop()
        raise RuntimeError(f"PostgreSQL did not start; server log tail:\n{log}")

    # -- databases ---------------------------------------------------------------------
    def url(self, dbname: str = "salon") -> str:
        """SQLAlchemy URL; the `salon` superuser needs no password (trust auth)."""
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self._require_port()}/{dbname}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create a database (optionally a copy of `template`, which nobody may be using)."""
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            query += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        self._admin(query)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        query = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        self._admin(query)

    # -- internals ---------------------------------------------------------------------
    def _initdb(self, bin_dir: Path) -> None:
        assert self._dir is not None
        cmd = [
            str(bin_dir / "initdb"),
            *("-D", str(self._dir / "data"), "-U", USER, "--auth=trust"),
            *("-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"),
        ]
        done = subprocess.run(cmd, cwd=self._dir, capture_output=True, text=True, **_run_as())
        if done.returncode != 0:
            self.stop()
            raise RuntimeError(f"initdb failed ({done.returncode}):\n{done.stdout}{done.stderr}")

    def _launch(self, bin_dir: Path) -> None:
        assert self._dir is not None
        self.port = free_port()
        options = {**SERVER_OPTIONS, "port": str(self.port)}
        options["unix_socket_directories"] = str(self._dir)
        cmd = [str(bin_dir / "postgres"), "-D", str(self._dir / "data")]
        for key, value in options.items():
            cmd += ["-c", f"{key}={value}"]
        self._spawn(cmd, **_run_as())

    def _wait_ready(self) -> bool:
        assert self._proc is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self._proc = None
                return False
            try:
                with psycopg.connect(self._dsn("postgres"), connect_timeout=2):
                    return True
            except psycopg.OperationalError:
                time.sleep(0.05)
        return False

    def _admin(self, query: sql.Composable) -> None:
        with psycopg.connect(self._dsn("postgres"), autocommit=True) as conn:
            conn.execute(query)

    def _dsn(self, dbname: str) -> str:
        return f"host=127.0.0.1 port={self._require_port()} user={USER} dbname={dbname}"

    def _require_port(self) -> int:
        if self.port is None or self._proc is None:
            raise RuntimeError("PostgresServer is not running; call start() first")
        return self.port
