"""All tables, imported so SQLModel.metadata (and Alembic) sees every one."""

from salon_app.core.models.alert import Alert, AlertNote
from salon_app.core.models.audit import AuditEntry
from salon_app.core.models.catalogue import Service, ServiceCategory
from salon_app.core.models.dispatch import DispatchOffer, OrderMessage
from salon_app.core.models.feedback import Complaint, Review, ReviewReport
from salon_app.core.models.incentive import IncentiveAward, IncentiveRule
from salon_app.core.models.jobs import JobRun
from salon_app.core.models.mediation import MediationProposal
from salon_app.core.models.merchant import (
    Announcement,
    Merchant,
    MerchantStaff,
    ShopClosure,
    ShopMedia,
    ShopPost,
    ShopRole,
    StaffInvitation,
    TechnicianPost,
)
from salon_app.core.models.money import LedgerEntry, Payment, Refund
from salon_app.core.models.notification import Notification
from salon_app.core.models.order import Order, OrderEvent, OrderItem, OrderStatus
from salon_app.core.models.schedule import (
    ServiceArea,
    Shift,
    ShiftPattern,
    TimeOff,
    WorkingHours,
)
from salon_app.core.models.technician import (
    CaseStudy,
    Certificate,
    CertificateReminder,
    CompletedTraining,
    Technician,
    TechnicianApplication,
    TechnicianService,
)
from salon_app.core.models.user import AdminRole, AuthSession, Role, User

__all__ = [
    "AdminRole",
    "Alert",
    "AlertNote",
    "Announcement",
    "AuditEntry",
    "AuthSession",
    "CaseStudy",
    "Certificate",
    "CertificateReminder",
    "Complaint",
    "CompletedTraining",
    "DispatchOffer",
    "IncentiveAward",
    "IncentiveRule",
    "JobRun",
    "LedgerEntry",
    "MediationProposal",
    "Merchant",
    "MerchantStaff",
    "Notification",
    "Order",
    "OrderEvent",
    "OrderItem",
    "OrderMessage",
    "OrderStatus",
    "Payment",
    "Refund",
    "Review",
    "ReviewReport",
    "Role",
    "Service",
    "ServiceArea",
    "ServiceCategory",
    "Shift",
    "ShiftPattern",
    "ShopClosure",
    "ShopMedia",
    "ShopPost",
    "ShopRole",
    "StaffInvitation",
    "Technician",
    "TechnicianApplication",
    "TechnicianPost",
    "TechnicianService",
    "TimeOff",
    "User",
    "WorkingHours",
]
