"""What a committed change means for the live pages: the session listener.

Every table a live page's version reads is watched (WATCHED_TABLES; a version that reads
another table would miss its changes until the safety look). A written row of one of them
becomes topics:
- an order: ("order", id), ("customer", customer_id), and ("technician", ...) and ("shop", ...)
  for its technician and shop before and after the change (a moved order leaves one board);
- a row with an order_id (progress event, message, dispatch offer, alert...): the topics of
  that order as well;
- a row with a technician_id or merchant_id: ("technician", ...), ("shop", ...);
- an alert or an alert note: ("alerts",);
- an account or one of its logins: ("account", user_id) (the open tabs' login watch);
- a row of any other table, unless it is in PRIVATE_TABLES (rows no public page shows): PUBLIC,
  which visitors' shared reads listen to (shared_reads). Forgetting a private table here only
  costs visitors a fresh read; forgetting a public one would show them stale pages.

Rows written through the unit of work are seen at flush (after_flush: ids are known, old values
still in the attribute history). Statements run with session.execute (conditional UPDATEs that
settle an offer or take an alert, bulk DELETEs of rota days, INSERT .. ON CONFLICT of alerts)
are seen by do_orm_execute: the rows an UPDATE or DELETE will touch are read first with its own
WHERE. Topics wait in session.info until COMMIT publishes them; a rollback drops them.
Statements run on session.connection() directly are not seen (today only the rota generation's
insert of plain pattern shifts, which the map's minute tick shows).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Table, event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.sql import column, table

from salon_app.core.live_feed.hub import (
    ALERTS,
    PUBLIC,
    Topic,
    account,
    customer,
    order,
    shop,
    technician,
)
from salon_app.core.live_feed.relay import publish

log = logging.getLogger(__name__)

WATCHED_TABLES = frozenset(
    {"orders", "order_event", "order_message", "dispatch_offer", "shift", "alert", "alert_note"}
    | {"user", "auth_session"}
)
# Written often and never shown on a public page (technician, service, shop, search pages):
# their writes do not publish PUBLIC. Orders and what hangs on them reach the technician's and
# shop's topics instead (above), which a technician page's shared read also listens to.
PRIVATE_TABLES = WATCHED_TABLES | frozenset(
    {"order_item", "discount_line", "payment", "refund", "ledger_entry", "payment_notification"}
    | {"notification", "privacy_binding", "relay_sandbox_binding", "sos_signal", "visit_share"}
    | {"verification_code", "sms_throttle", "sms_message", "rate_counter", "audit_entry"}
    | {"job_run", "backup", "restore_drill", "points_reminder", "certificate_reminder"}
    | {"course_certificate_reminder", "lesson_progress", "quiz_attempt", "enrollment"}
    | {"growth_entry", "points_entry", "points_draw", "check_in", "gift_redemption", "coupon"}
    | {"membership", "campaign_member", "invitation", "customer_figures", "user_tag"}
    | {"complaint", "mediation_proposal", "review_report", "settlement_statement"}
    | {"staff_invitation", "shop_application", "technician_application", "event_signup"}
)
_ALERT_TABLES = frozenset({"alert", "alert_note"})
_ACCOUNT_COLUMN = {"user": "id", "auth_session": "user_id"}
_KEY = "live_feed.topics"
_COLUMNS = ("id", "order_id", "customer_id", "technician_id", "merchant_id", "user_id")
_ORDERS = table(
    "orders", column("id"), column("customer_id"), column("technician_id"), column("merchant_id")
)


def topics_of_rows(name: str, rows: Iterable[Mapping[str, Any]]) -> tuple[set[Topic], set[int]]:
    """The topics of rows of table `name` (column -> value), and the order ids whose own
    topics (technician, shop) must be looked up."""
    topics: set[Topic] = set()
    orders: set[int] = set()
    for row in rows:
        if name in _ACCOUNT_COLUMN:
            if row.get(_ACCOUNT_COLUMN[name]) is not None:
                topics.add(account(row[_ACCOUNT_COLUMN[name]]))
            continue
        if name in _ALERT_TABLES:
            topics.add(ALERTS)
        if name == "orders":
            topics |= _order_topics(row)
            continue
        if row.get("order_id") is not None:
            orders.add(row["order_id"])
            topics.add(order(row["order_id"]))
        if row.get("technician_id") is not None:
            topics.add(technician(row["technician_id"]))
        if row.get("merchant_id") is not None and name != "alert":  # an alert is not the shop's
            topics.add(shop(row["merchant_id"]))
    return topics, orders


def _order_topics(row: Mapping[str, Any]) -> set[Topic]:
    found: set[Topic] = set()
    if row.get("id") is not None:
        found.add(order(row["id"]))
    if row.get("customer_id") is not None:
        found.add(customer(row["customer_id"]))
    if row.get("technician_id") is not None:
        found.add(technician(row["technician_id"]))
    if row.get("merchant_id") is not None:
        found.add(shop(row["merchant_id"]))
    return found


def _pending(session: Session) -> set[Topic]:
    return session.info.setdefault(_KEY, set())


def _add_orders_of(session: Session, order_ids: set[int], topics: set[Topic]) -> None:
    """The topics of orders named by other rows: from the identity map when loaded, else read."""
    loaded = {}
    for obj in session.identity_map.values():
        state = inspect(obj)
        if state.mapper.local_table.name == "orders" and state.dict.get("id") in order_ids:
            loaded[state.dict["id"]] = state.dict
    for order_id in order_ids:
        values = loaded.get(order_id, {})
        if all(c in values for c in ("customer_id", "technician_id", "merchant_id")):
            topics |= _order_topics(values)
            order_ids = order_ids - {order_id}
    if order_ids:
        query = select(_ORDERS).where(_ORDERS.c.id.in_(sorted(order_ids)))
        for row in session.connection().execute(query).mappings():
            topics |= _order_topics(row)


def _row_values(obj: object, table_name: str) -> list[dict[str, Any]]:
    """The object's watched columns as written now, plus, for an order, what its technician
    and shop were before (from the attribute history, without loading anything)."""
    state = inspect(obj)
    values = {c: state.dict[c] for c in _COLUMNS if c in state.dict}
    rows = [values]
    if table_name == "orders":
        for name in ("technician_id", "merchant_id"):
            if name in state.attrs:
                for old in state.attrs[name].history.deleted or ():
                    rows.append({name: old})
    return rows


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: object) -> None:
    topics = _pending(session)
    order_ids: set[int] = set()
    changed = [*session.new, *session.deleted]
    changed += [o for o in session.dirty if session.is_modified(o, include_collections=False)]
    for obj in changed:
        name = getattr(inspect(obj).mapper.local_table, "name", "")
        if name not in PRIVATE_TABLES:
            topics.add(PUBLIC)
        if name not in WATCHED_TABLES:
            continue
        found, orders = topics_of_rows(name, _row_values(obj, name))
        topics |= found
        order_ids |= orders
    if order_ids:
        _add_orders_of(session, order_ids, topics)


@event.listens_for(Session, "do_orm_execute")
def _statement(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    target = getattr(state.statement, "table", None)
    if not isinstance(target, Table):
        return
    if target.name not in PRIVATE_TABLES:
        _pending(state.session).add(PUBLIC)
    if target.name not in WATCHED_TABLES:
        return
    topics = _pending(state.session)
    if target.name in _ALERT_TABLES:
        topics.add(ALERTS)  # one topic for the whole queue: which rows does not matter
        return
    if state.is_insert:
        rows = state.parameters if isinstance(state.parameters, list) else [state.parameters or {}]
    else:
        where = state.statement.whereclause
        query = select(*(target.c[c] for c in _COLUMNS if c in target.c))
        query = query.where(where) if where is not None else query
        rows = list(state.session.connection().execute(query).mappings())
    found, order_ids = topics_of_rows(target.name, rows)
    topics |= found
    if order_ids:
        _add_orders_of(state.session, order_ids, topics)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    topics = session.info.pop(_KEY, None)
    if topics:
        publish(topics)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)
