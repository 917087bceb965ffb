"""The Reflex app: pages registered, API routes mounted. Nothing else."""

import logging

import reflex as rx
from reflex.event import EventSpec

from salon_app import routes
from salon_app.account.page import account_password_page
from salon_app.account.state import AccountState
from salon_app.api.body_limit import BodySizeCap
from salon_app.api.cache_headers import CacheHeaders
from salon_app.api.jobs import upkeep
from salon_app.api.learning import learning_api
from salon_app.api.media import media_api
from salon_app.api.payments import payment_api
from salon_app.auth.pages import forgot_page, login_page, signup_page
from salon_app.auth.state import AuthFormState
from salon_app.campaigns.page import (
    admin_campaign_page,
    admin_campaigns_page,
    merchant_campaigns_page,
)
from salon_app.campaigns.report_state import CampaignReportState
from salon_app.campaigns.state import CampaignsState
from salon_app.certificate_check.page import verify_page
from salon_app.certificate_check.state import VerifyState
from salon_app.community_desk.page import admin_community_page, merchant_community_page
from salon_app.community_desk.state import CommunityDeskState
from salon_app.complaint_desk.page import admin_complaint_desk_page, merchant_complaint_desk_page
from salon_app.complaint_desk.state import ComplaintDeskState
from salon_app.components.legibility import APP_STYLE
from salon_app.components.skeleton import loading_page
from salon_app.core import live_feed
from salon_app.core.demo.guard import refuse_demo_passwords_in_production
from salon_app.core.settings import get_settings
from salon_app.coupon_desk.page import admin_coupons_page, merchant_coupons_page
from salon_app.coupon_desk.state import CouponDeskState
from salon_app.course_desk.page import admin_courses_page, merchant_courses_page
from salon_app.course_desk.state import CourseDeskState
from salon_app.customer.browse.page import category_page, search_page, service_page
from salon_app.customer.browse.state import CategoryState, SearchState, ServiceState
from salon_app.customer.coupons.page import coupon_centre_page, my_coupons_page
from salon_app.customer.coupons.state import CouponCentreState, MyCouponsState
from salon_app.customer.home.page import home_page
from salon_app.customer.home.state import HomeState
from salon_app.customer.invite.page import invite_page
from salon_app.customer.invite.state import InviteState
from salon_app.customer.member.page import me_page, member_page
from salon_app.customer.member.points_page import points_page
from salon_app.customer.member.state import MemberState, MeState, PointsState
from salon_app.customer.orders.page import order_page, orders_page
from salon_app.customer.orders.state import OrdersState, OrderState
from salon_app.customer.shop.page import shop_page
from salon_app.customer.shop.state import ShopPageState
from salon_app.customer.shop_apply.page import shop_apply_page
from salon_app.customer.shop_apply.state import ShopApplyState
from salon_app.customer.technician.page import technician_page
from salon_app.customer.technician.state import BookingState
from salon_app.customer.visit_share.page import visit_share_page
from salon_app.customer.visit_share.state import SharedVisitState
from salon_app.event_desk.page import admin_events_page, merchant_events_page
from salon_app.event_desk.state import EventDeskState, EventSignupsState
from salon_app.i18n import t
from salon_app.merchant.announcements.page import announcements_page
from salon_app.merchant.announcements.state import AnnouncementsState
from salon_app.merchant.course_assignments.page import course_assignments_page
from salon_app.merchant.course_assignments.state import AssignmentsState
from salon_app.merchant.home.page import merchant_home_page
from salon_app.merchant.home.state import MerchantHomeState
from salon_app.merchant.incentives.page import merchant_incentives_page
from salon_app.merchant.incentives.state import MerchantIncentivesState
from salon_app.merchant.live.page import live_map_page
from salon_app.merchant.live.state import LiveMapState
from salon_app.merchant.reviews.page import reviews_page
from salon_app.merchant.reviews.state import ReviewsState
from salon_app.merchant.rota.page import rota_page
from salon_app.merchant.rota.state import RotaState
from salon_app.merchant.shop.page import shop_info_page
from salon_app.merchant.shop.state import ShopInfoState
from salon_app.merchant.staff.page import staff_page
from salon_app.merchant.staff.state import StaffState
from salon_app.merchant.stats.page import merchant_stats_page
from salon_app.merchant.stats.state import MerchantStatsState
from salon_app.merchant.technicians.certificates_state import CertificateChecksState
from salon_app.merchant.technicians.page import technicians_page
from salon_app.merchant.technicians.state import TechniciansState
from salon_app.merchant.technicians.team_state import TeamState
from salon_app.platform.alerts.page import alerts_page
from salon_app.platform.alerts.state import AlertsState
from salon_app.platform.audit.page import admin_audit_page
from salon_app.platform.audit.state import AuditState
from salon_app.platform.backups.page import backups_page
from salon_app.platform.backups.state import BackupsState
from salon_app.platform.catalogue.page import admin_catalogue_page
from salon_app.platform.catalogue.service_page import admin_catalogue_service_page
from salon_app.platform.catalogue.service_state import ServiceEditState
from salon_app.platform.catalogue.state import CategoryTableState, ServiceTableState
from salon_app.platform.course_requirements.page import course_requirements_page
from salon_app.platform.course_requirements.state import RequirementsState
from salon_app.platform.dispatch.page import dispatch_page
from salon_app.platform.dispatch.state import DispatchState
from salon_app.platform.home.page import admin_home_page
from salon_app.platform.home.state import AdminHomeState
from salon_app.platform.membership.page import admin_membership_page
from salon_app.platform.membership.state import AdminMembershipState
from salon_app.platform.segments.page import segments_page
from salon_app.platform.segments.state import SegmentsState
from salon_app.platform.settlement.page import settlement_page
from salon_app.platform.settlement.state import SettlementState
from salon_app.platform.shop_detail.page import admin_shop_detail_page
from salon_app.platform.shop_detail.state import AdminShopDetailState
from salon_app.platform.shops.page import admin_shops_page
from salon_app.platform.shops.state import AdminShopListState, AdminShopsState
from salon_app.platform.staff.page import admin_staff_page
from salon_app.platform.staff.state import OperatorsState
from salon_app.platform.users.detail_page import admin_user_page
from salon_app.platform.users.detail_state import UserDetailState
from salon_app.platform.users.page import admin_users_page
from salon_app.platform.users.state import UsersState
from salon_app.promotions.page import admin_promotions_page, merchant_promotions_page
from salon_app.promotions.state import PromotionsState
from salon_app.tab_states import keep_tab_states_in_memory
from salon_app.technician.community.page import community_page
from salon_app.technician.community.post_page import post_page
from salon_app.technician.community.post_state import PostState
from salon_app.technician.community.state import CommunityState
from salon_app.technician.events.page import tech_events_page
from salon_app.technician.events.state import TechEventsState
from salon_app.technician.home.board_state import JobBoardState
from salon_app.technician.home.page import tech_home_page
from salon_app.technician.home.state import TechHomeState
from salon_app.technician.income.page import income_page
from salon_app.technician.income.state import IncomeState
from salon_app.technician.job.page import job_page
from salon_app.technician.job.state import JobState
from salon_app.technician.learn.page import course_page, learn_page
from salon_app.technician.learn.state import CourseState, LearnState
from salon_app.technician.profile.page import tech_profile_page
from salon_app.technician.profile.state import TechProfileState
from salon_app.technician.profile.training_state import TechTrainingState

