"""The build's code splitting gets one `shared` group for what many pages use (a phone fetches
a few script files, not ~55) and one `dashboard` group for what only dashboards use, added once,
and a changed Reflex template is left alone."""

from __future__ import annotations

from salon_app.frontend_bundle import SHARED_GROUP, add_shared_group

TEMPLATE = """      output: {
        codeSplitting: {
          groups: [
            {
              test: /env.json/,
              name: "reflex-env",
            },
          ],
        },
      },"""


def test_the_shared_group_follows_reflexs_own_group_once():
    once = add_shared_group(TEMPLATE)
    assert once.count('name: "shared"') == 1
    assert once.index('name: "reflex-env"') < once.index('name: "shared"') < once.index("],")
    assert add_shared_group(once) == once


def test_a_template_without_reflexs_group_is_left_as_it_is():
    other = TEMPLATE.replace("reflex-env", "something-else")
    assert add_shared_group(other) == other
    assert SHARED_GROUP not in other


def test_what_only_dashboards_use_goes_in_a_file_phones_do_not_fetch():
    config = add_shared_group(TEMPLATE)
    assert config.index('name: "shared"') < config.index('name: "dashboard"')
    assert "!/node_modules[\\\\/](vaul)[\\\\/]/.test(id)" in config  # kept out of shared
    assert "test: /node_modules[\\\\/](vaul)[\\\\/]/," in config
