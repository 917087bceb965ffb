"""Marketing: coupon templates and claiming, promotions managed by operators and shops,
campaigns (plan, run, monitor, evaluate against a holdout) and invitations (邀请有礼).

Prices are not computed here: every discount is applied by services/pricing.

Owns: who may market (owners.py: the platform or one shop), promotions (promotions.py, their
rules in promotion_rules.py), campaigns (campaigns.py; the plan's rules in campaign_rules.py,
the holdout in holdout.py, the job in campaign_run.py, figures in campaign_figures.py, the
evaluation's arithmetic in campaign_evaluation.py, its xlsx in campaign_export.py) and
invitations (invitations.py).

Coupons: issuing within stock (coupons.py), what a valid template is (coupon_rules.py),
templates managed by operators and shops (coupon_templates.py) with their figures
(coupon_table.py), claiming and buying with points under limits (coupon_claims.py), the
coupon centre and the customer's own coupons (my_coupons.py).
"""

from salon_app.core.services.marketing.campaign_evaluation import (
    Evaluation,
    GroupFigures,
    Outcome,
    evaluate,
)
from salon_app.core.services.marketing.campaign_export import export_campaign_xlsx
from salon_app.core.services.marketing.campaign_figures import DayFigures, LiveFigures
from salon_app.core.services.marketing.campaign_rules import (
    CHANNELS,
    HOLDOUT_MAX_BP,
    OFFER_KINDS,
    CampaignDraft,
)
from salon_app.core.services.marketing.campaign_run import run_campaigns, start_campaign
from salon_app.core.services.marketing.campaigns import (
    CAMPAIGN_SORTS,
    Banner,
    CampaignReport,
    CampaignRow,
    Choice,
    PlanChoices,
    campaign_report,
    campaigns_table,
    create_campaign,
    end_now,
    my_banners,
    plan_choices,
    start_now,
)
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
from salon_app.core.services.marketing.holdout import held_out
from salon_app.core.services.marketing.invitations import (
    InvitedFriend,
    MyInvite,
    after_sign_up,
    invite_code,
    my_invite,
    record_invitation,
    reward_invitations,
)
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
from salon_app.core.services.marketing.owners import shop_customers, shop_services
from salon_app.core.services.marketing.promotion_rules import (
    AUDIENCES,
    KINDS,
    PromotionDraft,
)
from salon_app.core.services.marketing.promotions import (
    PROMOTION_SORTS,
    PromotionChoices,
    PromotionRow,
    create_promotion,
    end_promotion,
    promotion_choices,
    promotion_detail,
    promotions_table,
    update_promotion,
)

__all__ = [
    "AUDIENCES",
    "CAMPAIGN_SORTS",
    "CHANNELS",
    "COUPON_KINDS",
    "COUPON_SCOPES",
    "COUPON_SORTS",
    "COUPON_TABS",
    "HOLDOUT_MAX_BP",
    "KINDS",
    "OFFER_KINDS",
    "PROMOTION_SORTS",
    "Banner",
    "CampaignDraft",
    "CampaignReport",
    "CampaignRow",
    "CentreCard",
    "Choice",
    "Claimed",
    "CouponTerms",
    "DayFigures",
    "Evaluation",
    "GroupFigures",
    "InvitedFriend",
    "LiveFigures",
    "MyCoupon",
    "MyInvite",
    "Outcome",
    "PlanChoices",
    "PromotionChoices",
    "PromotionDraft",
    "PromotionRow",
    "TemplateDraft",
    "TemplateRow",
    "after_sign_up",
    "campaign_report",
    "campaigns_table",
    "claim",
    "coupon_centre",
    "coupon_desk",
    "create_campaign",
    "create_promotion",
    "create_template",
    "end_now",
    "end_promotion",
    "evaluate",
    "export_campaign_xlsx",
    "held_out",
    "invite_code",
    "is_newcomer",
    "issue",
    "my_banners",
    "my_coupons",
    "my_invite",
    "plan_choices",
    "promotion_choices",
    "promotion_detail",
    "promotions_table",
    "record_invitation",
    "redeem_with_points",
    "reward_invitations",
    "run_campaigns",
    "scope_options",
    "set_status",
    "shop_customers",
    "shop_services",
    "start_campaign",
    "start_now",
    "take_stock",
    "template_for_edit",
    "template_table",
    "update_promotion",
    "update_template",
    "validity",
]
