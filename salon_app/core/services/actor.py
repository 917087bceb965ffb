"""Who is acting: derived from a login session on every request, never from the browser."""

from __future__ import annotations

from dataclasses import dataclass

from salon_app.core.models import Role


@dataclass(frozen=True)
class Actor:
    user_id: int
    role: str
    display_name: str
    merchant_id: int | None = None  # shop of a merchant-staff user
    technician_id: int | None = None  # profile of a technician user

    @property
    def home_path(self) -> str:
        return {
            Role.customer: "/",
            Role.technician: "/tech",
            Role.merchant: "/merchant",
            Role.admin: "/admin",
        }[Role(self.role)]
