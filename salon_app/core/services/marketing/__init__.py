"""Marketing: coupon templates and claiming, promotions managed by operators and shops,
campaigns (plan, run, monitor, evaluate against a holdout) and invitations (邀请有礼).

Prices are not computed here: every discount is applied by services/pricing.

Coupons: issuing within stock (coupons.py), what a valid template is (coupon_rules.py),
templates managed by operators and shops (coupon_templates.py) with their figures
(coupon_table.py), claiming and buying with points under limits (coupon_claims.py), the
coupon centre and the customer's own coupons (my_coupons.py).
"""

from salon_app.core.services.marketing.coupon_claims import (
    Claimed,
    claim,
    is_newcomer,
    redeem_with_points,
)
from salon_app.core.services.marketing.coupon_rules import (
    KINDS as COUPON_KINDS,
)
from salon_app.core.services.marketing.coupon_rules import (
    SCOPES as COUPON_SCOPES,
)
from salon_app.core.services.marketing.coupon_rules import (
    TemplateDraft,
)
from salon_app.core.services.marketing.coupon_table import SORTS as COUPON_SORTS
from salon_app.core.services.marketing.coupon_table import TemplateRow, template_table
from salon_app.core.services.marketing.coupon_templates import (
    coupon_desk,
    create_template,
    scope_options,
    set_status,
    template_for_edit,
    update_template,
)
from salon_app.core.services.marketing.coupons import issue, take_stock, validity
from salon_app.core.services.marketing.my_coupons import (
    TABS as COUPON_TABS,
)
from salon_app.core.services.marketing.my_coupons import (
    CentreCard,
    CouponTerms,
    MyCoupon,
    coupon_centre,
    my_coupons,
)

__all__ = [
    "COUPON_KINDS",
    "COUPON_SCOPES",
    "COUPON_SORTS",
    "COUPON_TABS",
    "CentreCard",
    "Claimed",
    "CouponTerms",
    "MyCoupon",
    "TemplateDraft",
    "TemplateRow",
    "claim",
    "coupon_centre",
    "coupon_desk",
    "create_template",
    "is_newcomer",
    "issue",
    "my_coupons",
    "redeem_with_points",
    "scope_options",
    "set_status",
    "take_stock",
    "template_for_edit",
    "template_table",
    "update_template",
    "validity",
]
