"""Every path the app serves, typed once."""

from __future__ import annotations

HOME = "/"
LOGIN = "/login"
SIGNUP = "/signup"
TECH_HOME = "/tech"
MERCHANT_HOME = "/merchant"
ADMIN_HOME = "/admin"

ROLE_HOME = {
    "customer": HOME,
    "technician": TECH_HOME,
    "merchant": MERCHANT_HOME,
    "admin": ADMIN_HOME,
}
