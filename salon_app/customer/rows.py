"""Rows the customer pages show, built from service results (shared by several states)."""

from __future__ import annotations

from salon_app.components.format import local_date
from salon_app.core.services.reviews import ReviewView
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
