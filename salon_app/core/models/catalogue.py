"""What can be booked: categories (美发, 美容, 美甲, 家政) and their services."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_
from sqlmodel import Field, SQLModel, col

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
    # Cover picture (catalogue/pictures.py): large and thumbnail URLs, "" until one is set.
    image_url: str = Field(default="", max_length=300)
    thumb_url: str = Field(default="", max_length=300)


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
    image_url: str = Field(default="", max_length=300)  # cover, large (gallery: ServicePicture)
    thumb_url: str = Field(default="", max_length=300)  # cover, thumbnail for cards and tables
    published_at: datetime = Field(sa_type=UTCDateTime, index=True)
    is_active: bool = True  # published; False once withdrawn (下架) or before the first publish

    @classmethod
    def on_sale(cls, now: datetime) -> ColumnElement[bool]:
        """Customers see, book and are dispatched to a service that is published and whose
        publish date has come; orders already made keep their service whatever happens."""
        return and_(col(cls.is_active).is_(True), col(cls.published_at) <= now)

    def is_on_sale(self, now: datetime) -> bool:
        return self.is_active and self.published_at <= now
