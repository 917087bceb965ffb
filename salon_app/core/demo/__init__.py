"""The demo city: a small, hand-shaped Shenzhen for trying the app, and a bulk generator."""

from salon_app.core.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from salon_app.core.demo.seed import load_catalogue, seed_demo

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "load_catalogue", "seed_demo"]
