"""Every path the app serves, typed once. Dynamic segments use names no state var uses."""

from __future__ import annotations

from urllib.parse import urlencode

HOME = "/"
LOGIN = "/login"
SIGNUP = "/signup"
FORGOT = "/forgot"
ACCOUNT_PASSWORD = "/account/password"
SEARCH = "/search"
CATEGORY = "/category/[category_slug]"
SERVICE = "/service/[service_slug]"
TECHNICIAN = "/technician/[tech_id]"
ORDERS = "/orders"
ORDER = "/orders/[order_code]"
TECH_HOME = "/tech"
TECH_PROFILE = "/tech/profile"
MERCHANT_HOME = "/merchant"
ADMIN_HOME = "/admin"

ROLE_HOME = {
    "customer": HOME,
    "technician": TECH_HOME,
    "merchant": MERCHANT_HOME,
    "admin": ADMIN_HOME,
}


def category(slug: str) -> str:
    return f"/category/{slug}"


def service(slug: str, src: str = "") -> str:
    """A service's page; `src` says where the customer came from (services/sources.py)."""
    return f"/service/{slug}" + (f"?{urlencode({'src': src})}" if src else "")


def technician(tech_id: int | str, service_slug: str = "", src: str = "") -> str:
    """A technician's page; `src` says where the customer came from (services/sources.py)."""
    query = urlencode({k: v for k, v in (("service", service_slug), ("src", src)) if v})
    return f"/technician/{tech_id}" + (f"?{query}" if query else "")


def order(code: str) -> str:
    return f"/orders/{code}"


VISIT = "/visit/[visit_token]"  # share-my-visit (services/safety/share.py)


def visit(token: str) -> str:
    return f"/visit/{token}"


TECH_JOB = "/tech/job/[job_code]"
TECH_INCOME = "/tech/income"
ADMIN_DISPATCH = "/admin/dispatch"
MERCHANT_COMPLAINTS = "/merchant/complaints"
MERCHANT_SHOP = "/merchant/shop"
MERCHANT_STAFF = "/merchant/staff"
MERCHANT_TECHNICIANS = "/merchant/technicians"
MERCHANT_ROTA = "/merchant/rota"
MERCHANT_LIVE = "/merchant/live"
MERCHANT_STATS = "/merchant/stats"
MERCHANT_INCENTIVES = "/merchant/incentives"
MERCHANT_ANNOUNCEMENTS = "/merchant/announcements"
MERCHANT_REVIEWS = "/merchant/reviews"
ADMIN_COMPLAINTS = "/admin/complaints"
# The platform's dashboard pages (their sidebar: salon_app/platform/nav.py)
ADMIN_ALERTS = "/admin/alerts"
ADMIN_USERS = "/admin/users"
ADMIN_USER = "/admin/users/[user_id]"  # one user (platform/users/detail_page.py)
ADMIN_STAFF = "/admin/staff"
ADMIN_AUDIT = "/admin/audit"
ADMIN_SHOPS = "/admin/shops"
ADMIN_CATALOGUE = "/admin/catalogue"
ADMIN_CATALOGUE_SERVICE = "/admin/catalogue/service"  # ?id=<service id>; no id: a new one
ADMIN_SEGMENTS = "/admin/segments"
ADMIN_SETTLEMENT = "/admin/settlement"
ADMIN_SHOP = "/admin/shops/[shop_id]"  # one shop: its commission rates
ADMIN_BACKUPS = "/admin/backups"  # backups and restore drills (issue 13)
# Membership and marketing (issue 11)
ME = "/me"  # 我的: the member centre, coupons, addresses and settings
MEMBER = "/me/member"  # 会员中心: level, progress, points and their expiry, check-in calendar
MY_POINTS = "/me/points"  # the points ledger, and gifts to redeem
MY_COUPONS = "/me/coupons"
COUPON_CENTRE = "/coupons"  # 领券中心: coupons to claim
INVITE = "/me/invite"  # 邀请有礼
ADMIN_MEMBERSHIP = "/admin/membership"  # levels, check-in bonus, gifts
ADMIN_COUPONS = "/admin/coupons"
ADMIN_PROMOTIONS = "/admin/promotions"
ADMIN_CAMPAIGNS = "/admin/campaigns"
ADMIN_CAMPAIGN = "/admin/campaigns/[campaign_id]"  # plan, live figures, evaluation
MERCHANT_COUPONS = "/merchant/coupons"
MERCHANT_PROMOTIONS = "/merchant/promotions"
MERCHANT_CAMPAIGNS = "/merchant/campaigns"
# Technician learning and community (issue 12)
TECH_LEARN = "/tech/learn"  # courses, my certificates, assignments, challenges
TECH_COURSE = "/tech/learn/[course_id]"  # a course: its sections, lessons and quiz
TECH_EVENTS = "/tech/events"  # offline training events: sign up, waitlist, check in
TECH_COMMUNITY = "/tech/community"  # boards and posts
TECH_POST = "/tech/community/[post_id]"
VERIFY_CERTIFICATE = "/verify"  # public: ?serial=<serial>
ADMIN_COURSES = "/admin/courses"
ADMIN_EVENTS = "/admin/events"
ADMIN_COURSE_REQUIREMENTS = "/admin/courses/requirements"  # and the platform's challenges
ADMIN_COMMUNITY = "/admin/community"  # moderation queue and the word filter
MERCHANT_COURSES = "/merchant/courses"  # the shop's courses and assignments with progress
MERCHANT_EVENTS = "/merchant/events"
MERCHANT_COURSE_ASSIGNMENTS = "/merchant/courses/assignments"  # assignments, challenges
MERCHANT_COMMUNITY = "/merchant/community"  # the shop's private board, moderated
SHOP_APPLY = "/shop/apply"  # 商家入驻: a customer applies for a shop


def admin_shop(shop_id: int | str) -> str:
    return f"/admin/shops/{shop_id}"


def admin_campaign(campaign_id: int | str) -> str:
    return f"/admin/campaigns/{campaign_id}"


def admin_catalogue_service(service_id: int | str = "") -> str:
    return ADMIN_CATALOGUE_SERVICE + (f"?{urlencode({'id': service_id})}" if service_id else "")


def tech_job(code: str) -> str:
    return f"/tech/job/{code}"


MERCHANT_TECHNICIANS = "/merchant/technicians"
MERCHANT_ANNOUNCEMENTS = "/merchant/announcements"
MERCHANT_REVIEWS = "/merchant/reviews"
MERCHANT_SHOP = "/merchant/shop"
MERCHANT_STAFF = "/merchant/staff"
SHOP = "/shop/[shop_id]"


def shop(shop_id: int | str) -> str:
    return f"/shop/{shop_id}"


def admin_user(user_id: int | str) -> str:
    return f"/admin/users/{user_id}"


def tech_course(course_id: int | str) -> str:
    return f"/tech/learn/{course_id}"


def tech_post(post_id: int | str) -> str:
    return f"/tech/community/{post_id}"
