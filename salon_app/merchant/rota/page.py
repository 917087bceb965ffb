"""The rota page (/merchant/rota): the grid, the patterns, the demand heat map."""

from __future__ import annotations

import reflex as rx

from salon_app.components.tabs import tab_bar
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.merchant.rota.demand import demand_tab
from salon_app.merchant.rota.dialogs import conflict_dialog, day_dialog
from salon_app.merchant.rota.grid import rota_grid
from salon_app.merchant.rota.patterns import patterns_tab
from salon_app.merchant.rota.state import TABS
from salon_app.merchant.rota.state import RotaState as S


def rota_page() -> rx.Component:
    return merchant_dashboard(
        t("rota.title"),
        tab_bar(TABS, S.tab, S.choose_tab, "rota.tab", "rota-tab", wrap="wrap"),
        rx.match(
            S.tab,
            ("patterns", patterns_tab()),
            ("demand", demand_tab()),
            rota_grid(),
        ),
        day_dialog(),
        conflict_dialog(),
    )