log = logging.getLogger("salon_app")
refuse_demo_passwords_in_production()  # production with demo accounts: exit, serve nothing


def backend_error(exception: Exception) -> EventSpec:
    """Anything that is not a domain error is a bug: log it whole, show the user a calm line."""
    log.error("unhandled error in an event handler", exc_info=exception)
    return rx.toast.error(t("error.unexpected"))


# Phone first: installable from the browser (web app manifest), with its icons. The files are in
# assets/, which Reflex serves at the site's root; docs/make_icons.py draws the images.
HEAD = [
    rx.el.meta(name="theme-color", content="#e93d82"),
    rx.el.link(rel="manifest", href="/manifest.webmanifest"),
    rx.el.link(rel="icon", href="/favicon.ico", sizes="48x48"),
    rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml"),
    rx.el.link(rel="apple-touch-icon", href="/apple-touch-icon.png"),
    rx.el.meta(name="apple-mobile-web-app-title", content=t("app.name")),
]

app = rx.App(
    backend_exception_handler=backend_error,
    html_lang=get_settings().locale.replace("_", "-"),
    head_components=HEAD,
    style=APP_STYLE,
    hydrate_fallback=loading_page,  # pages with an id in their address, until scripts run
    # The body cap last: it wraps everything, cache headers included.
    api_transformer=[payment_api(), media_api(), learning_api(), CacheHeaders, BodySizeCap],
)
app.register_lifespan_task(upkeep)
keep_tab_states_in_memory(app)
app.register_lifespan_task(live_feed.run_relay)  # live pages hear the other workers (Redis)

