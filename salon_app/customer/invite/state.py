"""/me/invite (邀请有礼): the user's invite code and link, the running invite campaign's reward,
and the friends they invited (names, masked phones, whether rewarded)."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from salon_app import routes
from salon_app.auth.session_state import SessionState
from salon_app.components.format import local_date, money
from salon_app.core.services import marketing
from salon_app.core.settings import get_settings
from salon_app.i18n import t


def invite_path(code: str) -> str:
    """The sign-up page with the code: what a friend opens."""
    return f"{routes.SIGNUP}?{urlencode({'invite': code})}"


class InviteState(SessionState):
    code: str = ""
    link: str = ""
    reward: str = ""
    friends: list[dict[str, str]] = []

    @rx.event
    def load(self) -> list | None:
        mine, events = self._guarded(marketing.my_invite)
        if mine is None:
            return events
        self.code = mine.code
        self.link = get_settings().public_url + invite_path(mine.code)
        if not mine.campaign_name:
            self.reward = t("invite.no_campaign")
        elif mine.offer_kind == "points":
            self.reward = t("invite.reward_points", name=mine.campaign_name, points=mine.offer_ref)
        else:
            self.reward = t(
                "invite.reward_coupon", name=mine.campaign_name, face=money(mine.offer_face_fen)
            )
        self.friends = [
            {
                "name": f.name,
                "phone": f.phone,
                "joined": local_date(f.joined_at),
                "status": t("invite.rewarded") if f.rewarded_at else t("invite.waiting"),
            }
            for f in mine.friends
        ]
        return events
