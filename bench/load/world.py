"""What the simulated users know: the app's event names and compiled-frontend constants, and
the demo city's pages and accounts read from the running stack's database."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from bench.load.protocol import Names, Page
from tests.support.app_server import ROOT

CONTEXT_JS = ROOT / ".web" / "utils" / "context.jsx"


def _constant(source: str, name: str) -> object:
    found = re.search(rf"export const {name} = (.*)", source)
    return json.loads(found.group(1)) if found else None


def event_names(context_js: Path = CONTEXT_JS) -> Names:
    """Names from the app's state classes; schema and hashes from the built frontend (the
    server start builds it), left out (as an older frontend does) when there is none."""
    from reflex.state import OnLoadInternalState, State, UpdateVarsInternalState

    from salon_app.auth.state import AuthFormState

    source = context_js.read_text() if context_js.exists() else ""
    storage = (_constant(source, "clientStorage") or {}).get("local_storage", {})
    by_name = {options.get("name"): var for var, options in storage.items()}
    root = State.get_full_name()
    session = AuthFormState.get_parent_state().get_full_name()  # type: ignore[union-attr]
    return Names(
        root=root,
        on_load=f"{OnLoadInternalState.get_full_name()}.on_load_internal",
        update_vars=f"{UpdateVarsInternalState.get_full_name()}.update_vars_internal",
        log_in=f"{AuthFormState.get_full_name()}.log_in",
        auth_var=by_name.get("salon_token", f"{session}.auth_token_rx_state_"),
        device_var=by_name.get(
            "salon_device", f"{root}.salon_app___auth___state____device_state.tokens_rx_state_"
        ),
        schema=str(_constant(source, "stateSchema") or ""),
        hashes=tuple(_constant(source, "initialStateHashes") or ()),
    )


@dataclass(frozen=True)
class Account:
    phone: str
    pages: tuple[Page, ...]  # the pages this user moves between once logged in


@dataclass(frozen=True)
class World:
    browse: tuple[Page, ...]  # anonymous pages: home, search, category, service, technician
    customers: tuple[Account, ...]  # with their orders page and order pages
    technicians: tuple[Account, ...]  # job board (and their job pages)
    merchants: tuple[Account, ...]  # shop dashboards


def _mounts() -> dict[str, tuple]:
    from salon_app.auth.login_watch import LoginWatchState
    from salon_app.customer.campaign_banner import CampaignBannerState
    from salon_app.customer.recommend.state import RecommendState
    from salon_app.technician.home.learning import MyLearningState

    watch = (f"{LoginWatchState.get_full_name()}.watch", ())
    recommend = f"{RecommendState.get_full_name()}.load"
    return {
        "watch": watch,
        "home": (
            (f"{CampaignBannerState.get_full_name()}.load", ()),
            (recommend, (("service_slug", ""),)),
            watch,
        ),
        "recommend": recommend,
        "tech": (watch, (f"{MyLearningState.get_full_name()}.load", ())),
    }


def read_world(database_url: str, accounts: int = 40) -> World:
    """Pages and accounts of the demo city in the stack's database (phones decrypted with the
    field keys the stack was started with: stack.field_keys)."""
    from sqlmodel import Session, select

    from salon_app import routes
    from salon_app.core.db import make_engine
    from salon_app.core.models import (
        MerchantStaff,
        Order,
        Service,
        ServiceCategory,
        Technician,
        User,
    )

    mounts = _mounts()
    watch = (mounts["watch"],)
    engine = make_engine(database_url)
    try:
        with Session(engine) as s:
            categories = s.exec(select(ServiceCategory.slug)).all()
            services = s.exec(select(Service.slug, Service.name).where(Service.is_active)).all()
            tech_ids = s.exec(select(Technician.id).where(Technician.status == "active")).all()
            orders = s.exec(select(Order.customer_id, Order.technician_id, Order.code)).all()
            techs = dict(s.exec(select(Technician.id, Technician.user_id)).all())
            owners = s.exec(
                select(MerchantStaff.user_id).where(MerchantStaff.role == "owner")
            ).all()
            phones = dict(s.exec(select(User.id, User.phone).where(User.is_active)).all())
    finally:
        engine.dispose()

    browse = [Page(routes.HOME, mount=mounts["home"]), Page(routes.SEARCH)]
    browse += [Page(routes.SEARCH, (("q", name),)) for _, name in services[:8]]
    browse += [Page(routes.category(c), (("category_slug", c),), watch) for c in categories]
    for slug, _ in services:
        mount = ((mounts["recommend"], (("service_slug", slug),)), *watch)
        browse.append(Page(routes.service(slug), (("service_slug", slug),), mount))
    browse += [Page(routes.technician(t), (("tech_id", str(t)),), watch) for t in tech_ids[:40]]

    by_customer: dict[int, list[str]] = {}
    by_tech_user: dict[int, list[str]] = {}
    for customer_id, tech_id, code in orders:
        by_customer.setdefault(customer_id, []).append(code)
        if tech_id in techs:
            by_tech_user.setdefault(techs[tech_id], []).append(code)

    orders_page = Page(routes.ORDERS, mount=watch)
    customers = [
        Account(
            phones[user_id],
            (
                orders_page,
                *(Page(routes.order(c), (("order_code", c),), watch) for c in codes[-3:]),
                *browse[:1],
            ),
        )
        for user_id, codes in sorted(by_customer.items(), key=lambda kv: -len(kv[1]))
        if user_id in phones
    ][:accounts]
    board = Page(routes.TECH_HOME, mount=mounts["tech"])
    technicians = [
        Account(
            phones[user_id],
            (board, *(Page(f"/tech/job/{c}", (("job_code", c),), watch) for c in codes[-2:])),
        )
        for user_id, codes in by_tech_user.items()
        if user_id in phones
    ][:accounts]
    merchant_pages = (
        Page(routes.MERCHANT_HOME, mount=watch),
        Page(routes.MERCHANT_LIVE, mount=watch),
        Page(routes.MERCHANT_STATS, mount=watch),
    )
    merchants = [Account(phones[u], merchant_pages) for u in owners if u in phones][:accounts]
    return World(tuple(browse), tuple(customers), tuple(technicians), tuple(merchants))
