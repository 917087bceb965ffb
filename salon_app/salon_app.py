"""The Reflex app: pages registered, API routes mounted. Nothing else."""

import logging

import reflex as rx
from reflex.event import EventSpec

from salon_app import routes
from salon_app.api.jobs import upkeep
from salon_app.api.payments import payment_api
from salon_app.auth.pages import login_page, signup_page
from salon_app.auth.state import AuthFormState
from salon_app.complaint_desk.page import admin_complaint_desk_page, merchant_complaint_desk_page
from salon_app.complaint_desk.state import ComplaintDeskState
from salon_app.core.settings import get_settings
from salon_app.customer.browse.page import category_page, search_page, service_page
from salon_app.customer.browse.state import CategoryState, SearchState, ServiceState
from salon_app.customer.home.page import home_page
from salon_app.customer.home.state import HomeState
from salon_app.customer.orders.page import order_page, orders_page
from salon_app.customer.orders.state import OrdersState, OrderState
from salon_app.customer.shop.page import shop_page
from salon_app.customer.shop.state import ShopPageState
from salon_app.customer.technician.page import technician_page
from salon_app.customer.technician.state import BookingState
from salon_app.i18n import t
from salon_app.merchant.announcements.page import announcements_page
from salon_app.merchant.announcements.state import AnnouncementsState
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
from salon_app.platform.dispatch.page import dispatch_page
from salon_app.platform.dispatch.state import DispatchState
from salon_app.platform.home.page import admin_home_page
from salon_app.platform.home.state import AdminHomeState
from salon_app.technician.home.board_state import JobBoardState
from salon_app.technician.home.page import tech_home_page
from salon_app.technician.home.state import TechHomeState
from salon_app.technician.income.page import income_page
from salon_app.technician.income.state import IncomeState
from salon_app.technician.job.page import job_page
from salon_app.technician.job.state import JobState
from salon_app.technician.profile.page import tech_profile_page
from salon_app.technician.profile.state import TechProfileState
from salon_app.technician.profile.training_state import TechTrainingState

log = logging.getLogger("salon_app")


def backend_error(exception: Exception) -> EventSpec:
    """Anything that is not a domain error is a bug: log it whole, show the user a calm line."""
    log.error("unhandled error in an event handler", exc_info=exception)
    return rx.toast.error(t("error.unexpected"))


# Phone first: installable from the browser (web app manifest), with its icons. The files are in
# assets/, which Reflex serves at the site's root; docs/make_icons.py draws the images.
HEAD = [
    rx.el.meta(name="theme-color", content="#e93d82"),
    rx.el.meta(name="description", content=t("app.description")),
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
    api_transformer=payment_api(),
)
app.register_lifespan_task(upkeep)
app.add_page(home_page, route=routes.HOME, title=t("app.name"), on_load=HomeState.load)
app.add_page(search_page, route=routes.SEARCH, title=t("search.title"), on_load=SearchState.load)
app.add_page(category_page, route=routes.CATEGORY, title=t("app.name"), on_load=CategoryState.load)
app.add_page(service_page, route=routes.SERVICE, title=t("app.name"), on_load=ServiceState.load)
app.add_page(
    technician_page, route=routes.TECHNICIAN, title=t("app.name"), on_load=BookingState.load
)
app.add_page(orders_page, route=routes.ORDERS, title=t("nav.orders"), on_load=OrdersState.load)
app.add_page(
    order_page,
    route=routes.ORDER,
    title=t("nav.orders"),
    on_load=[OrderState.load, OrderState.watch, OrderState.check_payment],
)
app.add_page(
    login_page, route=routes.LOGIN, title=t("auth.login_title"), on_load=AuthFormState.open_page
)
app.add_page(
    signup_page, route=routes.SIGNUP, title=t("auth.signup_title"), on_load=AuthFormState.open_page
)
app.add_page(
    tech_home_page,
    route=routes.TECH_HOME,
    title=t("tech.title"),
    on_load=[TechHomeState.load, JobBoardState.load, JobBoardState.watch],
)
app.add_page(
    tech_profile_page,
    route=routes.TECH_PROFILE,
    title=t("tech_profile.title"),
    on_load=[TechProfileState.load, TechTrainingState.load],
)
app.add_page(
    job_page, route=routes.TECH_JOB, title=t("tech.title"), on_load=[JobState.load, JobState.watch]
)
app.add_page(income_page, route=routes.TECH_INCOME, title=t("job.income"), on_load=IncomeState.load)
app.add_page(
    dispatch_page,
    route=routes.ADMIN_DISPATCH,
    title=t("admin.dispatch"),
    on_load=DispatchState.load,
)
app.add_page(
    merchant_home_page,
    route=routes.MERCHANT_HOME,
    title=t("merchant.title"),
    on_load=MerchantHomeState.load,
)
app.add_page(
    merchant_stats_page,
    route=routes.MERCHANT_STATS,
    title=t("stats.title"),
    on_load=MerchantStatsState.load,
)
app.add_page(
    merchant_incentives_page,
    route=routes.MERCHANT_INCENTIVES,
    title=t("incentive.title"),
    on_load=MerchantIncentivesState.load,
)
app.add_page(
    technicians_page,
    route=routes.MERCHANT_TECHNICIANS,
    title=t("merchant.nav.technicians"),
    on_load=[TeamState.load, TechniciansState.load, CertificateChecksState.load],
)
app.add_page(
    announcements_page,
    route=routes.MERCHANT_ANNOUNCEMENTS,
    title=t("merchant.nav.announcements"),
    on_load=AnnouncementsState.load,
)
app.add_page(
    reviews_page,
    route=routes.MERCHANT_REVIEWS,
    title=t("merchant.nav.reviews"),
    on_load=ReviewsState.load,
)
app.add_page(
    admin_home_page, route=routes.ADMIN_HOME, title=t("admin.title"), on_load=AdminHomeState.load
)
app.add_page(
    shop_info_page,
    route=routes.MERCHANT_SHOP,
    title=t("shop_admin.title"),
    on_load=ShopInfoState.load,
)
app.add_page(
    staff_page, route=routes.MERCHANT_STAFF, title=t("staff_page.title"), on_load=StaffState.load
)
app.add_page(shop_page, route=routes.SHOP, title=t("app.name"), on_load=ShopPageState.load)
for desk_page, desk_route in (
    (merchant_complaint_desk_page, routes.MERCHANT_COMPLAINTS),
    (admin_complaint_desk_page, routes.ADMIN_COMPLAINTS),
):
    app.add_page(
        desk_page, route=desk_route, title=t("desk.title"), on_load=ComplaintDeskState.load
    )
app.add_page(rota_page, route=routes.MERCHANT_ROTA, title=t("rota.title"), on_load=RotaState.load)
app.add_page(
    live_map_page,
    route=routes.MERCHANT_LIVE,
    title=t("live.title"),
    on_load=[LiveMapState.load, LiveMapState.watch],
)
