"""What 猜你喜欢 reads, precomputed by the nightly job (services/recommendations/precompute.py)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class ServiceAffinity(SQLModel, table=True):
    """How many customers booked both services (the diagonal: how many booked the service)."""

    __tablename__ = "service_affinity"
    service_id: int = Field(foreign_key="service.id", primary_key=True)
    other_service_id: int = Field(foreign_key="service.id", primary_key=True)
    customers: int


class PopularService(SQLModel, table=True):
    """Recent orders of a service by customers of a district in a time of week; district ""
    is the whole city, slot "" every time of week."""

    __tablename__ = "popular_service"
    district: str = Field(max_length=20, primary_key=True)
    slot: str = Field(max_length=20, primary_key=True)  # weekday_morning ... weekend_evening
    service_id: int = Field(foreign_key="service.id", primary_key=True)
    orders: int
