"""/tech/profile: the technician edits what customers see, section by section, on a phone."""

from __future__ import annotations

import reflex as rx

from salon_app.components.form import labelled
from salon_app.components.layout import guarded, page, section
from salon_app.components.photos import image_picker
from salon_app.i18n import t
from salon_app.technician.profile.showcase import cases_section, certificates_section
from salon_app.technician.profile.state import TechProfileState as S
from salon_app.technician.profile.training import training_section
from salon_app.technician.profile.widgets import section_form


def _radio(value: str, label: str) -> rx.Component:
    return rx.el.label(
        rx.hstack(rx.radio_group.item(value=value, id=f"gender-{value}"), rx.text(label)),
        align="center",
    )


def _basic() -> rx.Component:
    return section_form(
        labelled(
            t("tech_profile.field_name"),
            rx.input(name="display_name", default_value=S.name, id="profile-name"),
        ),
        labelled(
            t("tech_profile.field_gender"),
            rx.radio_group.root(
                rx.hstack(
                    _radio("female", t("tech_profile.gender_female")),
                    _radio("male", t("tech_profile.gender_male")),
                    spacing="4",
                ),
                name="gender",
                default_value=S.gender,
            ),
        ),
        labelled(
            t("tech_profile.field_birth"),
            rx.input(
                type="date", name="birth_date", default_value=S.birth_date, id="profile-birth"
            ),
        ),
        labelled(
            t("tech_profile.field_years"),
            rx.input(  # no min/max: the service's message explains a bad number
                name="years_experience",
                default_value=S.years,
                input_mode="numeric",
                id="profile-years",
            ),
        ),
        labelled(
            t("tech_profile.field_skills"),
            rx.input(name="skills", default_value=S.skills, id="profile-skills"),
        ),
        labelled(
            t("tech_profile.field_bio"),
            rx.text_area(name="bio", default_value=S.bio, id="profile-bio", rows="4"),
        ),
        error=S.basic_error,
        error_id="basic-error",
        submit=t("tech_profile.save"),
        submit_id="save-basic",
        on_submit=S.save_basic,
        version=S.version,
        spacing="3",
    )


def _photo() -> rx.Component:
    return rx.hstack(
        rx.cond(
            S.photo_url != "",
            rx.image(
                src=S.photo_url,
                id="profile-photo",
                width="88px",
                height="88px",
                border_radius="50%",
                object_fit="cover",
            ),
            rx.avatar(fallback=t("tech_profile.avatar_fallback"), size="7", radius="full"),
        ),
        rx.vstack(
            image_picker(
                "photo-upload", t("tech_profile.choose_photo"), S.upload_photo, S.upload_rejected
            ),
            rx.text(t("tech_profile.photo_hint"), size="1", color_scheme="gray"),
            spacing="2",
        ),
        spacing="4",
        align="center",
        width="100%",
    )


def _time(name: rx.Var, value: rx.Var, input_id: rx.Var) -> rx.Component:
    return rx.input(type="time", name=name, default_value=value, id=input_id, flex="1")


def _hours_row(row: rx.Var) -> rx.Component:
    day = row["weekday"]
    return rx.vstack(
        rx.hstack(
            rx.text(row["label"], weight="medium"),
            rx.spacer(),
            rx.text(t("tech_profile.rest"), size="2"),
            rx.switch(
                checked=row["rest"] != "",
                on_change=lambda rest: S.set_rest(day, rest),
                id="rest-" + day,
            ),
            width="100%",
            align="center",
        ),
        rx.cond(
            row["rest"] == "",
            rx.vstack(
                rx.hstack(
                    _time("start_" + day, row["start"], "start-" + day),
                    rx.text("–"),
                    _time("end_" + day, row["end"], "end-" + day),
                    width="100%",
                    align="center",
                ),
                rx.text(t("tech_profile.second_range"), size="1", color_scheme="gray"),
                rx.hstack(
                    _time("start2_" + day, row["start2"], "start2-" + day),
                    rx.text("–"),
                    _time("end2_" + day, row["end2"], "end2-" + day),
                    width="100%",
                    align="center",
                ),
                spacing="1",
                width="100%",
            ),
        ),
        spacing="2",
        width="100%",
        padding_y="6px",
        border_bottom="1px solid var(--gray-a4)",
        id="hours-" + day,
    )


