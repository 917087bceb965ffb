"""What the throwaway test servers (PostgreSQL, Redis) share: one child process on 127.0.0.1
with its own temp dir and log file, stopped and cleaned up on exit even if a test forgets."""

from __future__ import annotations

import atexit
import shutil
import signal
import subprocess
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self

from tests.support.ports import die_with_parent


class LoopbackServer:
    """Subclasses write `start()` (which calls `_spawn`) and name their log and stop signal."""

    LOG_NAME: ClassVar[str]
    STOP_SIGNAL: ClassVar[signal.Signals]

    def __init__(self, start_timeout: float) -> None:
        self.start_timeout = start_timeout
        self.port: int | None = None
        self._dir: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(self.STOP_SIGNAL)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        directory, self._dir = self._dir, None
        if directory is not None:
            shutil.rmtree(directory, ignore_errors=True)
        atexit.unregister(self.stop)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def log_tail(self, lines: int = 40) -> str:
        log = self._dir / self.LOG_NAME if self._dir else None
        if log is None or not log.exists():
            return "(no log)"
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])

    def _spawn(self, cmd: list[str], **popen: Any) -> None:
        """Run `cmd` in the server's dir, its output in the log; it dies with this process."""
        assert self._dir is not None
        with open(self._dir / self.LOG_NAME, "wb") as log:
            self._proc = subprocess.Popen(
                cmd,
                cwd=self._dir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C in the terminal is for pytest, not us
                preexec_fn=die_with_parent(self.STOP_SIGNAL),
                **popen,
            )
