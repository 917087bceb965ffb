"""The change feed: who must hear that a row changed, told after the change is committed.

Owns what a change means for the live pages (`changes`: a session listener turns the watched
rows a transaction wrote into topics and publishes them after COMMIT, never for a rolled-back
one), the in-process waiters (`hub`: asyncio tasks of this process woken from any thread) and
the relay between processes (`relay`: Redis pub/sub when REDIS_URL is set, one subscriber per
worker; without it the feed stays in-process).

A topic is a plain tuple: ("order", order_id), ("customer", user_id), ("technician",
technician_id), ("shop", merchant_id), ("alerts",), and PUBLIC: any change to what public
pages show, which visitors' shared reads (`shared_reads`) listen to. A live page waits on its
topics and then reads its own version of what it shows (components/live.py): the feed only
says "look now".

Importing this package installs the listener on every SQLAlchemy session (core/db.py imports
it), so a service publishes by committing; it never has to remember to.
"""

from salon_app.core.live_feed.changes import PRIVATE_TABLES, WATCHED_TABLES, topics_of_rows
from salon_app.core.live_feed.hub import (
    ALERTS,
    PUBLIC,
    Subscription,
    Topic,
    account,
    changed_within,
    customer,
    notify_here,
    order,
    shop,
    subscribed,
    tab,
    technician,
)
from salon_app.core.live_feed.relay import publish, run_relay
from salon_app.core.live_feed.shared_reads import SharedReads

__all__ = [
    "ALERTS",
    "PRIVATE_TABLES",
    "PUBLIC",
    "WATCHED_TABLES",
    "SharedReads",
    "Subscription",
    "Topic",
    "account",
    "changed_within",
    "customer",
    "notify_here",
    "order",
    "publish",
    "run_relay",
    "shop",
    "subscribed",
    "tab",
    "technician",
    "topics_of_rows",
]
