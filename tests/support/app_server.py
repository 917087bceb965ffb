"""Start the real app (`reflex run --env prod`) on a free loopback port, for browser tests.

The database is migrated with Alembic and the demo city loaded, exactly as `make run` does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


class AppServer:
    """The app plus its local payment sandbox, both on loopback, as `make run` starts them."""

    def __init__(self, port: int, env: dict[str, str], log_path: Path, pay_port: int) -> None:
        self.port = port
        self.pay_port = pay_port
        self.env = {
            **os.environ,
            **env,
            "SALON_PUBLIC_URL": f"http://localhost:{port}",
            "SALON_PAY_SANDBOX_PORT": str(pay_port),
            "SALON_STRICT_LOOP": "1",  # slow work on the event loop fails (core/event_loop.py)
        }
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.sandbox: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        # The build bakes "localhost" into the frontend's backend address: use the same host.
        return f"http://localhost:{self.port}"

    def _run(self, *args: str) -> None:
        subprocess.run(args, cwd=ROOT, env=self.env, check=True, capture_output=True)

    def prepare_database(self) -> None:
        self._run(str(VENV_BIN / "alembic"), "-c", "alembic/alembic.ini", "upgrade", "head")
        self._run(str(VENV_BIN / "python"), "-m", "salon_app.core.demo", "seed")

    def start(self, timeout: float = 240) -> AppServer:
        self.prepare_database()
        log = self.log_path.open("wb")
        self.sandbox = subprocess.Popen(
            [
                str(VENV_BIN / "python"),
                "-m",
                "salon_app.core.integrations.payments.sandbox",
                "--port",
                str(self.pay_port),
                "--notify-base",
                f"http://127.0.0.1:{self.port}",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.proc = subprocess.Popen(
            [
                str(VENV_BIN / "reflex"),
                "run",
                "--env",
                "prod",
                "--backend-port",
                str(self.port),
                "--frontend-port",
                str(self.port),
                "--loglevel",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() ends every worker
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()  # the sandbox too
                raise RuntimeError(f"app exited early:\n{self.log_tail()}")
            try:
                ping = httpx.get(f"{self.url}/ping", timeout=2)
                if ping.status_code == 200 and httpx.get(self.url, timeout=5).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(1)
        self.stop()
        raise RuntimeError(f"app not ready in {timeout}s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.sandbox is not None and self.sandbox.poll() is None:
            self.sandbox.terminate()
            self.sandbox.wait(10)
        if self.proc is None or self.proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(wait)
                return
            except subprocess.TimeoutExpired:
                continue
            except ProcessLookupError:
                return