# (page, route, title catalogue key, on_load): one row per page, registered in one loop.
PAGES = [
    (home_page, routes.HOME, "app.name", HomeState.load),
    (search_page, routes.SEARCH, "search.title", SearchState.load),
    (category_page, routes.CATEGORY, "app.name", CategoryState.load),
    (service_page, routes.SERVICE, "app.name", ServiceState.load),
    (technician_page, routes.TECHNICIAN, "app.name", BookingState.load),
    (orders_page, routes.ORDERS, "nav.orders", OrdersState.load),
    (
        order_page,
        routes.ORDER,
        "nav.orders",
        [OrderState.load, OrderState.watch, OrderState.check_payment],
    ),
    (login_page, routes.LOGIN, "auth.login_title", AuthFormState.open_page),
    (signup_page, routes.SIGNUP, "auth.signup_title", AuthFormState.open_page),
    (forgot_page, routes.FORGOT, "auth.forgot_title", AuthFormState.open_page),
    (account_password_page, routes.ACCOUNT_PASSWORD, "account.title", AccountState.load),
    (admin_staff_page, routes.ADMIN_STAFF, "operators.title", OperatorsState.load),
    (backups_page, routes.ADMIN_BACKUPS, "backup.title", BackupsState.load),
    (
        tech_home_page,
        routes.TECH_HOME,
        "tech.title",
        [TechHomeState.load, JobBoardState.load, JobBoardState.watch],
    ),
    (
        tech_profile_page,
        routes.TECH_PROFILE,
        "tech_profile.title",
        [TechProfileState.load, TechTrainingState.load],
    ),
    (job_page, routes.TECH_JOB, "tech.title", [JobState.load, JobState.watch]),
    (visit_share_page, routes.VISIT, "share.page_title", SharedVisitState.load),
    (income_page, routes.TECH_INCOME, "job.income", IncomeState.load),
    (dispatch_page, routes.ADMIN_DISPATCH, "admin.dispatch", DispatchState.load),
    (merchant_home_page, routes.MERCHANT_HOME, "merchant.title", MerchantHomeState.load),
    (merchant_stats_page, routes.MERCHANT_STATS, "stats.title", MerchantStatsState.load),
    (
        merchant_incentives_page,
        routes.MERCHANT_INCENTIVES,
        "incentive.title",
        MerchantIncentivesState.load,
    ),
    (
        technicians_page,
        routes.MERCHANT_TECHNICIANS,
        "merchant.nav.technicians",
        [TeamState.load, TechniciansState.load, CertificateChecksState.load],
    ),
    (
        announcements_page,
        routes.MERCHANT_ANNOUNCEMENTS,
        "merchant.nav.announcements",
        AnnouncementsState.load,
    ),
    (
        course_assignments_page,
        routes.MERCHANT_COURSE_ASSIGNMENTS,
        "assignment.title",
        AssignmentsState.load,
    ),
    (reviews_page, routes.MERCHANT_REVIEWS, "merchant.nav.reviews", ReviewsState.load),
    (admin_home_page, routes.ADMIN_HOME, "admin.title", AdminHomeState.load),
    (shop_info_page, routes.MERCHANT_SHOP, "shop_admin.title", ShopInfoState.load),
    (staff_page, routes.MERCHANT_STAFF, "staff_page.title", StaffState.load),
    (shop_page, routes.SHOP, "app.name", ShopPageState.load),
    (
        merchant_complaint_desk_page,
        routes.MERCHANT_COMPLAINTS,
        "desk.title",
        ComplaintDeskState.load,
    ),
    (admin_complaint_desk_page, routes.ADMIN_COMPLAINTS, "desk.title", ComplaintDeskState.load),
    (rota_page, routes.MERCHANT_ROTA, "rota.title", RotaState.load),
    (live_map_page, routes.MERCHANT_LIVE, "live.title", [LiveMapState.load, LiveMapState.watch]),
    (admin_users_page, routes.ADMIN_USERS, "users.title", UsersState.load),
    (admin_user_page, routes.ADMIN_USER, "users.title", UserDetailState.load),
    (admin_audit_page, routes.ADMIN_AUDIT, "audit.title", AuditState.load),
    (shop_apply_page, routes.SHOP_APPLY, "shop_apply.title", ShopApplyState.load),
    (
        admin_shops_page,
        routes.ADMIN_SHOPS,
        "admin.nav.shops",
        [AdminShopsState.load, AdminShopListState.load],
    ),
    (admin_shop_detail_page, routes.ADMIN_SHOP, "commission.title", AdminShopDetailState.load),
    (
        course_requirements_page,
        routes.ADMIN_COURSE_REQUIREMENTS,
        "requirement.title",
        RequirementsState.load,
    ),
    (settlement_page, routes.ADMIN_SETTLEMENT, "admin.nav.settlement", SettlementState.load),
    (
        admin_catalogue_page,
        routes.ADMIN_CATALOGUE,
        "admin_catalogue.title",
        [ServiceTableState.load, CategoryTableState.load],
    ),
    (
        admin_catalogue_service_page,
        routes.ADMIN_CATALOGUE_SERVICE,
        "admin_catalogue.title",
        ServiceEditState.load,
    ),
    (segments_page, routes.ADMIN_SEGMENTS, "segments.title", SegmentsState.load),
    (alerts_page, routes.ADMIN_ALERTS, "alert.title", [AlertsState.load, AlertsState.watch]),
    (coupon_centre_page, routes.COUPON_CENTRE, "coupon.centre_title", CouponCentreState.load),
    (my_coupons_page, routes.MY_COUPONS, "coupon.mine_title", MyCouponsState.load),
    (admin_coupons_page, routes.ADMIN_COUPONS, "coupon.desk_title", CouponDeskState.load),
    (merchant_coupons_page, routes.MERCHANT_COUPONS, "coupon.desk_title", CouponDeskState.load),
    (me_page, routes.ME, "me.title", MeState.load),
    (member_page, routes.MEMBER, "member.title", MemberState.load),
    (points_page, routes.MY_POINTS, "points.title", PointsState.load),
    (
        admin_membership_page,
        routes.ADMIN_MEMBERSHIP,
        "admin_membership.title",
        AdminMembershipState.load,
    ),
    (admin_promotions_page, routes.ADMIN_PROMOTIONS, "promotions.title", PromotionsState.load),
    (
        merchant_promotions_page,
        routes.MERCHANT_PROMOTIONS,
        "promotions.title",
        PromotionsState.load,
    ),
    (admin_campaigns_page, routes.ADMIN_CAMPAIGNS, "campaigns.title", CampaignsState.load),
    (admin_campaign_page, routes.ADMIN_CAMPAIGN, "campaigns.detail", CampaignReportState.load),
    (merchant_campaigns_page, routes.MERCHANT_CAMPAIGNS, "campaigns.title", CampaignsState.load),
    (invite_page, routes.INVITE, "invite.title", InviteState.load),
    (learn_page, routes.TECH_LEARN, "learn.title", LearnState.load),
    (course_page, routes.TECH_COURSE, "learn.title", CourseState.load),
    (verify_page, routes.VERIFY_CERTIFICATE, "verify.title", VerifyState.load),
    (admin_courses_page, routes.ADMIN_COURSES, "course_desk.title", CourseDeskState.load),
    (merchant_courses_page, routes.MERCHANT_COURSES, "course_desk.title", CourseDeskState.load),
    (community_page, routes.TECH_COMMUNITY, "community.title", CommunityState.load),
    (post_page, routes.TECH_POST, "community.title", PostState.load),
    (
        admin_community_page,
        routes.ADMIN_COMMUNITY,
        "community.admin_title",
        CommunityDeskState.load_admin,
    ),
    (
        merchant_community_page,
        routes.MERCHANT_COMMUNITY,
        "community.merchant_title",
        CommunityDeskState.load_merchant,
    ),
    (tech_events_page, routes.TECH_EVENTS, "events.title", TechEventsState.load),
    (
        admin_events_page,
        routes.ADMIN_EVENTS,
        "events.desk_title",
        [EventDeskState.load, EventSignupsState.load],
    ),
    (
        merchant_events_page,
        routes.MERCHANT_EVENTS,
        "events.desk_title",
        [EventDeskState.load, EventSignupsState.load],
    ),
]
# What search engines and shared links say about a page (meta description); app.description
# for the rest.
DESCRIPTIONS = {
    routes.HOME: "meta.home",
    routes.SERVICE: "meta.service",
    routes.TECHNICIAN: "meta.technician",
    routes.ORDER: "meta.order",
}
for page, route, title_key, on_load in PAGES:
    description = t(DESCRIPTIONS.get(route, "app.description"))
    app.add_page(page, route=route, title=t(title_key), description=description, on_load=on_load)
