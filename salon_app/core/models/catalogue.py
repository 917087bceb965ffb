"""What can be booked: categories (美发, 美容, 美甲, 家政) and their services."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from salon_app.core.models.types import UTCDateTime


class ServiceCategory(SQLModel, table=True):
    __tablename__ = "service_category"
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=30, unique=True)
    name: str = Field(max_length=30)
    icon: str = Field(default="", max_length=40)
    sort_order: int = 0
    # A certificate type (certificates.types) every technician of the category must hold,
    # verified and unexpired, to be found, dispatched or booked; "" when none is required.
    required_certificate: str = Field(default="", max_length=20)


class Service(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    category_id: int = Field(foreign_key="service_category.id", index=True)
    slug: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=40, index=True)
    summary: str = Field(default="", max_length=200)
    process: str = Field(default="", max_length=2000)  # 服务流程
    products: str = Field(default="", max_length=1000)  # products / equipment used
    effect: str = Field(default="", max_length=1000)  # expected effect
    price_min_fen: int
    price_max_fen: int
    duration_min: int
    at_home: bool = False
    in_shop: bool = True
    image_url: str = Field(default="", max_length=300)
    published_at: datetime = Field(sa_type=UTCDateTime, index=True)
    is_active: bool = True
