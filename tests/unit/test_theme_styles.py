"""The Radix stylesheet keeps every colour scale a page can ask for, and only those: a scale
named anywhere in the app's source (a color_scheme, a CSS variable, the theme) is imported."""

from __future__ import annotations

from salon_app.theme_styles import SCALES, ThemeStyles, scales_named, stylesheets


def test_scales_named_as_words_or_variables_are_kept_in_radixs_order():
    texts = ['rx.badge("x", color_scheme="red")', 'background="var(--amber-3)"', "'mauve'"]
    assert scales_named(texts) == ["gray", "mauve", "amber", "red"]


def test_words_that_only_contain_a_colour_name_are_not_scales():
    assert scales_named(['"reddish"', "bluesky", "--gold"]) == ["gray"]


def test_the_app_gets_its_theme_and_every_colour_its_pages_use():
    sheets = ThemeStyles().get_stylesheet_paths()
    names = {s.rsplit("/", 1)[1].removesuffix(".css") for s in sheets}
    assert {"crimson", "mauve", "gray", "red", "amber", "green", "grass"} <= names
    assert len(names & set(SCALES)) < len(SCALES)  # not all 31
    assert sheets[-3:] == stylesheets([])  # base, components, utilities after the colours
