"""Review replies (/merchant/reviews): the shop's reviews as a table (filters: unanswered,
low ratings; search; paging), the one reply written or edited inline, a report with a reason.
A shop can never edit or hide a review, so there is no control for it."""

from __future__ import annotations

import reflex as rx

from salon_app.auth.session_state import SessionState, in_worker_thread
from salon_app.components.browser_input import row_id
from salon_app.components.data_table import TableMixin
from salon_app.components.format import local_date, local_datetime
from salon_app.core.services import merchants
from salon_app.i18n import t

LOW_RATING = 2  # "low": any of the three ratings at most this


def _stars(score: int) -> str:
    return "★" * score + "☆" * (5 - score)


def _row(r: merchants.ShopReviewRow) -> dict[str, str]:
    lowest = min(r.attitude, r.skill, r.effect)
    if r.reply_edited_at is not None:
        reply_state = t("reviews_desk.edited_at", at=local_datetime(r.reply_edited_at))
    elif r.replied_at is not None:
        reply_state = t("reviews_desk.replied_at", at=local_datetime(r.replied_at))
    else:
        reply_state = t("reviews_desk.unreplied")
    return {
        "id": str(r.id),
        "code": r.order_code,
        "technician": r.technician_name,
        "customer": r.customer_name[:1] + "**",
        "stars": _stars(round((r.attitude + r.skill + r.effect) / 3)),
        "scores": t("review.scores", attitude=r.attitude, skill=r.skill, effect=r.effect),
        "low": "1" if lowest <= LOW_RATING else "",
        "text": r.text or t("reviews_desk.no_text"),
        "photos": " ".join(r.photo_urls),  # public /_upload/<hex>.jpg URLs: no spaces
        "date": local_date(r.created_at),
        "reply": r.reply,
        "reply_state": reply_state,
        "replied": "1" if r.reply else "",
        "reported": "1" if r.reported else "",
    }


class ReviewsState(TableMixin, SessionState):
    rows: list[dict[str, str]] = []
    unreplied_only: bool = False
    low_only: bool = False
    replying: str = ""  # review id whose reply editor is open
    reporting: str = ""  # review id whose report form is open

    @rx.event
    @in_worker_thread
    def load(self) -> list | None:
        self._close_forms()
        return self._load_table()

    def _load_table(self) -> list | None:
        query = merchants.ReviewQuery(
            unreplied_only=self.unreplied_only,
            score_max=LOW_RATING if self.low_only else None,
            search=self.table_search[:50],
            page=max(1, min(self.table_page, 10_000)),
        )
        found, events = self._guarded(lambda s, a: merchants.shop_reviews(s, a, query))
        if found is not None:
            self.rows = [_row(r) for r in found.rows]
            self.table_total, self.table_page = found.total, found.page
            self.table_pages = max(1, -(-found.total // found.page_size))
        return events

    @rx.event
    def set_unreplied_only(self, on: bool) -> list | None:
        self.unreplied_only, self.table_page = on is True, 1
        return self._load_table()

    @rx.event
    def set_low_only(self, on: bool) -> list | None:
        self.low_only, self.table_page = on is True, 1
        return self._load_table()

    @rx.event
    def open_reply(self, review_id: str) -> None:
        self.replying, self.reporting = str(row_id(review_id)), ""

    @rx.event
    def open_report(self, review_id: str) -> None:
        self.reporting, self.replying = str(row_id(review_id)), ""

    @rx.event
    def close_forms(self) -> None:
        self._close_forms()

    def _close_forms(self) -> None:
        self.replying = self.reporting = ""

    @rx.event
    def reply(self, form: dict) -> list:
        wanted, text = row_id(form.get("review_id")), str(form.get("reply", ""))
        return self._run(
            lambda s, a: merchants.reply_to_review(s, a, wanted, text),
            "reviews_desk.reply_saved",
            self._close_forms,
            self._load_table,
        )

    @rx.event
    def report(self, form: dict) -> list:
        wanted, reason = row_id(form.get("review_id")), str(form.get("reason", ""))
        return self._run(
            lambda s, a: merchants.report_review(s, a, wanted, reason),
            "reviews_desk.reported",
            self._close_forms,
            self._load_table,
        )
