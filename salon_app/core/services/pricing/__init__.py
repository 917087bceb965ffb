"""The one price calculation, used by the booking page, the order, payment and refunds.

technician price → member price → promotions → one coupon (its threshold on the eligible items
only) → points deduction → amount to pay. Each discount is a line (source, amount, who funds
it) spread over the order's items, stored as DiscountLine rows; the amount is integer fen and
never below MIN_PAY_FEN. Owns: the engine (engine.py, with what each offer kind takes off in
rules.py, what it reads in offers.py and the largest-remainder spread in spread.py), applying
a quote to an order and using a coupon once (apply.py), what pages show (views.py), giving
discounts back on refunds (giveback.py).
"""

from salon_app.core.services.pricing.apply import apply_quote, price_visit, use_coupon
from salon_app.core.services.pricing.engine import (
    MIN_PAY_FEN,
    POINTS_MAX_SHARE_BP,
    BasketItem,
    CouponOption,
    PriceLine,
    Quote,
    quote,
)
from salon_app.core.services.pricing.giveback import (
    GiveBack,
    cancel_giveback,
    give_back,
    given_back,
)
from salon_app.core.services.pricing.views import (
    OrderDiscount,
    basket_of,
    booking_quote,
    order_discounts,
)

__all__ = [
    "MIN_PAY_FEN",
    "POINTS_MAX_SHARE_BP",
    "BasketItem",
    "CouponOption",
    "GiveBack",
    "OrderDiscount",
    "PriceLine",
    "Quote",
    "apply_quote",
    "basket_of",
    "booking_quote",
    "cancel_giveback",
    "give_back",
    "given_back",
    "order_discounts",
    "price_visit",
    "quote",
    "use_coupon",
]
