"""How long one argon2id hash takes, and how many a core can do per second (issue 14).

    .venv/bin/python -m bench.argon2_cost

Prints wall and CPU time per hash for the app's parameters (settings) and OWASP's minimums,
each with one lane (p=1) and with argon2-cffi's default four lanes (p=4): with p=4 one hash
runs four threads and takes every core of a small server, whatever thread pool calls it.
Not a test: figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import statistics
import time

from argon2 import PasswordHasher

ROUNDS = 20
CASES = [  # (label, time_cost, memory_kib, parallelism)
    ("app default t=3 m=64MiB p=4 (before)", 3, 65536, 4),
    ("app default t=3 m=64MiB p=1", 3, 65536, 1),
    ("OWASP t=2 m=19MiB p=1", 2, 19456, 1),
    ("OWASP t=1 m=46MiB p=1", 1, 47104, 1),
]


def measure(time_cost: int, memory_kib: int, lanes: int) -> tuple[float, float]:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=lanes)
    stored = hasher.hash("warm-up password 1")
    walls, cpus = [], []
    for _ in range(ROUNDS):
        wall, cpu = time.perf_counter(), time.process_time()
        hasher.verify(stored, "warm-up password 1")
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def main() -> None:
    print(f"{'parameters':40} {'wall ms':>8} {'cpu ms':>8} {'per core/s':>10}")
    for label, t, m, p in CASES:
        wall, cpu = measure(t, m, p)
        print(f"{label:40} {wall:8.1f} {cpu:8.1f} {1000 / cpu:10.1f}")


if __name__ == "__main__":
    main()
