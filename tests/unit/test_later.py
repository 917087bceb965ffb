"""`later(...)`: what a page draws after the rest is mounted as a React transition (rendered in
slices the phone can interrupt) and keeps its room until then."""

from __future__ import annotations

import reflex as rx

from salon_app.components.later import later


def test_the_lower_part_is_mounted_in_a_transition_with_its_room_kept():
    part = later(rx.text("technicians"), height="1600px")
    code = "\n".join(part._get_all_custom_code())
    assert "startTransition(() => setShown(true))" in code
    assert "minHeight: height" in code  # the room, before
    rendered = str(part.render())
    assert "SalonLater" in rendered and "1600px" in rendered and "technicians" in rendered
