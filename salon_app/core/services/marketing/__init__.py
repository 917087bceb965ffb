"""Marketing: coupon templates and claiming, promotions managed by operators and shops,
campaigns (plan, run, monitor, evaluate against a holdout) and invitations (邀请有礼).

Prices are not computed here: every discount is applied by services/pricing.

Owns: who may market (owners.py: the platform or one shop), promotions (promotions.py, their
rules in promotion_rules.py), campaigns (campaigns.py; the plan's rules in campaign_rules.py,
the holdout in holdout.py, the job in campaign_run.py, figures in campaign_figures.py, the
evaluation's arithmetic in campaign_evaluation.py, its xlsx in campaign_export.py) and
invitations (invitations.py).
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
    "HOLDOUT_MAX_BP",
    "KINDS",
    "OFFER_KINDS",
    "PROMOTION_SORTS",
    "Banner",
    "CampaignDraft",
    "CampaignReport",
    "CampaignRow",
    "Choice",
    "DayFigures",
    "Evaluation",
    "GroupFigures",
    "InvitedFriend",
    "LiveFigures",
    "MyInvite",
    "Outcome",
    "PlanChoices",
    "PromotionChoices",
    "PromotionDraft",
    "PromotionRow",
    "after_sign_up",
    "campaign_report",
    "campaigns_table",
    "create_campaign",
    "create_promotion",
    "end_now",
    "end_promotion",
    "evaluate",
    "export_campaign_xlsx",
    "held_out",
    "invite_code",
    "issue",
    "my_banners",
    "my_invite",
    "plan_choices",
    "promotion_choices",
    "promotion_detail",
    "promotions_table",
    "record_invitation",
    "reward_invitations",
    "run_campaigns",
    "shop_customers",
    "shop_services",
    "start_campaign",
    "start_now",
    "take_stock",
    "update_promotion",
    "validity",
]
