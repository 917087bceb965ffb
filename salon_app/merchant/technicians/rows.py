"""Rows of the technicians page, built from service results (shared by its three tabs)."""

from __future__ import annotations

from salon_app.core.services.merchants import CertificateRow
from salon_app.i18n import t


def certificate_flag(c: CertificateRow) -> str:
    """Expired or expiring within 30 days, else nothing."""
    if c.expired:
        return t("team.cert_expired")
    return t("team.cert_expiring") if c.expiring_soon else ""


def certificate_row(c: CertificateRow) -> dict[str, str]:
    return {
        "id": str(c.id),
        "type": t(f"certificate.type.{c.cert_type}"),
        "name": c.name,
        "number": c.number or "-",
        "issuer": c.issuer or "-",
        "issued": c.issued_on.isoformat() if c.issued_on else "-",
        "expires": c.expires_on.isoformat() if c.expires_on else t("team.no_expiry"),
        "status": c.status,
        "status_label": t(f"certificate.status.{c.status}"),
        "reason": c.status_reason,
        "flag": certificate_flag(c),
        "has_scan": "1" if c.has_scan else "",
    }


def certificates_summary(rows: list[CertificateRow]) -> str:
    """ "2 已认证 · 1 待审核 · 1 即将到期" for the team table."""
    if not rows:
        return t("team.no_certificates")
    parts = [
        t(f"team.cert_count.{status}", count=n)
        for status in ("verified", "pending", "rejected")
        if (n := sum(c.status == status for c in rows))
    ]
    if expiring := sum(c.expiring_soon for c in rows):
        parts.append(t("team.cert_count.expiring", count=expiring))
    if expired := sum(c.expired for c in rows):
        parts.append(t("team.cert_count.expired", count=expired))
    return " · ".join(parts)
