"""A throwaway Redis server for tests: a child process on 127.0.0.1, nothing persisted."""

from __future__ import annotations

import atexit
import shutil
import signal
import tempfile
import time
from pathlib import Path
from typing import Self

import redis

from tests.support.loopback_server import LoopbackServer
from tests.support.ports import free_port


def redis_available() -> bool:
    return shutil.which("redis-server") is not None


class RedisServer(LoopbackServer):
    """`with RedisServer() as r: client = redis.Redis.from_url(r.url)`."""

    LOG_NAME = "redis.log"
    STOP_SIGNAL = signal.SIGTERM

    def __init__(self, start_timeout: float = 10.0) -> None:
        super().__init__(start_timeout)

    @property
    def url(self) -> str:
        if self.port is None or self._proc is None:
            raise RuntimeError("RedisServer is not running; call start() first")
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> Self:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self._dir = Path(tempfile.mkdtemp(prefix="salon-redis-"))  # its cwd and log
        atexit.register(self.stop)
        for _attempt in range(3):  # the free port may be taken before redis binds it
            self._launch(binary)
            if self._wait_ready():
                return self
            if self._proc is not None:
                break  # running but not answering: not a port clash
        log = self.log_tail()
        self.stop()
        raise RuntimeError(f"Redis did not start; log tail:\n{log}")

    def _launch(self, binary: str) -> None:
        assert self._dir is not None
        self.port = free_port()
        cmd = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        cmd += ["--appendonly", "no", "--daemonize", "no", "--dir", str(self._dir)]
        self._spawn(cmd)

    def _wait_ready(self) -> bool:
        assert self._proc is not None and self.port is not None
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + self.start_timeout
        try:
            while time.monotonic() < deadline:
                if self._proc.poll() is not None:
                    self._proc = None
                    return False
                try:
                    if client.ping():
                        return True
                except redis.ConnectionError:
                    time.sleep(0.02)
            return False
        finally:
            client.close()
