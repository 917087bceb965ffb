"""Finding accounts that still use a known password (the demo city's), without a full scan.

Argon2 makes every check cost tens of milliseconds on purpose, so checking every account of a
large database at start-up is out of the question. The candidates are the ones that matter:
- every hash shared by two or more accounts: argon2 salts each hash, so a shared hash was
  written by a bulk loader (the demo seed hashes its password once for all its accounts);
- every platform operator's hash (few, and the most dangerous accounts);
- the hashes of the phones given (the demo logins printed in the README).
New passwords can never be the demo password (validate_password refuses it), so an account gets
it only from the demo seed.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, or_
from sqlmodel import Session, select

from salon_app.core import crypto
from salon_app.core.models import Role, User
from salon_app.core.services.auth.passwords import verify_password
from salon_app.core.services.auth.phones import normalize_mobile


def accounts_with_password(session: Session, password: str, phones: Iterable[str] = ()) -> int:
    """How many accounts (among the candidates above) have `password`."""
    hashes = {crypto.lookup_hash(normalize_mobile(p)) for p in phones}
    shared = select(User.password_hash).group_by(User.password_hash).having(func.count() > 1)
    candidates = session.exec(
        select(User.password_hash)
        .where(
            or_(
                User.password_hash.in_(shared),
                User.role == Role.admin,
                User.phone_hash.in_(hashes),
            )
        )
        .distinct()
        .order_by(User.password_hash)
    ).all()
    matching = [h for h in candidates if verify_password(h, password)]
    if not matching:
        return 0
    return session.exec(select(func.count(User.id)).where(User.password_hash.in_(matching))).one()
