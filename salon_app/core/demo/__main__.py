"""Command line: `python -m salon_app.core.demo seed | banner | bulk --technicians N --orders M`.

Both work on an existing schema (run the Alembic migrations first); neither creates tables.
"""

from __future__ import annotations

import argparse
import os
import sys

from sqlalchemy import Engine
from sqlmodel import Session

from salon_app.core.db import get_engine, make_engine
from salon_app.core.demo.backups import seed_backup
from salon_app.core.demo.bulk import generate
from salon_app.core.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from salon_app.core.demo.seed import seed_demo


def _engine(url: str | None) -> Engine:
    return make_engine(url) if url else get_engine()


def _production() -> bool:
    return os.environ.get("SALON_ENV", "") == "production"


def _seed(args: argparse.Namespace) -> int:
    if _production():  # demo accounts exist only in the demo city, never in production
        print("SALON_ENV=production: 不加载演示城市 / the demo city is not loaded in production.")
        return 0
    with Session(_engine(args.database_url)) as session:
        loaded = seed_demo(session)
        if loaded:  # the backups page's first backup and drill (core/demo/backups.py)
            result, drill = seed_backup(session)
    print("演示城市已加载。" if loaded else "数据库中已有用户，未重新加载演示数据。")
    if loaded:
        print(f"首个备份 {result.snapshot}: {result.statuses}; 恢复演练: {drill}")
    return 0


def _banner(args: argparse.Namespace) -> int:
    """What `make run` prints before serving: where to go and how to log in."""
    print(f"\n  悦约到家 Salon App → {args.url}\n")
    if _production():
        print("  首位管理员 / first admin: python -m salon_app admin create --phone <mobile>\n")
        return 0
    print(f"  演示账号（密码均为 {DEMO_PASSWORD}）/ demo logins (password {DEMO_PASSWORD}):")
    for role, phone in DEMO_LOGINS:
        print(f"    {role:<11} {phone}")
    print(flush=True)
    return 0


def _bulk(args: argparse.Namespace) -> int:
    engine = _engine(args.database_url)
    print(
        f"generating {args.technicians} technicians, {args.customers} customers, "
        f"{args.orders} orders into {engine.url.render_as_string(hide_password=True)}"
    )
    summary = generate(
        engine,
        technicians=args.technicians,
        orders=args.orders,
        customers=args.customers,
        seed=args.seed,
        progress=lambda message: print(message, flush=True),
    )
    print(
        f"done: {summary.merchants} shops, {summary.technicians} technicians, "
        f"{summary.customers} customers, {summary.orders} orders; "
        f"{summary.rows} rows in {summary.seconds:.1f} s = {summary.rows_per_second:,.0f} rows/s"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m salon_app.core.demo")
    commands = parser.add_subparsers(dest="command", required=True)
    seed = commands.add_parser("seed", help="load the demo city if the database has no users")
    seed.add_argument("--database-url", help="defaults to the configured DATABASE_URL")
    seed.set_defaults(run=_seed)
    banner = commands.add_parser("banner", help="print the URL and the demo logins")
    banner.add_argument("--url", default="http://127.0.0.1:3000")
    banner.set_defaults(run=_banner)
    bulk = commands.add_parser("bulk", help="generate large benchmark data")
    bulk.add_argument("--technicians", type=int, default=10_000)
    bulk.add_argument("--orders", type=int, default=1_000_000)
    bulk.add_argument("--customers", type=int, default=50_000)
    bulk.add_argument("--seed", type=int, default=2026, help="random seed")
    bulk.add_argument("--database-url", help="defaults to the configured DATABASE_URL")
    bulk.set_defaults(run=_bulk)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except RuntimeError as exc:  # e.g. no schema yet: say so instead of a traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
