"""Errors a user can cause: a message key plus parameters, translated by the UI."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule was broken by the caller's input; `key` names the message in the catalogue."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __repr__(self) -> str:
        return f"DomainError({self.key!r}, {self.params!r})"


class PermissionDenied(DomainError):
    """The actor may not do this; the message never says what exists."""

    def __init__(self, key: str = "auth.forbidden", **params: Any) -> None:
        super().__init__(key, **params)
