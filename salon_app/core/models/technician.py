"""Technicians (技师): profile, prices, certificates, training, case studies, shop applications."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Index, UniqueConstraint, event, text
from sqlmodel import Field, SQLModel

from salon_app.core.models.coarse import technician_coarse
from salon_app.core.models.types import EncryptedDate, EncryptedFloat, UTCDateTime


class Technician(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id", index=True)
    display_name: str = Field(max_length=40)
    gender: str = Field(max_length=8)  # female | male
    # Personal: encrypted. Searches filter on the plain birth year and home cell
    # (models/coarse.py), kept by _keep_coarse below, and decrypt only what they found.
    birth_date: date | None = Field(default=None, sa_type=EncryptedDate)
    birth_year: int | None = None
    years_experience: int = 0
    skills: list[str] = Field(default_factory=list, sa_type=JSON)
    bio: str = Field(default="", max_length=1000)
    photo_url: str = Field(default="", max_length=300)
    # Administrative standing: pending (signed up, not yet approved by a shop or the
    # platform), active, rejected; live status (待岗/工作中/已预约) is derived from orders.
    status: str = Field(default="active", max_length=16)
    home_lat: float | None = Field(default=None, sa_type=EncryptedFloat)
    home_lng: float | None = Field(default=None, sa_type=EncryptedFloat)
    home_cell_lat: float | None = Field(default=None, index=True)
    home_cell_lng: float | None = None
    rating_count: int = 0
    rating_sum: int = 0  # sum of per-review averages x100, so rating = sum / count / 100
    created_at: datetime = Field(sa_type=UTCDateTime)


@event.listens_for(Technician, "before_insert")
@event.listens_for(Technician, "before_update")
def _keep_coarse(mapper, connection, target: Technician) -> None:  # noqa: ANN001
    """The plain coarse columns follow the encrypted values on every ORM write."""
    for name, value in technician_coarse(
        target.birth_date, target.home_lat, target.home_lng
    ).items():
        setattr(target, name, value)


class TechnicianService(SQLModel, table=True):
    """A technician's own price for a service, inside the service's price range."""

    __tablename__ = "technician_service"
    __table_args__ = (UniqueConstraint("technician_id", "service_id"),)
    id: int | None = Field(default=None, primary_key=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    price_fen: int


class Certificate(SQLModel, table=True):
    """A certificate the technician holds; the shop (or the platform) verifies it."""

    id: int | None = Field(default=None, primary_key=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    cert_type: str = Field(default="other", max_length=20)  # certificates.types.CERTIFICATE_TYPES
    name: str = Field(max_length=60)
    number: str = Field(default="", max_length=40)
    issuer: str = Field(default="", max_length=60)
    issued_on: date | None = None
    expires_on: date | None = None  # valid through this local day; None: never expires
    scan_path: str = Field(default="", max_length=300)  # private storage, never /_upload
    status: str = Field(default="pending", max_length=16)  # pending | verified | rejected
    status_reason: str = Field(default="", max_length=200)  # why it was rejected
    # Who decided last (verified or rejected) and when; cleared when it goes back to pending.
    verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    verified_by: int | None = Field(default=None, foreign_key="user.id")


class CertificateReminder(SQLModel, table=True):
    """A reminder sent before a certificate expires: once per threshold and expiry date."""

    __tablename__ = "certificate_reminder"
    __table_args__ = (UniqueConstraint("certificate_id", "days_before", "expires_on"),)
    id: int | None = Field(default=None, primary_key=True)
    certificate_id: int = Field(foreign_key="certificate.id", index=True)
    days_before: int  # 30 or 7
    expires_on: date
    sent_at: datetime = Field(sa_type=UTCDateTime)


class CompletedTraining(SQLModel, table=True):
    """A course the technician finished (培训经历), as they state it; shown on the profile."""

    __tablename__ = "completed_training"
    id: int | None = Field(default=None, primary_key=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    course_name: str = Field(max_length=60)
    organiser: str = Field(max_length=60)  # school, association or shop that ran it
    merchant_id: int | None = Field(default=None, foreign_key="merchant.id")  # run by this shop
    completed_on: date
    hours: int | None = None
    note: str = Field(default="", max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)


class CaseStudy(SQLModel, table=True):
    """Before/after photos of a job."""

    __tablename__ = "case_study"
    id: int | None = Field(default=None, primary_key=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    service_id: int | None = Field(default=None, foreign_key="service.id")
    title: str = Field(max_length=60)
    before_url: str = Field(default="", max_length=300)
    after_url: str = Field(default="", max_length=300)
    created_at: datetime = Field(sa_type=UTCDateTime)


class TechnicianApplication(SQLModel, table=True):
    """A technician asks to join a shop; the shop approves or rejects."""

    __tablename__ = "technician_application"
    __table_args__ = (
        # One pending application per technician and shop, also when two requests race.
        Index(
            "uq_technician_application_pending",
            "technician_id",
            "merchant_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    technician_id: int = Field(foreign_key="technician.id", index=True)
    merchant_id: int = Field(foreign_key="merchant.id", index=True)
    # pending | approved | rejected | withdrawn (joined another shop meanwhile)
    status: str = Field(default="pending", max_length=16)
    message: str = Field(default="", max_length=500)
    decision_reason: str = Field(default="", max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by: int | None = Field(default=None, foreign_key="user.id")
