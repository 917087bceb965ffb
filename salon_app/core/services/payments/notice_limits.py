"""Limits that keep forged notifications cheap (issue 13, hole 6).

- A notification signed with a WeChat certificate serial we do not hold may mean the gateway
  rotated its certificates, so they are downloaded again, but at most once per
  `wechat_cert_refetch_minutes` per gateway across all workers (a counter in
  services/rate_limits). Otherwise every forged request would cost a download under the
  adapter's lock. A genuine notification refused meanwhile is sent again by the gateway (WeChat
  retries for hours), and is accepted once the certificates are refreshed.
- A notification refused before verification (forged signature, unknown serial, stale, unknown
  gateway) writes a log row only for the first `rejected_notices_logged` per gateway and
  source address per minute, and at most ten times that per gateway; the rest are only counted
  (the rate counter is the count). The gateway is answered "rejected" every time, as before.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlmodel import Session

from salon_app.core.clock import utcnow
from salon_app.core.services import rate_limits
from salon_app.core.services.payments import gateway_log
from salon_app.core.services.payments.gateway_log import NotificationOutcome
from salon_app.core.services.rate_limits import Limit
from salon_app.core.settings import get_settings

log = logging.getLogger("salon_app.payments")
MINUTE = timedelta(minutes=1)


def refetch_limit() -> Limit:
    minutes = get_settings().wechat_cert_refetch_minutes
    return Limit("payments.cert_refetch", 1, timedelta(minutes=minutes))


def rejected_log_limit() -> Limit:
    """Rows per gateway and source address per minute."""
    return Limit("payments.rejected_log", get_settings().rejected_notices_logged, MINUTE)


def rejected_log_limit_all() -> Limit:
    """Rows per gateway per minute, whatever the source."""
    return Limit("payments.rejected_log_all", 10 * get_settings().rejected_notices_logged, MINUTE)


def may_refetch_certificates(session: Session, provider: str) -> bool:
    """True for the one caller per window that may download the certificates (committed at
    once, so every worker sees it)."""
    session.rollback()
    allowed = rate_limits.take(session, refetch_limit(), provider, utcnow()).allowed
    session.commit()
    if not allowed:
        log.info("%s: unknown certificate serial, refetch skipped (rate-limited)", provider)
    return allowed


def reject_unverified(
    session: Session, provider: str, reason: str, source: str = ""
) -> NotificationOutcome:
    """Refuse a notification that did not verify: counted always, logged within the limits."""
    session.rollback()
    now = utcnow()
    here = rate_limits.take(session, rejected_log_limit(), f"{provider}:{source}", now)
    # the gateway-wide budget is spent only by rows a source may still write
    if here.allowed and rate_limits.take(session, rejected_log_limit_all(), provider, now).allowed:
        session.commit()
        return gateway_log.reject(session, provider, reason)
    session.commit()
    if here.count == rejected_log_limit().count + 1:
        log.warning(
            "rejected %s notifications from %s: more this minute are only counted", provider, source
        )
    return NotificationOutcome(gateway_log.REJECTED, reason)
