"""Rows the customer pages show, built from service results (shared by several states)."""

from __future__ import annotations

from salon_app import routes
from salon_app.components.format import local_date, price_range
from salon_app.core.services.discovery import catalogue
from salon_app.core.services.feedback.reviews import ReviewView
from salon_app.i18n import t


def review_rows(reviews: list[ReviewView]) -> list[dict[str, str]]:
    """Reviewers appear as their first character plus stars, never by full name."""
    return [
        {
            "who": r.customer_name[:1] + "**",
            "scores": t("review.scores", attitude=r.attitude, skill=r.skill, effect=r.effect),
            "text": r.text,
            "date": local_date(r.created_at),
            "reply": r.merchant_reply,
            "photos": " ".join(r.photo_urls),  # public /_upload/<hex>.jpg URLs: no spaces
        }
        for r in reviews
    ]


def service_row(card: catalogue.ServiceCard) -> dict[str, str]:
    return {
        "slug": card.slug,
        "href": routes.service(card.slug),
        "name": card.name,
        "category": card.category,
        "summary": card.summary,
        "price": price_range(card.price_min_fen, card.price_max_fen),
        "duration": t("common.minutes", minutes=card.duration_min),
        "mode": t("common.at_home") if card.at_home else t("common.in_shop"),
        "sold": t("home.hot_sold", count=card.paid_orders_30d),
        "published": t("home.published", date=local_date(card.published_at)),
        "image": card.image_url,  # cover, large (/media/<hash>.webp) or ""
        "thumb": card.thumb_url,
    }
