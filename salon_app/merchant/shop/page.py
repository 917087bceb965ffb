"""/merchant/shop: the shop's information, hours, closures and media, in the dashboard frame.

A role that may not edit (front desk) sees the same values with every control hidden."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from salon_app.components.form import error_callout, labelled
from salon_app.components.layout import empty_state, guarded, list_or_empty, section
from salon_app.components.photos import image_picker
from salon_app.core.services.merchants.media import PHOTO_MAX_BYTES, VIDEO_MAX_BYTES
from salon_app.i18n import t
from salon_app.merchant.frame import merchant_dashboard
from salon_app.merchant.shop.state import SLOTS
from salon_app.merchant.shop.state import ShopInfoState as S

VIDEO_TYPES = {"video/mp4": [".mp4"], "video/webm": [".webm"]}


def _editable(*controls: rx.Component) -> rx.Component:
    return rx.cond(S.can_edit, rx.fragment(*controls))


def _form(*fields: rx.Component, on_submit: rx.EventHandler, submit_id: str) -> rx.Component:
    """A section's form; `version` as key so it shows the values just saved."""
    return rx.form(
        rx.vstack(
            *fields,
            _editable(rx.button(t("shop_admin.save"), type="submit", id=submit_id)),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        key=S.version.to_string(),
        width="100%",
    )


def _basics() -> rx.Component:
    def field(label: str, name: str, value: rx.Var, **props: object) -> rx.Component:
        return labelled(
            label,
            rx.input(
                name=name,
                default_value=value,
                read_only=~S.can_edit,
                id=f"shop-{name}",
                **props,
            ),
        )

    return rx.card(
        section(
            t("shop_admin.basics"),
            _form(
                field(t("shop_admin.field_name"), "name", S.name),
                field(t("shop_admin.field_address"), "address", S.address),
                rx.text(S.located, size="1", color_scheme="gray", id="shop-located"),
                field(t("shop_admin.field_phone"), "contact_phone", S.contact_phone),
                labelled(
                    t("shop_admin.field_intro"),
                    rx.text_area(
                        name="intro",
                        default_value=S.intro,
                        read_only=~S.can_edit,
                        rows="4",
                        id="shop-intro",
                    ),
                ),
                error_callout(S.info_error, "info-error"),
                on_submit=S.save_info,
                submit_id="save-info",
            ),
        ),
        width="100%",
    )


def _time(name: rx.Var, value: rx.Var) -> rx.Component:
    return rx.input(
        type="time",
        name=name,
        id=name,
        default_value=value,
        read_only=~S.can_edit,
        width="110px",
    )


def _day_row(row: rx.Var) -> rx.Component:
    day = row["weekday"]
    ranges = [
        rx.hstack(
            _time(f"s{i}_" + day, row[f"s{i}"]),
            rx.text("–"),
            _time(f"e{i}_" + day, row[f"e{i}"]),
            align="center",
            spacing="1",
        )
        for i in SLOTS
    ]
    return rx.flex(
        rx.text(row["label"], weight="medium", min_width="40px"),
        rx.el.label(
            rx.hstack(
                rx.switch(
                    checked=row["closed"] != "",
                    on_change=lambda closed: S.set_closed(day, closed),
                    disabled=~S.can_edit,
                    id="closed-" + day,
                ),
                rx.text(t("shop_admin.closed"), size="2"),
                align="center",
            ),
        ),
        rx.cond(row["closed"] == "", rx.flex(*ranges, gap="8px", wrap="wrap")),
        gap="12px",
        align="center",
        wrap="wrap",
        width="100%",
        padding_y="6px",
        border_bottom="1px solid var(--gray-a4)",
        id="hours-" + day,
    )


def _hours() -> rx.Component:
    return rx.card(
        section(
            t("shop_admin.hours"),
            rx.text(t("shop_admin.hours_hint"), size="1", color_scheme="gray"),
            rx.cond(
                S.hours_unset,
                rx.callout(t("shop_admin.hours_unset"), icon="clock", width="100%"),
            ),
            _form(
                rx.foreach(S.hours, _day_row),
                error_callout(S.hours_error, "hours-error"),
                on_submit=S.save_hours,
                submit_id="save-hours",
            ),
        ),
        width="100%",
    )


def _closure_row(c: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.icon("calendar-off", size=16),
        rx.text(c["span"], weight="medium", size="2"),
        rx.text(c["reason"], size="2", color_scheme="gray"),
        rx.spacer(),
        _editable(
            rx.button(
                t("shop_admin.reopen"),
                size="1",
                variant="ghost",
                color_scheme="red",
                on_click=S.remove_closure(c["id"]),
                class_name="remove-closure",
            )
        ),
        width="100%",
        align="center",
        class_name="closure",
    )


def _closures() -> rx.Component:
    add = rx.form(
        rx.flex(
            labelled(
                t("shop_admin.closure_from"),
                rx.input(type="date", name="first_day", id="closure-from"),
            ),
            labelled(
                t("shop_admin.closure_to"), rx.input(type="date", name="last_day", id="closure-to")
            ),
            labelled(t("shop_admin.closure_reason"), rx.input(name="reason", id="closure-reason")),
            rx.button(t("shop_admin.closure_add"), type="submit", id="add-closure"),
            gap="8px",
            wrap="wrap",
            align="end",
            width="100%",
        ),
        on_submit=S.add_closure,
        width="100%",
    )
    return rx.card(
        section(
            t("shop_admin.closures"),
            rx.text(t("shop_admin.closures_hint"), size="1", color_scheme="gray"),
            list_or_empty(
                S.closures, _closure_row, "closures", empty=t("shop_admin.closures_none")
            ),
            _editable(add),
            error_callout(S.closure_error, "closure-error"),
        ),
        width="100%",
    )


def _media_controls(m: rx.Var) -> rx.Component:
    def button(icon: str, label: str, event: rx.EventSpec, **props: object) -> rx.Component:
        return rx.icon_button(
            rx.icon(icon, size=14),
            size="1",
            variant="soft",
            aria_label=label,
            on_click=event,
            **props,
        )

    return _editable(
        rx.vstack(
            rx.form(
                rx.hstack(
                    rx.el.input(type="hidden", name="media_id", value=m["id"]),
                    rx.input(
                        name="caption",
                        default_value=m["caption"],
                        placeholder=t("shop_admin.caption"),
                        size="1",
                        flex="1",
                    ),
                    rx.button(t("shop_admin.caption_save"), size="1", type="submit"),
                    width="100%",
                ),
                on_submit=S.save_caption,
                width="100%",
            ),
            rx.hstack(
                rx.cond(
                    m["up"] != "",
                    button("arrow-left", t("shop_admin.move_up"), S.move_media(m["id"], m["up"])),
                ),
                rx.cond(
                    m["down"] != "",
                    button(
                        "arrow-right", t("shop_admin.move_down"), S.move_media(m["id"], m["down"])
                    ),
                ),
                rx.spacer(),
                button(
                    "trash-2",
                    t("shop_admin.remove"),
                    S.remove_media(m["id"]),
                    color_scheme="red",
                    class_name="remove-media",
                ),
                width="100%",
            ),
            spacing="1",
            width="100%",
        )
    )


def _photo(m: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.image(
                src=m["url"],
                width="100%",
                height="140px",
                object_fit="cover",
                border_radius="6px",
                alt=m["caption"],
            ),
            rx.cond(~S.can_edit, rx.text(m["caption"], size="1", color_scheme="gray")),
            _media_controls(m),
            spacing="2",
        ),
        class_name="shop-photo",
    )


