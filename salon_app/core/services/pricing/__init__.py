"""The one price calculation, used by the booking page, the order, payment and refunds.

technician price → member price → promotions → one coupon (its threshold on the eligible items
only) → points deduction → amount to pay. Each discount is a line (source, amount, who funds
it) spread over the order's items, stored as DiscountLine rows; the amount is integer fen and
never negative. Owns: the engine (engine.py), applying a quote to an order and using a coupon
once (apply.py), giving discounts back on refunds (giveback.py).
"""

from salon_app.core.services.pricing.giveback import (
    GiveBack,
    cancel_giveback,
    give_back,
    given_back,
)

__all__ = ["GiveBack", "cancel_giveback", "give_back", "given_back"]
