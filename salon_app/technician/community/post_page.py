"""One post (/tech/community/<id>), phone first: the post and its pictures, like and flag,
the comments with the accepted answer, the reply form; moderators' buttons for moderators."""

from __future__ import annotations

import reflex as rx

from salon_app import routes
from salon_app.components.layout import guarded, page, section
from salon_app.components.photos import picture_strip
from salon_app.i18n import t
from salon_app.technician.community.page import status_badge
from salon_app.technician.community.post_state import PostState as P

MODERATION = {
    "pending": ("approve", "hide", "delete"),
    "published": ("hide", "delete"),
    "hidden": ("restore", "delete"),
}


def _moderation() -> rx.Component:
    def buttons(decisions: tuple[str, ...]) -> rx.Component:
        return rx.hstack(
            *[
                rx.button(
                    t(f"community.decision.{d}"),
                    on_click=P.moderate(d),
                    size="1",
                    variant="soft",
                    color_scheme="red" if d in ("hide", "delete") else "green",
                    id=f"moderate-{d}",
                )
                for d in decisions
            ],
            spacing="2",
        )

    return rx.cond(
        P.can_moderate,
        rx.card(
            rx.hstack(
                rx.text(t("community.moderate"), size="2", weight="bold"),
                rx.match(
                    P.post["status"],
                    *[(status, buttons(d)) for status, d in MODERATION.items()],
                    rx.fragment(),
                ),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            width="100%",
        ),
    )


def _actions() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.button(
                rx.icon("thumbs-up", size=16),
                rx.cond(P.liked, t("community.unlike"), t("community.like")),
                on_click=P.toggle_like,
                variant=rx.cond(P.liked, "solid", "soft"),
                id="like",
            ),
            rx.text(P.post["likes"], size="2", id="like-count"),
            rx.spacer(),
            rx.cond(
                ~P.mine,
                rx.cond(
                    P.flagged,
                    rx.badge(t("community.flagged"), color_scheme="gray", id="flagged"),
                    rx.button(
                        rx.icon("flag", size=16),
                        t("community.flag"),
                        on_click=P.open_flag,
                        variant="ghost",
                        color_scheme="red",
                        id="flag",
                    ),
                ),
            ),
            width="100%",
            align="center",
        ),
        rx.cond(
            P.flagging,
            rx.form(
                rx.hstack(
                    rx.input(
                        name="reason",
                        placeholder=t("community.flag_reason"),
                        id="flag-reason",
                        flex="1",
                    ),
                    rx.button(
                        t("community.flag"), type="submit", color_scheme="red", id="flag-submit"
                    ),
                    width="100%",
                ),
                on_submit=P.flag,
                width="100%",
            ),
        ),
        width="100%",
    )


def _comment(c: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(c["author"], weight="bold", size="2"),
                rx.cond(
                    c["accepted"] != "",
                    rx.badge(
                        t("community.accepted_badge"), color_scheme="green", class_name="accepted"
                    ),
                ),
                rx.spacer(),
                rx.text(c["at"], size="1", color_scheme="gray"),
                width="100%",
            ),
            rx.text(c["body"], size="2", white_space="pre-wrap", class_name="comment-body"),
            rx.hstack(
                rx.cond(
                    P.mine
                    & (c["mine"] == "")
                    & (c["accepted"] == "")
                    & (P.post["status"] == "published"),
                    rx.button(
                        t("community.accept"),
                        on_click=P.accept(c["id"]),
                        size="1",
                        variant="soft",
                        color_scheme="green",
                        class_name="accept",
                    ),
                ),
                rx.cond(
                    P.can_moderate,
                    rx.button(
                        t("community.delete_comment"),
                        on_click=P.delete_comment(c["id"]),
                        size="1",
                        variant="ghost",
                        color_scheme="red",
                    ),
                ),
                spacing="2",
            ),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name="comment",
    )


def _reply_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text_area(
                name="body",
                placeholder=t("community.reply"),
                id="comment-body",
                rows="3",
                width="100%",
            ),
            rx.button(t("community.send"), type="submit", id="comment-submit", width="100%"),
            width="100%",
        ),
        on_submit=P.comment,
        reset_on_submit=True,
        width="100%",
    )


def post_page() -> rx.Component:
    return page(
        guarded(
            rx.vstack(
                rx.link(
                    rx.hstack(
                        rx.icon("chevron-left", size=16),
                        t("community.back"),
                        spacing="1",
                        align="center",
                    ),
                    href=routes.TECH_COMMUNITY,
                    id="back-to-board",
                ),
                rx.hstack(
                    rx.badge(P.post["board"], variant="outline"),
                    rx.badge(P.post["category"], variant="soft"),
                    status_badge(P.post),
                    spacing="2",
                    wrap="wrap",
                ),
                rx.heading(P.post["title"], size="5", id="post-heading"),
                rx.text(P.post["by"], size="1", color_scheme="gray"),
                rx.cond(
                    P.post["status"] == "pending",
                    rx.callout(
                        t("community.pending_note"),
                        icon="clock",
                        color_scheme="amber",
                        width="100%",
                    ),
                ),
                rx.cond(
                    P.post["status"] == "hidden",
                    rx.callout(
                        t("community.hidden_note"), icon="eye-off", color_scheme="red", width="100%"
                    ),
                ),
                rx.text(P.post["body"], white_space="pre-wrap", id="post-body-text"),
                rx.cond(
                    P.images.length() > 0, picture_strip(P.images, P.post["title"], "post-images")
                ),
                _actions(),
                _moderation(),
                section(
                    t("community.comments", count=P.comments.length()),
                    rx.cond(
                        P.comments.length() > 0,
                        rx.vstack(rx.foreach(P.comments, _comment), width="100%", id="comments"),
                        rx.text(t("community.no_comments"), color_scheme="gray", size="2"),
                    ),
                    rx.cond(P.post["status"] == "published", _reply_form()),
                ),
                spacing="3",
                width="100%",
            )
        ),
        subtitle=t("nav.tech_home"),
    )
