"""Production refuses to start while any account still has the demo password.

`make run` and the app itself (salon_app/salon_app.py, at import, before anything is served)
call `refuse_demo_passwords_in_production()`; with SALON_ENV=production and such accounts it
logs why and exits with status 2. Which accounts are checked: services/auth/known_password.py.
"""

from __future__ import annotations

import logging
import os
import sys

from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlmodel import Session

from salon_app.core.db import get_engine
from salon_app.core.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from salon_app.core.production_settings import refuse_unsafe_settings_in_production
from salon_app.core.services import auth

log = logging.getLogger("salon_app.production")
PRODUCTION = "production"
EXIT_DEMO_PASSWORDS = 2


def demo_password_accounts(session: Session) -> int:
    """How many accounts can still log in with the demo password."""
    return auth.accounts_with_password(session, DEMO_PASSWORD, [p for _, p in DEMO_LOGINS])


def refuse_demo_passwords_in_production() -> None:
    """Exit (status 2, with the reason logged and printed) when SALON_ENV=production and an
    account still has the demo password; anywhere else, do nothing. Demo settings (sandbox
    gateways, demo keys, half-set keys) are refused first (core/production_settings.py)."""
    if os.environ.get("SALON_ENV", "") != PRODUCTION:
        return
    refuse_unsafe_settings_in_production()
    try:
        with Session(get_engine()) as session:
            found = demo_password_accounts(session)
    except (OperationalError, ProgrammingError):  # no schema yet: nothing to refuse
        return
    if not found:
        return
    message = (
        f"SALON_ENV=production refuses to start: {found} account(s) still have the demo "
        f"password ({DEMO_PASSWORD}). The demo city is for trying the app: start production "
        "on an empty database and create the first admin with "
        "`python -m salon_app admin create --phone <mobile>`."
    )
    log.critical(message)
    print(message, file=sys.stderr, flush=True)
    raise SystemExit(EXIT_DEMO_PASSWORDS)
