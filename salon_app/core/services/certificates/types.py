"""The certificate types a technician can hold and the statuses a certificate goes through."""

from __future__ import annotations

# Catalogue keys certificate.type.<type>; a category may require one (ServiceCategory).
CERTIFICATE_TYPES = ("health", "hairdresser", "beautician", "manicurist", "housekeeper", "other")
STATUSES = ("pending", "verified", "rejected")