def _video(m: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.el.video(
                src=m["url"], controls=True, preload="metadata", width="100%", max_height="220px"
            ),
            rx.cond(~S.can_edit, rx.text(m["caption"], size="1", color_scheme="gray")),
            _media_controls(m),
            spacing="2",
        ),
        class_name="shop-video",
    )


def _gallery(
    items: rx.Var, render: Callable[[rx.Var], rx.Component], gallery_id: str
) -> rx.Component:
    return rx.cond(
        items.length() > 0,
        rx.grid(
            rx.foreach(items, render),
            columns=rx.breakpoints(initial="2", sm="3", lg="4"),
            gap="12px",
            width="100%",
            id=gallery_id,
        ),
        empty_state(t("shop_admin.media_none")),
    )


def _media() -> rx.Component:
    video_picker = rx.upload(
        rx.button(
            rx.icon("video", size=16), t("shop_admin.add_video"), type="button", variant="soft"
        ),
        id="video-upload",
        accept=VIDEO_TYPES,
        multiple=False,
        max_files=1,
        max_size=VIDEO_MAX_BYTES,
        on_drop=S.upload_video(rx.upload_files(upload_id="video-upload")),
        on_drop_rejected=lambda _rejections: S.video_rejected(),
        border="none",
        padding="0",
    )
    return rx.card(
        rx.vstack(
            section(
                t("shop_admin.photos"),
                rx.text(t("shop_admin.photos_hint"), size="1", color_scheme="gray"),
                _editable(
                    image_picker(
                        "photo-upload",
                        t("shop_admin.add_photo"),
                        S.upload_photo,
                        S.photo_rejected,
                        max_size=PHOTO_MAX_BYTES,
                    )
                ),
                _gallery(S.photos, _photo, "shop-photos"),
            ),
            section(
                t("shop_admin.videos"),
                rx.text(t("shop_admin.videos_hint"), size="1", color_scheme="gray"),
                _editable(video_picker),
                _gallery(S.videos, _video, "shop-videos"),
            ),
            spacing="5",
            width="100%",
        ),
        width="100%",
    )


def shop_info_page() -> rx.Component:
    return merchant_dashboard(
        t("shop_admin.title"),
        guarded(
            rx.cond(
                S.loaded,
                rx.vstack(
                    rx.hstack(
                        rx.cond(
                            ~S.can_edit,
                            rx.callout(
                                S.read_only_note,
                                icon="eye",
                                id="read-only",
                            ),
                        ),
                        rx.spacer(),
                        rx.link(
                            rx.hstack(
                                rx.icon("external-link", size=14), t("shop_admin.view_public")
                            ),
                            href=S.public_link,
                            id="public-link",
                        ),
                        width="100%",
                        align="center",
                        wrap="wrap",
                    ),
                    _basics(),
                    _hours(),
                    _closures(),
                    _media(),
                    spacing="4",
                    width="100%",
                ),
                rx.spinner(),
            )
        ),
    )
