"""The live app under load: simulated browser tabs on Reflex's websocket (bench/load/).

`python -m bench.bench_load` runs the full set (about 20 minutes; `make bench-load`) and merges
the metrics into bench/results.json:
  live_event_<stack>_<tabs>       page-load round trips of N tabs (embedded 50/100/200/400,
                                  scaleout2 200/400/800, scaleout4 400/800)
  live_event_embedded_400_steady  the same after 2,000 short visits in the last hour
  live_login_<stack>_10ps         logins at 10/s (submit -> the page it sends to has loaded)
  live_event_<stack>_20_during_logins   20 browsing tabs meanwhile
  live_idle_<stack>               messages/s the server sends an idle order page / job board,
                                  and its CPU with 100 of them open
One stack or tab count:  python -m bench.bench_load --stack embedded --tabs 50 --seconds 20
(add --logins 10 for the login scenario, --idle 100 for idle live pages, --steady for the
steady-state run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLAN: dict[str, list[int]] = {
    "embedded": [50, 100, 200, 400],
    "scaleout2": [200, 400, 800],
    "scaleout4": [400, 800],
}
STEADY_STACK, STEADY_TABS = "embedded", 400
ACCOUNTS = {"customer": 20, "technician": 20, "merchant": 5}
IDLE_PAGES = 100  # half order pages, half job boards


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench.bench_load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--stack", action="append", choices=list(PLAN), help="default: all three")
    p.add_argument("--tabs", action="append", type=int, help="default: the stack's plan")
    p.add_argument("--seconds", type=float, default=30, help="measuring window per tab count")
    p.add_argument("--think", type=float, default=1.0, help="seconds between a tab's moves")
    p.add_argument(
        "--mix", default="", help="e.g. anonymous=70,customer=15,technician=10,merchant=5"
    )
    p.add_argument("--logins", type=float, default=None, help="logins/s of the login scenario")
    p.add_argument("--login-seconds", type=float, default=30, help="login scenario window")
    p.add_argument("--idle", type=int, default=None, help="idle live pages (order pages, boards)")
    p.add_argument("--idle-seconds", type=float, default=60, help="idle-page window")
    p.add_argument("--steady", action="store_true", help="churn, then the largest count again")
    p.add_argument("--churn", type=int, default=2000, help="short visits before the steady run")
    p.add_argument("--json", type=Path, help="also write the metrics to this file")
    p.add_argument("--no-write", action="store_true", help="do not merge into results.json")
    return p


async def _on_stack(name: str, args: argparse.Namespace, out: dict[str, dict]) -> None:
    from bench import load

    mix = load.parse_mix(args.mix) if args.mix else load.DEFAULT_MIX
    full = not args.stack
    with load.stack_named(name) as stack:
        names, world = load.event_names(), load.read_world(stack.database_url)
        print(
            f"  {len(world.browse)} pages, {len(world.customers)} customers, "
            f"{len(world.technicians)} technicians, {len(world.merchants)} merchants",
            flush=True,
        )
        pools = {"customer": world.customers, "technician": world.technicians}
        pools["merchant"] = world.merchants
        logins = {}
        for kind, count in ACCOUNTS.items():
            logins[kind] = await load.log_in_accounts(stack.url, names, list(pools[kind][:count]))
        print("  logged in: " + ", ".join(f"{len(v)} {k}s" for k, v in logins.items()), flush=True)
        ctx = load.Context(stack, names, world, logins)

        def record(metric: str, figures: dict) -> None:
            out[metric] = figures
            print(
                f"  {metric:38s} " + "  ".join(f"{k}={v}" for k, v in figures.items()), flush=True
            )

        # First: every login leaves a login-watch task behind (it outlives its tab).
        idle = args.idle if args.idle is not None else (IDLE_PAGES if full else 0)
        if idle > 0:
            print(f"  -- {idle} idle live pages, {args.idle_seconds:g} s", flush=True)
            record(f"live_idle_{name}", await load.idle_pages(ctx, idle, args.idle_seconds))
        for tabs in args.tabs or PLAN[name]:
            print(f"  -- {tabs} tabs, {args.seconds:g} s", flush=True)
            figures = await load.browsing(ctx, tabs, args.seconds, args.think, mix)
            record(f"live_event_{name}_{tabs}", figures)
        rate = args.logins if args.logins is not None else (10.0 if full else 0.0)
        if rate > 0:
            print(f"  -- {rate:g} logins/s beside 20 browsing tabs, {args.login_seconds:g} s")
            for metric, figures in (
                await load.logins(ctx, rate, args.login_seconds, args.think)
            ).items():
                record(metric, figures)
        if args.steady or (full and name == STEADY_STACK):
            tabs = max(args.tabs or [STEADY_TABS])
            print(f"  -- steady state: {args.churn} short visits, then {tabs} tabs", flush=True)
            started = time.monotonic()
            failed = await load.churn(ctx, args.churn, mix)
            print(
                f"    {args.churn} visits in {time.monotonic() - started:.0f} s, {failed} failed",
                flush=True,
            )
            figures = await load.browsing(ctx, tabs, args.seconds, args.think, mix)
            record(f"live_event_{name}_{tabs}_steady", {**figures, "visits_before": args.churn})


def main(argv: list[str] | None = None) -> dict[str, dict]:
    args = _parser().parse_args(argv)
    os.environ.setdefault("CI", "1")
    out: dict[str, dict] = {}
    started = time.monotonic()
    for name in args.stack or list(PLAN):
        print(f"== load: {name}", flush=True)
        asyncio.run(_on_stack(name, args, out))
        print(f"   ({(time.monotonic() - started) / 60:.1f} min so far)", flush=True)
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    if not args.no_write:
        results_path = HERE / "results.json"
        results = json.loads(results_path.read_text()) if results_path.exists() else {}
        results.update(out)
        results_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(f"merged {len(out)} metrics into {results_path.relative_to(HERE.parent)}")
    return out


def run() -> dict[str, dict]:
    """For `make bench` (bench/run.py): the full set in a child process, so the stack's field
    keys and event loop do not meet the other benchmarks' dataset settings."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "load.json"
        cmd = [sys.executable, "-m", "bench.bench_load", "--json", str(out), "--no-write"]
        subprocess.run(cmd, cwd=HERE.parent, check=True)
        return json.loads(out.read_text())


if __name__ == "__main__":
    main()
