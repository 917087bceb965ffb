"""A throwaway S3 server for tests: moto's server (`moto_server`) on 127.0.0.1, speaking the
real S3 protocol over HTTP, so boto3 goes through signing, multipart upload and ranged reads
exactly as against a real bucket. Nothing is persisted."""

from __future__ import annotations

import atexit
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Self

import httpx

from tests.support.loopback_server import LoopbackServer
from tests.support.ports import free_port

ACCESS_KEY = "testing-access"
SECRET_KEY = "testing-secret"


def s3_server_available() -> bool:
    return (Path(sys.executable).parent / "moto_server").exists() or bool(
        shutil.which("moto_server")
    )


class S3Server(LoopbackServer):
    """`with S3Server() as s3: boto3.client("s3", endpoint_url=s3.url, ...)`."""

    LOG_NAME = "moto.log"
    STOP_SIGNAL = signal.SIGTERM

    def __init__(self, start_timeout: float = 20.0) -> None:
        super().__init__(start_timeout)

    @property
    def url(self) -> str:
        if self.port is None or self._proc is None:
            raise RuntimeError("S3Server is not running; call start() first")
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Self:
        local = Path(sys.executable).parent / "moto_server"
        binary = str(local) if local.exists() else shutil.which("moto_server")
        if binary is None:
            raise RuntimeError("moto_server is not installed (pip install 'moto[server]')")
        self._dir = Path(tempfile.mkdtemp(prefix="salon-s3-"))
        atexit.register(self.stop)
        for _attempt in range(3):
            self.port = free_port()
            self._spawn([binary, "-H", "127.0.0.1", "-p", str(self.port)])
            if self._wait_ready():
                return self
        log = self.log_tail()
        self.stop()
        raise RuntimeError(f"moto_server did not start; log tail:\n{log}")

    def _wait_ready(self) -> bool:
        assert self._proc is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self._proc = None
                return False
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/", timeout=1)
                return True
            except httpx.HTTPError:
                time.sleep(0.1)
        return False
