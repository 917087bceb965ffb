"""Announcements (/merchant/announcements): the shop's list (pinned first), a draft's editor,
publish (the audience is notified once), pin, expire, delete a draft."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session

from salon_app.auth.session_state import SessionState
from salon_app.components.browser_input import row_id
from salon_app.components.format import local_datetime
from salon_app.core.errors import DomainError
from salon_app.core.services import merchants
from salon_app.core.services.access import Actor
from salon_app.core.settings import get_settings
from salon_app.i18n import t

AUDIENCES = ("all", "past_customers")


def _row(a: merchants.AnnouncementView) -> dict[str, str]:
    return {
        "id": str(a.id),
        "title": a.title,
        "body": a.body,
        "state": a.state,
        "state_label": t(f"announcement.state.{a.state}"),
        "audience": a.audience,
        "audience_label": t(f"announcement.audience.{a.audience}"),
        "pinned": "1" if a.pinned else "",
        "published": local_datetime(a.published_at) if a.published_at else "-",
        "expires": local_datetime(a.expires_at) if a.expires_at else t("notice_board.no_expiry"),
        "expires_input": _input_value(a.expires_at),
        "notified": t("notice_board.notified", count=a.notified) if a.state != "draft" else "-",
    }


def _input_value(moment: datetime | None) -> str:
    """A datetime-local input's value, in the app's zone: "2026-12-24T18:00"."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(get_settings().timezone)).strftime("%Y-%m-%dT%H:%M")


def _expiry(text: str) -> datetime | None:
    """What the datetime-local input sent (local time); "" is no expiry."""
    text = text.strip()
    if not text:
        return None
    try:
        local = datetime.fromisoformat(text)
    except ValueError as exc:
        raise DomainError("notice_board.expiry_invalid") from exc
    if local.tzinfo is not None:
        raise DomainError("notice_board.expiry_invalid")
    return local.replace(tzinfo=ZoneInfo(get_settings().timezone))


class AnnouncementsState(SessionState):
    rows: list[dict[str, str]] = []
    editing: str = ""  # "" closed, "new", or the id of the announcement being edited
    title: str = ""
    body: str = ""
    audience: str = "all"
    expires: str = ""
    pinned: bool = False
    audience_fixed: bool = False  # published: the audience can no longer change

    @rx.event
    def load(self) -> list | None:
        self._close()
        return self._reload()

    def _reload(self) -> list | None:
        found, events = self._guarded(merchants.shop_announcements)
        if found is not None:
            # Pinned first; within each group the service's order (drafts, then newest).
            self.rows = [_row(a) for a in sorted(found, key=lambda a: not a.pinned)]
        return events

    def _close(self) -> None:
        self.editing, self.title, self.body, self.expires = "", "", "", ""
        self.audience, self.pinned, self.audience_fixed = "all", False, False

    @rx.event
    def new_draft(self) -> None:
        self._close()
        self.editing = "new"

    @rx.event
    def edit(self, announcement_id: str) -> None:
        row = next((r for r in self.rows if r["id"] == str(announcement_id)), None)
        if row is None:
            return
        self.editing, self.title, self.body = row["id"], row["title"], row["body"]
        self.audience, self.expires = row["audience"], row["expires_input"]
        self.pinned, self.audience_fixed = row["pinned"] == "1", row["state"] != "draft"

    @rx.event
    def cancel(self) -> None:
        self._close()

    @rx.event
    def set_title(self, value: str) -> None:
        self.title = str(value)[:200]

    @rx.event
    def set_body(self, value: str) -> None:
        self.body = str(value)[:5000]

    @rx.event
    def set_audience(self, value: str) -> None:
        if value in AUDIENCES:
            self.audience = value

    @rx.event
    def set_expires(self, value: str) -> None:
        self.expires = str(value)[:20]

    @rx.event
    def set_pinned(self, value: bool) -> None:
        self.pinned = value is True

    @rx.event
    def save(self) -> list:
        editing = None if self.editing == "new" else row_id(self.editing)
        if self.editing == "":
            return []
        title, body, audience, pinned = self.title, self.body, self.audience, self.pinned
        expires_text = self.expires

        def _save(s: Session, a: Actor | None) -> object:
            draft = merchants.AnnouncementDraft(
                title, body, audience, _expiry(expires_text), pinned
            )
            return merchants.save_announcement(s, a, draft, editing)

        return self._run(_save, "notice_board.saved", self._close, self._reload)

    @rx.event
    def publish(self, announcement_id: str) -> list:
        wanted = row_id(announcement_id)
        return self._run(
            lambda s, a: merchants.publish_announcement(s, a, wanted),
            "notice_board.published",
            self._reload,
        )

    @rx.event
    def pin(self, announcement_id: str, pinned: bool) -> list:
        wanted, on = row_id(announcement_id), pinned is True
        return self._run(
            lambda s, a: merchants.pin_announcement(s, a, wanted, on),
            "notice_board.pinned" if on else "notice_board.unpinned",
            self._reload,
        )

    @rx.event
    def expire(self, announcement_id: str) -> list:
        wanted = row_id(announcement_id)
        return self._run(
            lambda s, a: merchants.expire_announcement(s, a, wanted),
            "notice_board.expired",
            self._reload,
        )

    @rx.event
    def delete(self, announcement_id: str) -> list:
        wanted = row_id(announcement_id)
        return self._run(
            lambda s, a: merchants.delete_draft(s, a, wanted), "notice_board.deleted", self._reload
        )