def _hours() -> rx.Component:
    return section_form(
        rx.text(t("tech_profile.hours_hint"), size="1", color_scheme="gray"),
        rx.foreach(S.hours, _hours_row),
        error=S.hours_error,
        error_id="hours-error",
        submit=t("tech_profile.save"),
        submit_id="save-hours",
        on_submit=S.save_hours,
        version=S.version,
    )


def _area() -> rx.Component:
    return section_form(
        rx.cond(
            S.area != "",
            rx.text(S.area, size="2", id="area-current"),
            rx.callout(t("tech_profile.area_none"), icon="map-pin", width="100%"),
        ),
        labelled(t("tech_profile.area_address"), rx.input(name="address", id="area-address")),
        labelled(
            t("tech_profile.area_radius"),
            rx.input(name="radius", default_value=S.radius, input_mode="decimal", id="area-radius"),
        ),
        error=S.area_error,
        error_id="area-error",
        submit=t("tech_profile.save"),
        submit_id="save-area",
        on_submit=S.save_area,
        version=S.version,
    )


def _price_row(p: rx.Var) -> rx.Component:
    slug = p["slug"]
    return rx.form(
        rx.vstack(
            rx.hstack(
                rx.text(p["name"], weight="medium"),
                rx.badge(p["category"], variant="soft"),
                rx.spacer(),
                rx.text(p["shown"], size="2", id="price-shown-" + slug),
                width="100%",
                align="center",
            ),
            rx.text(p["range"], size="1", color_scheme="gray", id="price-range-" + slug),
            rx.hstack(
                rx.el.input(type="hidden", name="service_id", value=p["service_id"]),
                rx.input(
                    name="price",
                    default_value=p["price"],
                    placeholder=t("tech_profile.price_yuan"),
                    input_mode="decimal",
                    id="price-" + slug,
                    flex="1",
                ),
                rx.button(t("tech_profile.save"), type="submit", id="price-save-" + slug),
                rx.cond(
                    p["price"] != "",
                    rx.button(
                        t("tech_profile.remove"),
                        type="button",
                        variant="soft",
                        color_scheme="red",
                        on_click=S.remove_price(p["service_id"]),
                        id="price-remove-" + slug,
                    ),
                ),
                width="100%",
            ),
            rx.cond(
                (S.price_error != "") & (S.price_error_for == p["service_id"]),
                rx.callout(
                    S.price_error, icon="triangle-alert", color_scheme="red", id="price-error"
                ),
            ),
            spacing="1",
            width="100%",
        ),
        on_submit=S.save_price,
        key=slug + S.version.to_string(),
        width="100%",
        padding_y="6px",
        border_bottom="1px solid var(--gray-a4)",
        class_name="price-row",
    )


def _body() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(t("tech_profile.title"), size="6"),
            rx.spacer(),
            rx.link(t("tech_profile.view_public"), href=S.public_href, id="view-public", size="2"),
            width="100%",
            align="center",
        ),
        section(t("tech_profile.photo"), _photo(), id="section-photo"),
        section(t("tech_profile.basic"), _basic(), id="section-basic"),
        section(t("tech_profile.prices"), rx.foreach(S.prices, _price_row), id="section-prices"),
        section(t("tech_profile.hours"), _hours(), id="section-hours"),
        section(t("tech_profile.area"), _area(), id="section-area"),
        section(t("tech_profile.certificates"), certificates_section(), id="section-certs"),
        section(t("tech_profile.training"), training_section(), id="section-training"),
        section(t("tech_profile.cases"), cases_section(), id="section-cases"),
        spacing="6",
        width="100%",
    )


def tech_profile_page() -> rx.Component:
    return page(
        guarded(
            rx.cond(S.loaded, _body(), rx.center(rx.spinner(size="3"), padding="48px")),
        ),
        subtitle=t("nav.tech_home"),
    )
