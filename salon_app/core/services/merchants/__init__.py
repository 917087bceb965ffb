"""Merchants (商家端), the shop side: staff and their roles, the shop's information, hours,
closures and media, its public page, announcements, replies to reviews, and technician
onboarding (applications, certificate checks, posts, service areas).

Owns: the one permission table of shop roles (shop_roles: owner, manager, front desk; every
function here checks it and confines itself to the actor's own shop); staff invitations by
phone; business hours and closures (which feed the availability of in-shop services through
availability_data, and never hide booked orders); shop photos and videos; the public shop
page; announcements (published to an audience exactly once); review replies and reports;
shop decisions on applicants and certificates; posts (岗位) and the shop's service areas.
"""

from salon_app.core.services.merchants.announcements import (
    AnnouncementDraft,
    AnnouncementView,
    delete_draft,
    expire_announcement,
    pin_announcement,
    publish_announcement,
    published_announcements,
    save_announcement,
    shop_announcements,
)
from salon_app.core.services.merchants.applicants import (
    ApplicantRow,
    ApplicationDetail,
    PendingTechnician,
    application_detail,
    approve_application,
    list_applications,
    pending_technicians,
    platform_decide_technician,
    reject_application,
)
from salon_app.core.services.merchants.certificate_checks import (
    CHECK_SORTS,
    CertificateCheck,
    CertificateRow,
    certificates_to_check,
    shop_certificate_scan,
    shop_reject_certificate,
    shop_verify_certificate,
)
from salon_app.core.services.merchants.media import (
    MediaView,
    add_shop_photo,
    add_shop_video,
    move_shop_media,
    remove_shop_media,
    set_media_caption,
)
from salon_app.core.services.merchants.opening import (
    ClosureView,
    OpenRange,
    add_closure,
    remove_closure,
    set_business_hours,
)
from salon_app.core.services.merchants.posts import (
    PostView,
    add_post,
    list_posts,
    remove_post,
    set_technician_posts,
)
from salon_app.core.services.merchants.review_replies import (
    ReviewPage,
    ReviewQuery,
    ShopReviewRow,
    reply_to_review,
    report_review,
    shop_reviews,
)
from salon_app.core.services.merchants.shop_info import (
    ShopInfo,
    ShopSettings,
    locate_shop,
    normalize_contact_phone,
    shop_settings,
    update_shop_info,
)
from salon_app.core.services.merchants.shop_page import (
    ShopPage,
    ShopReviewView,
    public_shop_reviews,
    shop_page,
)
from salon_app.core.services.merchants.shop_roles import (
    PERMISSIONS,
    Capability,
    Seat,
    may,
    require_shop,
)
from salon_app.core.services.merchants.staff import (
    StaffInvite,
    StaffList,
    StaffMember,
    change_staff_role,
    invite_staff,
    list_staff,
    remove_staff,
    revoke_invitation,
    sign_up_invited,
    sign_up_or_join,
)
from salon_app.core.services.merchants.team import (
    AreaView,
    TeamMember,
    add_technician_area,
    remove_technician_area,
    shop_technicians,
)

__all__ = [
    "CHECK_SORTS",
    "PERMISSIONS",
    "AnnouncementDraft",
    "AnnouncementView",
    "ApplicantRow",
    "ApplicationDetail",
    "AreaView",
    "Capability",
    "CertificateCheck",
    "CertificateRow",
    "ClosureView",
    "MediaView",
    "OpenRange",
    "PendingTechnician",
    "PostView",
    "ReviewPage",
    "ReviewQuery",
    "Seat",
    "ShopInfo",
    "ShopPage",
    "ShopReviewRow",
    "ShopReviewView",
    "ShopSettings",
    "StaffInvite",
    "StaffList",
    "StaffMember",
    "TeamMember",
    "add_closure",
    "add_post",
    "add_shop_photo",
    "add_shop_video",
    "add_technician_area",
    "application_detail",
    "approve_application",
    "certificates_to_check",
    "change_staff_role",
    "delete_draft",
    "expire_announcement",
    "invite_staff",
    "list_applications",
    "list_posts",
    "list_staff",
    "locate_shop",
    "may",
    "move_shop_media",
    "normalize_contact_phone",
    "pending_technicians",
    "pin_announcement",
    "platform_decide_technician",
    "public_shop_reviews",
    "publish_announcement",
    "published_announcements",
    "reject_application",
    "remove_closure",
    "remove_post",
    "remove_shop_media",
    "remove_staff",
    "remove_technician_area",
    "reply_to_review",
    "report_review",
    "require_shop",
    "revoke_invitation",
    "save_announcement",
    "set_business_hours",
    "set_media_caption",
    "set_technician_posts",
    "shop_announcements",
    "shop_certificate_scan",
    "shop_page",
    "shop_reject_certificate",
    "shop_reviews",
    "shop_settings",
    "shop_technicians",
    "shop_verify_certificate",
    "sign_up_invited",
    "sign_up_or_join",
    "update_shop_info",
]
