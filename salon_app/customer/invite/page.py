"""/me/invite: a code to share, a link to copy, and the friends who came through it."""

from __future__ import annotations

import reflex as rx

from salon_app.components.layout import guarded, list_or_empty, page, section
from salon_app.customer.invite.state import InviteState as S
from salon_app.i18n import t


def _friend(friend: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(friend["name"], weight="bold"),
                rx.text(friend["phone"], " · ", friend["joined"], size="1", color_scheme="gray"),
                spacing="0",
            ),
            rx.spacer(),
            rx.badge(friend["status"], variant="soft"),
            align="center",
            width="100%",
        ),
        width="100%",
        class_name="invite-friend",
    )


def invite_page() -> rx.Component:
    return page(
        guarded(
            rx.vstack(
                rx.heading(t("invite.title"), size="6"),
                rx.callout(S.reward, icon="gift", id="invite-reward", width="100%"),
                rx.card(
                    rx.vstack(
                        rx.text(t("invite.your_code"), size="2", color_scheme="gray"),
                        rx.heading(S.code, size="7", id="invite-code"),
                        rx.text(S.link, size="1", color_scheme="gray", id="invite-link",
                                word_break="break-all"),
                        rx.button(
                            rx.icon("copy", size=16), t("invite.copy"),
                            on_click=[rx.set_clipboard(S.link),
                                      rx.toast.success(t("invite.copied"))],
                            id="invite-copy", width="100%",
                        ),
                        rx.text(t("invite.rules"), size="1", color_scheme="gray"),
                        width="100%",
                    ),
                    width="100%",
                ),
                section(t("invite.friends"), list_or_empty(S.friends, _friend, "invite-friends",
                                                           t("invite.no_friends"))),
                spacing="4",
                width="100%",
            )
        )
    )  # fmt: skip
