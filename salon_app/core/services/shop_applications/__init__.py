"""Shops applying to join the platform (licence scan, address, categories) and the
platform's approval or rejection with a reason; commission rates per shop and category.

Owns: applying (applying.py: who may apply, the fields and their checks, one pending
application per applicant), the review (review.py: approve creates the shop and its owner
seat, reject needs a reason; both notify and are audited), and the editing of commission
rates (commission.py; which rate an order pays is ledger.rates, read at completion).
"""

from salon_app.core.services.shop_applications.applying import (
    SCAN_FOLDER,
    MyApplication,
    ShopApplicationForm,
    apply_for_shop,
    categories_to_offer,
    check_character,
    my_application,
)
from salon_app.core.services.shop_applications.commission import (
    MAX_PERCENT,
    SHOP_SORTS,
    CategoryRate,
    ShopCommission,
    ShopRow,
    list_shops,
    platform_rate,
    set_platform_rate,
    set_shop_rate,
    shop_commission,
)
from salon_app.core.services.shop_applications.review import (
    SORTS,
    STATUSES,
    ApplicationRow,
    application_scan,
    approve_shop_application,
    list_shop_applications,
    reject_shop_application,
)

__all__ = [
    "MAX_PERCENT",
    "SCAN_FOLDER",
    "SHOP_SORTS",
    "SORTS",
    "STATUSES",
    "ApplicationRow",
    "CategoryRate",
    "MyApplication",
    "ShopApplicationForm",
    "ShopCommission",
    "ShopRow",
    "application_scan",
    "apply_for_shop",
    "approve_shop_application",
    "categories_to_offer",
    "check_character",
    "list_shop_applications",
    "list_shops",
    "my_application",
    "platform_rate",
    "reject_shop_application",
    "set_platform_rate",
    "set_shop_rate",
    "shop_commission",
]
