"""What customers say after a job: reviews (reviews.py), complaints and after-sales requests
(complaints.py), and the staff desk that answers them, with any refund (desk.py).
"""

from __future__ import annotations

from salon_app.core.services.feedback import complaints, desk, reviews
from salon_app.core.services.feedback.reviews import ReviewView, review_score, technician_reviews

__all__ = [
    "ReviewView",
    "complaints",
    "desk",
    "review_score",
    "reviews",
    "technician_reviews",
]
