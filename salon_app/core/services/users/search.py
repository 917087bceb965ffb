"""Finding users: the operators' user table (search, filters, sort, paging).

Rules: a phone is found only through its look-up hash (crypto.lookup_hash of the normalised
+86 number): an exact match, never a scan of the decrypted numbers, so a phone filter must be
a whole valid mainland mobile number (auth.phone_invalid otherwise). A name matches as a
case-insensitive substring; role and status are exact. Phones are shown masked. Filters are one
dataclass so more (e.g. a tag) can be added without changing callers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from salon_app.core import crypto
from salon_app.core.errors import DomainError
from salon_app.core.models import Role, User
from salon_app.core.paging import Page, TableQuery, paginate
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.auth import mask, normalize_mobile

USER_SORTS = ("name", "role", "created_at", "last_login_at")
STATUSES = ("active", "disabled")
NAME_SEARCH_MAX = 20


@dataclass(frozen=True)
class UserFilters:
    """What the operator filters by; "" means any."""

    phone: str = ""  # a whole mobile number, matched through its look-up hash
    name: str = ""  # a part of the display name
    role: str = ""  # Role
    status: str = ""  # active | disabled


@dataclass(frozen=True)
class UserRow:
    id: int
    display_name: str
    phone_masked: str
    role: str
    admin_role: str | None
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None


def _checked(filters: UserFilters) -> UserFilters:
    """The filters as the query uses them; a bad one is refused (nothing is searched)."""
    phone = filters.phone.strip()
    if phone:
        phone = normalize_mobile(phone)
    if filters.role and filters.role not in Role.__members__:
        raise DomainError("users.unknown_role")
    if filters.status and filters.status not in STATUSES:
        raise DomainError("users.unknown_status")
    name = filters.name.strip()
    if len(name) > NAME_SEARCH_MAX:
        raise DomainError("validation.too_long", field="field.display_name", max=NAME_SEARCH_MAX)
    return UserFilters(phone, name, filters.role, filters.status)


def search_users(
    session: Session, actor: Actor | None, filters: UserFilters, query: TableQuery
) -> Page[UserRow]:
    """One page of users matching every filter (see the module docstring), newest first unless
    `query` sorts otherwise. Needs view_users."""
    require_admin(session, actor, Permission.view_users)
    f = _checked(filters)
    statement = select(
        User.id,
        User.display_name,
        User.phone,
        User.role,
        User.admin_role,
        User.is_active,
        User.created_at,
        User.last_login_at,
    )
    if f.phone:
        statement = statement.where(col(User.phone_hash) == crypto.lookup_hash(f.phone))
    if f.role:
        statement = statement.where(col(User.role) == f.role)
    if f.status:
        statement = statement.where(col(User.is_active).is_(f.status == "active"))
    return paginate(
        session,
        statement,
        replace(query, search=f.name),  # the name: a substring, as paginate searches
        sort_columns={
            "name": col(User.display_name),
            "role": col(User.role),
            "created_at": col(User.created_at),
            "last_login_at": col(User.last_login_at),
        },
        tie_breaker=col(User.id),
        search_columns=[col(User.display_name)],
        row=lambda r: UserRow(r[0], r[1], mask(r[2]), r[3], r[4], r[5], r[6], r[7]),
    )


def user_query(
    search: object = "", sort: object = "", descending: object = False, page: object = 1
) -> TableQuery:
    """The table request made safe; newest accounts first by default."""
    return TableQuery.of(
        USER_SORTS,
        search=search,
        sort=sort,
        descending=descending,
        page=page,
        default_sort="created_at",
        default_descending=True,
    )
