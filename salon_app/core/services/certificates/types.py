"""The certificate types a technician can hold and the statuses a certificate goes through."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from salon_app.core.clock import utcnow
from salon_app.core.settings import get_settings

# Catalogue keys certificate.type.<type>; a category may require one (ServiceCategory).
CERTIFICATE_TYPES = ("health", "hairdresser", "beautician", "manicurist", "housekeeper", "other")
STATUSES = ("pending", "verified", "rejected")


def local_today() -> date:
    """Today in the platform's time zone: expiry dates are local days, valid through the day."""
    return utcnow().astimezone(ZoneInfo(get_settings().timezone)).date()
