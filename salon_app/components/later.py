"""The lower part of a long page, drawn just after the rest in React's interruptible mode.

When a page's data arrives, React draws all of it in one go that nothing can interrupt: on a
phone (Lighthouse's 4× slower CPU) the service page's technician finder and list, or the home's
two lists of services, were 100-300 ms in which a tap waited (total blocking time). What a page
wraps in `later(...)` is mounted as a React transition right after the first screen is drawn,
so React builds it in 5 ms slices with the phone free between them. Until then it keeps
`height` of room; it sits below the first screen, so nothing the customer sees moves. Once
it is there (a few milliseconds later) nothing differs for screen readers or tests.
"""

from __future__ import annotations

import reflex as rx

LATER_JS = """
function SalonLater({height, children}) {
  const [shown, setShown] = useState(false);
  useEffect(() => startTransition(() => setShown(true)), []);
  return shown ? children : createElement("div", {style: {minHeight: height}, "aria-hidden": true});
}
"""


class Later(rx.Component):
    """`children` mounted in a transition after the first draw; `height` of room before."""

    tag = "SalonLater"

    height: rx.Var[str]

    def add_imports(self) -> dict[str, list[str]]:
        return {"react": ["useState", "useEffect", "startTransition", "createElement"]}

    def add_custom_code(self) -> list[str]:
        return [LATER_JS]


def later(*children: rx.Component, height: str) -> rx.Component:
    """`children` drawn just after the rest of the page (see the module's docstring)."""
    return Later.create(*children, height=height)
