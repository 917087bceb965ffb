"""Command line of the app's operators (people with a shell on the server):

    python -m salon_app admin create --phone 13800000000 [--name 张三] [--password-stdin]
    python -m salon_app check-production
    python -m salon_app backup run|list|restore   (salon_app/backup_command.py)

`admin create` opens a super admin account (the first admin of a fresh install); the password
is asked twice without echo, or read from the first line of standard input for scripts.
`check-production` exits non-zero when SALON_ENV=production and an account still has the demo
password (make run calls it before serving). The demo city has its own command:
`python -m salon_app.core.demo`.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlmodel import Session

from salon_app.backup_command import add_backup_commands
from salon_app.core.db import get_engine, make_engine
from salon_app.core.errors import DomainError
from salon_app.core.services import auth, staff
from salon_app.i18n import t

DEFAULT_NAME = "超级管理员"


def _password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码 / password: ")
    if getpass.getpass("再输一次 / again: ") != first:
        print("两次输入的密码不一致 / the passwords differ", file=sys.stderr)
        return None
    return first


def _admin_create(args: argparse.Namespace) -> int:
    try:
        auth.normalize_mobile(args.phone)  # before asking for a password
    except DomainError as err:
        print(t(err.key, **err.params), file=sys.stderr)
        return 1
    password = _password(args)
    if password is None:
        return 1
    engine = make_engine(args.database_url) if args.database_url else get_engine()
    try:
        with Session(engine) as session:
            user_id, first = staff.create_admin_from_console(
                session, args.phone, password, args.name
            )
    except DomainError as err:
        print(t(err.key, **err.params), file=sys.stderr)
        return 1
    what = "第一位超级管理员 / first super admin" if first else "超级管理员 / super admin"
    print(f"已创建{what}: {auth.mask(auth.normalize_mobile(args.phone))} (user {user_id})")
    return 0


def _check_production(_args: argparse.Namespace) -> int:
    from salon_app.core.demo.guard import refuse_demo_passwords_in_production

    refuse_demo_passwords_in_production()  # exits non-zero when it refuses
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m salon_app")
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("admin", help="platform operators")
    admin_commands = admin.add_subparsers(dest="admin_command", required=True)
    create = admin_commands.add_parser("create", help="create a super admin (the first admin)")
    create.add_argument("--phone", required=True, help="mainland mobile number")
    create.add_argument("--name", default=DEFAULT_NAME, help="display name")
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    create.add_argument("--database-url", help="defaults to the configured DATABASE_URL")
    create.set_defaults(run=_admin_create)
    check = commands.add_parser(
        "check-production", help="refuse to go on while accounts have the demo password"
    )
    check.set_defaults(run=_check_production)
    add_backup_commands(commands)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
