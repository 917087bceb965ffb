"""猜你喜欢: services and technicians recommended to a customer (from what is booked
together and near them; for a new customer, what is popular in their district then), and the
offline evaluation against "most popular".

Owns: the recommender on plain numbers (model.py: co-occurrence, popularity by district and
time of week, the ranking), the nightly precompute of its tables (precompute.py), the live
recommendations for a page (for_customer.py) and the held-out evaluation (evaluation.py).
"""

from salon_app.core.services.recommendations.evaluation import (
    HitRates,
    PastOrder,
    hit_rates,
    past_orders,
)
from salon_app.core.services.recommendations.for_customer import (
    DEFAULT_DISTRICT,
    Recommendations,
    RecommendedService,
    RecommendedTechnician,
    recommend,
)
from salon_app.core.services.recommendations.model import SLOTS, rank_services, time_slot
from salon_app.core.services.recommendations.precompute import (
    PrecomputeSummary,
    refresh_recommendations,
)

__all__ = [
    "DEFAULT_DISTRICT",
    "SLOTS",
    "HitRates",
    "PastOrder",
    "PrecomputeSummary",
    "Recommendations",
    "RecommendedService",
    "RecommendedTechnician",
    "hit_rates",
    "past_orders",
    "rank_services",
    "recommend",
    "refresh_recommendations",
    "time_slot",
]
