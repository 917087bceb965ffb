"""Numbers from the browser: only plain ASCII digits of a sane length count."""

from __future__ import annotations

import pytest

from salon_app.components.browser_input import row_id, small_number


@pytest.mark.parametrize(
    ("sent", "number"),
    [("42", 42), (" 7 ", 7), (3, 3), ("0", 0), ("999999999", 999_999_999)],
)
def test_plain_digits_are_numbers(sent: object, number: int):
    assert small_number(sent) == number


@pytest.mark.parametrize(
    "sent", ["", None, "-1", "1.5", "²", "٣", "1e3", "12a", "1234567890", "9" * 40, [1]]
)
def test_anything_else_is_no_number_and_no_row(sent: object):
    assert small_number(sent) is None
    assert row_id(sent) == 0
