"""Marketing: coupon templates and claiming, promotions managed by operators and shops,
campaigns (plan, run, monitor, evaluate against a holdout) and invitations (邀请有礼).

Prices are not computed here: every discount is applied by services/pricing.
"""

from salon_app.core.services.marketing.coupons import issue, take_stock, validity

__all__ = ["issue", "take_stock", "validity"]
