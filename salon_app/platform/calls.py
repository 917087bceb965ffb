"""How the platform pages call their services beyond SessionState's `_guarded` and `_run`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlmodel import Session

from salon_app.core.db import session_scope
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.services import auth
from salon_app.core.services.access import Actor

T = TypeVar("T")


def refusal_or(service: Callable[..., T], *args: Any) -> T | DomainError:
    """The service's answer, or the bad input it refused (a refused permission still raises,
    so the page guard shows the refusal instead of the page)."""
    try:
        return service(*args)
    except PermissionDenied:
        raise
    except DomainError as err:
        return err


def as_operator(token: str, action: Callable[[Session, Actor | None], T]) -> T:
    """One service call as the tab's operator in a session of its own: for slow work run in a
    thread (argon2, exports). A login that ended raises its reason."""
    with session_scope() as session:
        return action(session, auth.resolve(session, token))
