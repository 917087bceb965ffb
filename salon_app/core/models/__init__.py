"""All tables, imported so SQLModel.metadata (and Alembic) sees every one."""

from salon_app.core.models.accounts import SmsMessage, SmsThrottle, VerificationCode
from salon_app.core.models.alert import Alert, AlertNote
from salon_app.core.models.audit import AuditEntry
from salon_app.core.models.backup import Backup, RestoreDrill
from salon_app.core.models.catalogue import Service, ServiceCategory
from salon_app.core.models.catalogue_pictures import ServicePicture
from salon_app.core.models.community import BlockedWord, Post, PostComment, PostFlag, PostLike
from salon_app.core.models.dispatch import DispatchOffer, OrderMessage
from salon_app.core.models.feedback import Complaint, Review, ReviewReport
from salon_app.core.models.incentive import IncentiveAward, IncentiveRule
from salon_app.core.models.jobs import JobRun
from salon_app.core.models.learning import (
    Badge,
    Challenge,
    Course,
    CourseCertificate,
    CourseRequirement,
    Enrollment,
    EventSignup,
    Lesson,
    LessonProgress,
    QuizAttempt,
    QuizQuestion,
    TrainingEvent,
)
from salon_app.core.models.learning_reminders import CourseCertificateReminder
from salon_app.core.models.marketing import (
    Campaign,
    CampaignMember,
    Coupon,
    CouponTemplate,
    Invitation,
    Promotion,
)
from salon_app.core.models.mediation import MediationProposal
from salon_app.core.models.membership import (
    CheckIn,
    Gift,
    GiftRedemption,
    GrowthEntry,
    MemberLevel,
    Membership,
    PointsDraw,
    PointsEntry,
)
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
from salon_app.core.models.order import DiscountLine, Order, OrderEvent, OrderItem, OrderStatus
from salon_app.core.models.points_reminder import PointsReminder
from salon_app.core.models.privacy_number import PrivacyBinding, RelaySandboxBinding
from salon_app.core.models.rate_limit import RateCounter
from salon_app.core.models.recommendation import PopularService, ServiceAffinity
from salon_app.core.models.safety import SosSignal, VisitShare
from salon_app.core.models.schedule import (
    ServiceArea,
    Shift,
    ShiftPattern,
    TimeOff,
    WorkingHours,
)
from salon_app.core.models.segment import CustomerFigures, Segment, UserTag
from salon_app.core.models.settlement import SettlementStatement
from salon_app.core.models.shop_onboarding import CommissionRate, ShopApplication
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
    "Backup",
    "Badge",
    "BlockedWord",
    "Campaign",
    "CampaignMember",
    "CaseStudy",
    "Certificate",
    "CertificateReminder",
    "Challenge",
    "CheckIn",
    "CommissionRate",
    "Complaint",
    "CompletedTraining",
    "Coupon",
    "CouponTemplate",
    "Course",
    "CourseCertificate",
    "CourseCertificateReminder",
    "CourseRequirement",
    "CustomerFigures",
    "DiscountLine",
    "DispatchOffer",
    "Enrollment",
    "EventSignup",
    "Gift",
    "GiftRedemption",
    "GrowthEntry",
    "IncentiveAward",
    "IncentiveRule",
    "Invitation",
    "JobRun",
    "LedgerEntry",
    "Lesson",
    "LessonProgress",
    "MediationProposal",
    "MemberLevel",
    "Membership",
    "Merchant",
    "MerchantStaff",
    "Notification",
    "Order",
    "OrderEvent",
    "OrderItem",
    "OrderMessage",
    "OrderStatus",
    "Payment",
    "PointsDraw",
    "PointsEntry",
    "PointsReminder",
    "PopularService",
    "Post",
    "PostComment",
    "PostFlag",
    "PostLike",
    "PrivacyBinding",
    "Promotion",
    "QuizAttempt",
    "QuizQuestion",
    "RateCounter",
    "Refund",
    "RelaySandboxBinding",
    "RestoreDrill",
    "Review",
    "ReviewReport",
    "Role",
    "Segment",
    "Service",
    "ServiceAffinity",
    "ServiceArea",
    "ServiceCategory",
    "ServicePicture",
    "SettlementStatement",
    "Shift",
    "ShiftPattern",
    "ShopApplication",
    "ShopClosure",
    "ShopMedia",
    "ShopPost",
    "ShopRole",
    "SmsMessage",
    "SmsThrottle",
    "SosSignal",
    "StaffInvitation",
    "Technician",
    "TechnicianApplication",
    "TechnicianPost",
    "TechnicianService",
    "TimeOff",
    "TrainingEvent",
    "User",
    "UserTag",
    "VerificationCode",
    "VisitShare",
    "WorkingHours",
]
