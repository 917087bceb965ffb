"""Loopback ports and child-process hygiene for the test servers."""

from __future__ import annotations

import ctypes
import signal
import socket
import threading
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)


_HANDED_OUT: set[int] = set()
_HANDED_OUT_LOCK = threading.Lock()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it), and not
    given out before by this process: two servers started together never get the same one
    (the kernel may pick a port again once its probe socket is closed)."""
    with _HANDED_OUT_LOCK:
        while True:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                sock.bind(("127.0.0.1", 0))
                port = int(sock.getsockname()[1])
            if port not in _HANDED_OUT:
                _HANDED_OUT.add(port)
                return port


def die_with_parent(sig: signal.Signals = signal.SIGTERM) -> Callable[[], None] | None:
    """A `preexec_fn` making the child get `sig` when this process dies, even by SIGKILL.

    Linux ties the signal to the *thread* that forked, so it is only armed when called
    from the main thread (a server started in a worker thread would die with the thread).
    """
    if threading.current_thread() is not threading.main_thread():
        return None

    def arm() -> None:
        _libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)

    return arm
