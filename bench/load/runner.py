"""The scenarios, each on a running stack, each returning its metrics.

- browsing load: N tabs of the user mix with think time; round trips of page loads (opens and
  navigations) ending in the measuring window; server CPU over the window; server memory with
  every tab connected minus before the tabs, per tab.
- logins: 20 browsing tabs while new tabs log in at a steady rate (open /login, submit the
  form, the page it sends to loaded: that is the login's round trip).
- idle live pages: order pages and job boards left open with nothing changing; what the
  server sends them, and what they cost its CPU.
- churn: many short visits (connect, hydrate, move twice, close), for the steady-state run.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass

from bench.load.meter import CpuWindow, rss_kib
from bench.load.protocol import Names, Tab, TabError
from bench.load.stack import Stack
from bench.load.users import Login, Recorder, User, kinds_for, log_in
from bench.load.world import Account, World
from bench.measure import percentile

PAGE_LOADS = ("open", "navigate")


@dataclass
class Context:
    stack: Stack
    names: Names
    world: World
    logins: dict[str, list[Login]]  # kind -> logins kept by browsers


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {f"p{p}_ms": round(percentile(ordered, p), 1) for p in (50, 95, 99)}


def _users(ctx: Context, kinds: list[str], think: float, seed: int) -> list[User]:
    rng = random.Random(seed)
    users = []
    for i, kind in enumerate(kinds):
        pool = ctx.logins.get(kind, [])
        login = pool[i % len(pool)] if pool else None
        if kind != "anonymous" and login is None:
            kind = "anonymous"  # no account of that kind could log in
        users.append(User(ctx.stack.url, ctx.names, ctx.world, kind, login, think, rng))
    return users


async def _start_users(users: list[User], stop: asyncio.Event, rec: Recorder, ramp: float):
    tasks = []
    for i, user in enumerate(users):
        tasks.append(asyncio.create_task(user.run(stop, rec)))
        await asyncio.sleep(ramp / max(len(users), 1))
        if (i + 1) % 200 == 0:
            print(f"    {i + 1} tabs open", flush=True)
    return tasks


async def browsing(
    ctx: Context, tabs: int, seconds: float, think: float, mix: dict[str, int]
) -> dict[str, float]:
    stack, rec, stop = ctx.stack, Recorder(), asyncio.Event()
    cpu = CpuWindow({"server": stack.app_processes, "db": stack.helper_processes})
    rss_before = rss_kib(stack.app_processes)
    users = _users(ctx, kinds_for(tabs, mix), think, seed=tabs)
    ramp = max(2.0, tabs / 40)  # 40 new tabs a second
    tasks = await _start_users(users, stop, rec, ramp)
    await asyncio.sleep(min(think * 2, 5))  # every tab has loaded its first page
    cpu.start()
    start = time.monotonic()
    await asyncio.sleep(seconds)
    end = time.monotonic()
    shares = cpu.stop()
    rss_with = rss_kib(stack.app_processes)
    stop.set()
    await asyncio.gather(*tasks)
    await asyncio.gather(*(u.close() for u in users))
    trips = rec.window(start, end, PAGE_LOADS)
    figures = {
        "clients": tabs,
        **_summary(trips),
        "events_per_s": round(len(trips) / (end - start), 1),
        "errors": len(rec.errors),
        "server_cpu_pct": shares["server"],
        "rss_kib_per_tab": round((rss_with - rss_before) / tabs, 1),
        "server_rss_mib": round(rss_with / 1024, 1),
        "client_cpu_pct": shares["client"],
    }
    if stack.helper_pids:
        figures["db_redis_cpu_pct"] = shares["db"]
    _print_errors(rec)
    return figures


async def logins(
    ctx: Context, rate: float, seconds: float, think: float, browsing_tabs: int = 20
) -> dict[str, dict[str, float]]:
    """`browsing_tabs` anonymous tabs while new tabs log in, `rate` a second (open loop)."""
    stack, rec, stop = ctx.stack, Recorder(), asyncio.Event()
    users = _users(ctx, ["anonymous"] * browsing_tabs, think, seed=7)
    tasks = await _start_users(users, stop, rec, 2.0)
    await asyncio.sleep(2)
    customers = [login.account for login in ctx.logins.get("customer", [])] or list(
        ctx.world.customers
    )
    started: list[asyncio.Task] = []
    start = time.monotonic()
    for i in range(int(rate * seconds)):
        started.append(asyncio.create_task(_timed_login(ctx, customers[i % len(customers)], rec)))
        await asyncio.sleep(max(0.0, start + (i + 1) / rate - time.monotonic()))
    end = time.monotonic()
    stop.set()
    await asyncio.gather(*tasks, *started)
    await asyncio.gather(*(u.close() for u in users))
    _print_errors(rec)
    login_ms = rec.window(start, time.monotonic(), ("login",))
    browse = rec.window(start, end, PAGE_LOADS)
    return {
        f"live_login_{stack.name}_{rate:g}ps": {
            "logins": len(login_ms),
            **_summary(login_ms),
            "logins_per_s": round(len(login_ms) / (end - start), 1),
            "errors": sum(1 for _, what in rec.errors if what.startswith("login")),
        },
        f"live_event_{stack.name}_{browsing_tabs}_during_logins": {
            "clients": browsing_tabs,
            **_summary(browse),
            "events_per_s": round(len(browse) / (end - start), 1),
            "errors": sum(1 for _, what in rec.errors if not what.startswith("login")),
        },
    }


async def _timed_login(ctx: Context, account: Account, rec: Recorder) -> None:
    try:
        tab, ms, _ = await log_in(ctx.stack.url, ctx.names, account)
    except (TabError, OSError) as err:
        rec.failed("login", err)
        return
    rec.ok("login", ms)
    await tab.close()


async def idle_pages(ctx: Context, pages: int, seconds: float) -> dict[str, float]:
    """`pages` live pages left open with nothing changing (half order pages of their
    customers, half job boards of their technicians): what the server sends each of them a
    second, and the server's CPU meanwhile (next to its CPU with no tab open)."""
    stack = ctx.stack
    cpu = CpuWindow({"server": stack.app_processes})
    cpu.start()
    await asyncio.sleep(5)
    before = cpu.stop()["server"]
    tabs: dict[str, list[Tab]] = {"order_page": [], "job_board": []}
    for i in range(pages):
        name, kind = (("order_page", "customer"), ("job_board", "technician"))[i % 2]
        pool = ctx.logins.get(kind, [])
        if not pool:
            continue
        login = pool[i // 2 % len(pool)]
        live = [p for p in login.account.pages if p.path.startswith(("/orders/", "/tech"))]
        tab = Tab(stack.url, ctx.names)
        tab.auth_token, tab.devices = login.auth_token, login.devices
        try:
            await tab.open(live[0], tab.stored_vars())
        except (TabError, OSError) as err:
            print(f"    idle page did not open: {err}", flush=True)
            await tab.close()
            continue
        tabs[name].append(tab)
    await asyncio.sleep(5)  # each page's first look (live.py reloads once) is over
    counts = {name: sum(t.received for t in group) for name, group in tabs.items()}
    cpu.start()
    await asyncio.sleep(seconds)
    shares = cpu.stop()
    rates = {
        name: round((sum(t.received for t in group) - counts[name]) / seconds / len(group), 3)
        for name, group in tabs.items()
        if group
    }
    opened = [t for group in tabs.values() for t in group]
    await asyncio.gather(*(t.close() for t in opened))
    return {
        "tabs": len(opened),
        "events_per_s": round(max(rates.values(), default=0.0), 3),
        **{f"{name}_events_per_s": r for name, r in rates.items()},
        "server_cpu_pct": shares["server"],
        "server_cpu_pct_no_tabs": before,
        "seconds": seconds,
    }


async def churn(ctx: Context, visits: int, mix: dict[str, int], concurrency: int = 40) -> int:
    """`visits` short visits (open, move twice, close); the number that failed."""
    gate, failed, done = asyncio.Semaphore(concurrency), 0, 0
    users = _users(ctx, kinds_for(visits, mix), think=0.0, seed=visits)

    async def visit(user: User) -> None:
        nonlocal failed, done
        async with gate:
            try:
                page = await user._open(Recorder())
                for _ in range(2):
                    page = user._next(page)
                    await user.tab.navigate(page)  # type: ignore[union-attr]
            except (TabError, OSError):
                failed += 1
            await user.close()
            done += 1
            if done % 500 == 0:
                print(f"    {done} visits", flush=True)

    await asyncio.gather(*(visit(u) for u in users))
    return failed


def _print_errors(rec: Recorder) -> None:
    if rec.errors:
        print(f"    {len(rec.errors)} errors, e.g. {rec.errors[0][1]}", flush=True)
