"""Dispatch: offer a paid order to its technician; on rejection or timeout, to the next best.

An offer waits `offer_timeout_minutes`. Moving an order to another technician goes through
the same calendar lock and slot check as booking (dispatch_moves), so dispatch never
double-books. A refusal or timeout moves the order down its stored ranking to the next free
candidate not yet asked; past its end, a fresh ranking of those not ranked yet is stored after
it. When nobody fits, the order is flagged for manual dispatch and an admin assigns it (audited).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.models import DispatchOffer, Merchant, Order, OrderItem, Technician
from salon_app.core.models import OrderStatus as S
from salon_app.core.services import ledger
from salon_app.core.services.access import Actor, require_technician
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.audit import record
from salon_app.core.services.availability import lock_technician_calendar
from salon_app.core.services.dispatch.moves import move, order_to_move
from salon_app.core.services.dispatch.ranking import rank_candidates
from salon_app.core.services.dispatch.scoring import Candidate, Job
from salon_app.core.services.notifications import notify
from salon_app.core.services.orders import transition, withdraw_offers
from salon_app.core.settings import get_settings

REASON_MAX = 200


def job_of(session: Session, order: Order) -> Job:
    """The order as a dispatch job; in-shop orders without coordinates sit at their shop."""
    item = session.exec(select(OrderItem).where(OrderItem.order_id == order.id)).first()
    at = (order.lat, order.lng)
    if order.lat is None and order.merchant_id is not None:
        shop = session.get(Merchant, order.merchant_id)
        at = (shop.lat, shop.lng)
    return Job(item.service_id, order.starts_at, order.duration_min, at, order.at_home, order.id)


def record_ranking(
    session: Session, order_id: int, ranked: list[Candidate], now: datetime, first_rank: int = 1
) -> None:
    """Keep why each candidate ranked where it did, for re-dispatch and the admin view."""
    for rank, cand in enumerate(ranked, start=first_rank):
        session.add(
            DispatchOffer(
                order_id=order_id,
                technician_id=cand.technician_id,
                rank=rank,
                score=cand.score,
                components=cand.components,
                created_at=now,
            )
        )


def _offer(session: Session, order: Order, tech_id: int, now: datetime, **fields: object) -> None:
    """Offer the order to `tech_id` (creating or updating that technician's row)."""
    row = session.exec(
        select(DispatchOffer).where(
            DispatchOffer.order_id == order.id, DispatchOffer.technician_id == tech_id
        )
    ).first()
    if row is None:
        row = DispatchOffer(
            order_id=order.id, technician_id=tech_id, rank=0, score=0.0, created_at=now
        )
    for key, value in fields.items():
        setattr(row, key, value)
    row.status, row.offered_at = "offered", now
    row.expires_at = now + timedelta(minutes=get_settings().offer_timeout_minutes)
    session.add(row)
    order.dispatch_state = "offering"
    session.add(order)
    tech_user = session.get(Technician, tech_id).user_id
    notify(session, tech_user, "notify.new_offer", order.id, code=order.code)


def start(session: Session, order: Order, now: datetime | None = None) -> None:
    """A paid order goes to its technician first (not committed)."""
    if order.technician_id is None:
        _redispatch(session, order, now or utcnow())
    else:
        _offer(session, order, order.technician_id, now or utcnow())


def _redispatch(session: Session, order: Order, now: datetime) -> None:
    """Move the order to the best free candidate not yet asked: down the stored ranking in
    rank order, then a fresh ranking of everyone not ranked yet; flag it when nobody fits."""
    rows = session.exec(
        select(DispatchOffer)
        .where(DispatchOffer.order_id == order.id)
        .order_by(DispatchOffer.rank, DispatchOffer.id)
    ).all()
    stored = [r.technician_id for r in rows if r.status == "candidate"]
    if _offer_first_free(session, order, stored, now):
        return
    ranked = rank_candidates(
        session,
        job_of(session, order),
        limit=10,
        exclude={r.technician_id for r in rows} | {order.technician_id},
        now=now,
    )
    last = max((r.rank for r in rows), default=0)
    record_ranking(session, order.id, ranked, now, first_rank=last + 1)
    session.flush()
    if _offer_first_free(session, order, [c.technician_id for c in ranked], now):
        return
    order.dispatch_state = "manual"
    session.add(order)


def _offer_first_free(session: Session, order: Order, tech_ids: list[int], now: datetime) -> bool:
    """Move the order to the first of `tech_ids` who may take it now, and offer it to them."""
    for tech_id in tech_ids:
        if tech_id != order.technician_id and move(session, order, tech_id, now) is None:
            _offer(session, order, tech_id, now)
            return True
    return False


def _settle(session: Session, offer: DispatchOffer, status: str, now: datetime) -> bool:
    """Move an offer out of "offered" atomically: of two racing answers, exactly one wins."""
    result = session.execute(
        update(DispatchOffer)
        .where(DispatchOffer.id == offer.id, DispatchOffer.status == "offered")
        .values(status=status, answered_at=now)
    )
    session.refresh(offer)
    return result.rowcount == 1


def _my_offer(session: Session, actor: Actor | None, offer_id: int) -> tuple[DispatchOffer, Order]:
    tech_id = require_technician(actor)
    offer = session.get(DispatchOffer, offer_id)
    if offer is None or offer.technician_id != tech_id:
        raise DomainError("dispatch.offer_not_found")
    # The order's lock before the offer's row, as a cancel or a payment takes them: an answer
    # racing a cancel waits for it (and then sees the offer withdrawn) instead of deadlocking.
    ledger.lock_order_money(session, offer.order_id)
    offer = session.get(DispatchOffer, offer_id, populate_existing=True)
    order = session.get(Order, offer.order_id, populate_existing=True)
    if offer.status != "offered" or order.technician_id != tech_id:
        raise DomainError("dispatch.offer_taken")
    if offer.expires_at <= utcnow():
        raise DomainError("dispatch.offer_expired")
    return offer, order


def accept(session: Session, actor: Actor | None, offer_id: int) -> Order:
    """The technician takes the order: the customer is told who is coming."""
    lock_technician_calendar(session, require_technician(actor))
    offer, order = _my_offer(session, actor, offer_id)
    if not _settle(session, offer, "accepted", utcnow()):
        session.rollback()
        raise DomainError("dispatch.offer_taken")
    order.dispatch_state = "accepted"
    transition(session, order, "accepted", actor.user_id)
    notify(
        session,
        order.customer_id,
        "notify.order_accepted",
        order.id,
        code=order.code,
        technician=actor.display_name,
    )
    session.commit()
    return order


def reject(session: Session, actor: Actor | None, offer_id: int, reason: str) -> None:
    """The technician declines (with a reason); the order goes to the next candidate."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("validation.required", field="field.reason")
    if len(reason) > REASON_MAX:
        raise DomainError("validation.too_long", field="field.reason", max=REASON_MAX)
    offer, order = _my_offer(session, actor, offer_id)
    now = utcnow()
    if not _settle(session, offer, "rejected", now):
        session.rollback()
        raise DomainError("dispatch.offer_taken")
    offer.reason = reason
    transition(session, order, "rejected", actor.user_id, reason=reason)
    session.flush()
    _redispatch(session, order, now)
    session.commit()


def expire_offers(session: Session, now: datetime | None = None) -> int:
    """Offers nobody answered in time expire and their orders move on; returns how many."""
    now = now or utcnow()
    stale = session.exec(
        select(DispatchOffer)
        .where(DispatchOffer.status == "offered", DispatchOffer.expires_at <= now)
        .order_by(DispatchOffer.order_id)
    ).all()
    for offer in stale:
        ledger.lock_order_money(session, offer.order_id)  # the order first, as in _my_offer
        if not _settle(session, offer, "expired", now):
            continue  # answered meanwhile
        order = session.get(Order, offer.order_id, populate_existing=True)
        session.flush()
        if order.status == S.pending_service and order.technician_id == offer.technician_id:
            _redispatch(session, order, now)
    session.commit()
    return len(stale)


def hand_over(
    session: Session,
    order: Order,
    technician_id: int,
    now: datetime,
    by: int | None,
    reason: str,
    notice: str = "notify.order_reassigned",
) -> DomainError | None:
    """Move a not yet started order to `technician_id` (dispatch_moves.move: their rules and
    calendar) and, once paid, offer it to them; open offers and an acceptance are withdrawn
    and those technicians told (`notice`). Returns why not, or None (not committed). Used by
    an admin's assignment and by a shop re-dispatching an order its rota no longer covers."""
    refusal = move(session, order, technician_id, now, by=by)
    if refusal is not None:
        return refusal
    for asked_id in withdraw_offers(session, order.id, now, accepted_too=True):
        if asked_id != technician_id:  # they were waiting for it or on it
            asked = session.get(Technician, asked_id).user_id
            notify(session, asked, notice, order.id, code=order.code)
    if order.status == S.pending_service:
        _offer(session, order, technician_id, now, reason=reason)
    return None


def assign(session: Session, actor: Actor | None, order_code: str, technician_id: int) -> Order:
    """An admin gives an order to a technician of their choice, as long as it has not started.

    The move's rules still hold (dispatch_moves: active, offers the service, reaches the place,
    free at the time); a refusal changes nothing. Any open offer or acceptance is withdrawn
    (those technicians are told), and the assignment is audited.
    """
    admin = require_admin(session, actor, Permission.dispatch)
    order = order_to_move(session, order_code)
    if technician_id == order.technician_id and order.dispatch_state == "accepted":
        raise DomainError("dispatch.already_accepted")
    previous = order.technician_id
    refusal = hand_over(session, order, technician_id, utcnow(), admin.user_id, "admin")
    if refusal is not None:
        session.rollback()
        raise refusal
    record(
        session,
        admin,
        "dispatch.assign",
        "order",
        order.id,
        previous=previous,
        technician=technician_id,
    )
    session.commit()
    return order
