"""Changing the rota: preview what a change does to booked orders, then apply it with decisions.

Rules:
* Only a shop's staff change the rota, and only for the shop's own technicians.
* preview_change stages the change in a transaction it rolls back (under the same calendar
  locks as apply, so the two never wait on each other's rows in opposite order) and lists the
  conflicts (rota.conflicts): orders the change would leave outside working time.
* apply_change takes the technicians' calendar locks first (the edited technician, and every
  technician of the shop when an order is to be re-dispatched, in id order, so bookings and
  other edits wait), stages the change again, lists the conflicts again from the fresh state,
  and refuses (rota.undecided) when any of them has no decision: a booking made since the
  preview is never passed over. Then every decision is carried out (rota.decisions) and the
  whole lands in ONE commit: the rota, the moves, the cancellations and their refund rows. A
  last check refuses the change if any order were still left outside working time.
* Applying the same change twice is harmless: the second time the cancelled orders no longer
  hold a slot, so they are no conflict, and nothing is refunded twice. Refunds go to the
  gateway after the commit (refunds.submit_refund, keyed, so a retry sends them once).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from salon_app.core.errors import DomainError
from salon_app.core.models import Refund, Technician
from salon_app.core.services.access import Actor
from salon_app.core.services.audit import record
from salon_app.core.services.availability import lock_technician_calendar
from salon_app.core.services.merchants import Capability, require_shop
from salon_app.core.services.notifications import notify
from salon_app.core.services.payments import refunds
from salon_app.core.services.rota import decisions as decide
from salon_app.core.services.rota.conflicts import CHOICES, Conflict, find_conflicts
from salon_app.core.services.rota.inputs import RotaChange
from salon_app.core.services.rota.shop import ShopClock, Staged, shop_clock
from salon_app.core.services.rota.staging import stage, technicians_of


@dataclass(frozen=True)
class RotaPreview:
    technician_ids: list[int]  # whose rota the change touches
    first_day: str  # ISO dates: the first and last day it touches
    last_day: str
    conflicts: list[Conflict]


@dataclass(frozen=True)
class Outcome:
    order_id: int
    code: str
    decision: str  # keep | redispatch | cancel
    technician_id: int | None  # who has the order now (None: cancelled)
    refund_fen: int


@dataclass(frozen=True)
class RotaResult:
    technician_ids: list[int]
    first_day: str
    last_day: str
    outcomes: list[Outcome]


def _span(staged: list[Staged]) -> tuple[list[int], str, str]:
    ids = sorted({s.technician_id for s in staged})
    first, last = min(s.first_day for s in staged), max(s.last_day for s in staged)
    return ids, first.isoformat(), last.isoformat()


def preview_change(session: Session, actor: Actor | None, change: RotaChange) -> RotaPreview:
    """The orders `change` would leave uncovered; nothing is written (bad input is refused
    exactly as apply_change would refuse it)."""
    merchant_id = require_shop(session, actor, Capability.edit_rota).merchant_id
    tech_ids = technicians_of(session, merchant_id, change)
    session.rollback()
    try:
        _lock(session, merchant_id, tech_ids, whole_shop=False)  # it writes, as apply does
        shop = shop_clock(session, merchant_id)
        staged = stage(session, shop, change, actor.user_id)
        session.flush()
        conflicts = find_conflicts(session, staged)
    finally:
        session.rollback()
    return RotaPreview(*_span(staged), conflicts)


def _checked(decisions: Mapping[int, str] | None) -> dict[int, str]:
    checked = dict(decisions or {})
    if any(value not in CHOICES for value in checked.values()):
        raise DomainError("rota.decision_invalid")
    return checked


def _lock(session: Session, merchant_id: int, tech_ids: list[int], whole_shop: bool) -> None:
    """The calendar locks, first thing in the transaction, always in id order."""
    ids = set(tech_ids)
    if whole_shop:
        ids |= set(session.exec(select(Technician.id).where(Technician.merchant_id == merchant_id)))
        session.rollback()
    for each in sorted(ids):
        lock_technician_calendar(session, each)


def apply_change(
    session: Session,
    actor: Actor | None,
    change: RotaChange,
    decisions: Mapping[int, str] | None = None,
    targets: Mapping[int, int] | None = None,
) -> RotaResult:
    """Apply `change` with a decision per conflicting order ({order_id: "keep" | "redispatch" |
    "cancel"}; `targets` may name the technician an order is re-dispatched to). Refuses, and
    changes nothing, while any conflict has no decision; see the module docstring."""
    merchant_id = require_shop(session, actor, Capability.edit_rota).merchant_id
    chosen = _checked(decisions)
    tech_ids = technicians_of(session, merchant_id, change)
    session.rollback()  # the locks must be the transaction's first statements (SQLite)
    made: list[Refund] = []
    try:
        _lock(session, merchant_id, tech_ids, "redispatch" in chosen.values())
        shop = shop_clock(session, merchant_id)
        staged = stage(session, shop, change, actor.user_id)
        session.flush()
        conflicts = find_conflicts(session, staged)
        undecided = [c.code for c in conflicts if c.order_id not in chosen]
        if undecided:
            raise DomainError("rota.undecided", orders="、".join(undecided), count=len(undecided))
        outcomes = [
            _carry_out(session, shop, c, chosen[c.order_id], actor, targets, made)
            for c in conflicts
        ]
        session.flush()
        left = find_conflicts(session, staged) if conflicts else []
        if left:  # never an order silently left without working time
            raise DomainError("rota.order_left_outside", code=left[0].code)
        _record(session, actor, staged, change, outcomes)
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise DomainError("rota.changed_meanwhile") from exc
    except Exception:
        session.rollback()
        raise
    for refund in made:
        refunds.submit_refund(session, refund.id)
    return RotaResult(*_span(staged), outcomes)


def _carry_out(
    session: Session,
    shop: ShopClock,
    conflict: Conflict,
    decision: str,
    actor: Actor,
    targets: Mapping[int, int] | None,
    made: list[Refund],
) -> Outcome:
    if decision == "keep":
        decide.keep(session, shop, conflict)
        return Outcome(conflict.order_id, conflict.code, decision, conflict.technician_id, 0)
    if decision == "redispatch":
        target = (targets or {}).get(conflict.order_id)
        taker = decide.redispatch(session, shop, conflict, actor.user_id, target)
        return Outcome(conflict.order_id, conflict.code, decision, taker, 0)
    refunded = decide.cancel(session, shop, conflict, actor.user_id)
    made.extend(refunded)
    amount = sum(r.amount_fen for r in refunded)
    return Outcome(conflict.order_id, conflict.code, decision, None, amount)


def _record(
    session: Session,
    actor: Actor,
    staged: list[Staged],
    change: RotaChange,
    outcomes: list[Outcome],
) -> None:
    """The audit entry, and a notice to each technician whose rota changed."""
    ids, first, last = _span(staged)
    record(
        session,
        actor,
        "rota." + type(change).__name__,
        "technician",
        ids[0] if len(ids) == 1 else None,
        technicians=ids,
        first_day=first,
        last_day=last,
        decisions={o.code: o.decision for o in outcomes},
    )
    users = dict(
        session.exec(
            select(Technician.id, Technician.user_id).where(col(Technician.id).in_(ids))
        ).all()
    )
    for each in staged:
        notify(
            session,
            users[each.technician_id],
            "rota.notify.changed",
            first=each.first_day.strftime("%m月%d日"),
            last=each.last_day.strftime("%m月%d日"),
        )
