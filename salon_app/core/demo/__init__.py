"""The demo city: a small, hand-shaped Shenzhen for trying the app, and a bulk generator.

The seed lives in demo.seed (`from salon_app.core.demo.seed import seed_demo`), not re-exported
here: the services read the city's districts (demo.shenzhen), and the seed calls the services.
"""

from salon_app.core.demo.logins import DEMO_LOGINS, DEMO_PASSWORD

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD"]
