"""Coupon templates managed by operators (platform-funded) and by shops (shop-funded, their
own shop only): create, edit, activate, end. The rules of a valid template are coupon_rules.py.

Who: operators with Permission.manage_marketing act for the platform; shop staff with
Capability.manage_marketing act for their shop. An operator edits platform templates and may
end any template (a shop's offer taken down); a shop touches only its own, another shop's
template looks like a missing one. Once a coupon has been issued, what it gives and where
(kind, amounts, discount, cap, scope) is fixed: held coupons keep their terms; names, stock
(never below what was issued), limits, claiming and dates still change. Status moves draft →
active → ended, never back. Every change is audited in its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError, PermissionDenied
from salon_app.core.models import CouponTemplate, Merchant, Role, Service, ServiceCategory
from salon_app.core.services import audit
from salon_app.core.services.access import Actor
from salon_app.core.services.admin_roles import Permission, require_admin
from salon_app.core.services.marketing.coupon_rules import TemplateDraft, checked_draft, shop_offers
from salon_app.core.services.merchants import Capability, require_shop

TERMS = ("kind", "threshold_fen", "amount_fen", "discount_bp", "cap_fen", "scope", "scope_exclude")


@dataclass(frozen=True)
class Desk:
    """Who is managing templates: the platform (shop_id None) or one shop."""

    shop_id: int | None


def coupon_desk(session: Session, actor: Actor | None) -> Desk:
    """The platform's desk for operators with manage_marketing, a shop's for its staff with the
    shop's manage_marketing; anyone else is refused."""
    if actor is not None and actor.role == Role.admin:
        require_admin(session, actor, Permission.manage_marketing)
        return Desk(None)
    return Desk(require_shop(session, actor, Capability.manage_marketing).merchant_id)


def _template(
    session: Session, desk: Desk, template_id: int, *, ending: bool = False
) -> CouponTemplate:
    template = session.get(CouponTemplate, template_id, populate_existing=True)
    if template is None:
        raise PermissionDenied("coupon.not_found")
    if desk.shop_id is None:
        mine = template.funded_by == "platform"
    else:
        mine = template.merchant_id == desk.shop_id
    if not (mine or (ending and desk.shop_id is None)):
        raise PermissionDenied("coupon.not_found")
    return template


def _fill(
    template: CouponTemplate, d: TemplateDraft, name: str, scope: str, ids: list[int]
) -> None:
    percent = d.kind == "percent"
    template.name = name
    template.kind = d.kind
    template.amount_fen = 0 if percent else d.amount_fen
    template.threshold_fen = 0 if d.kind == "no_threshold" else d.threshold_fen
    template.discount_bp = d.discount_bp if percent else 10_000
    template.cap_fen = d.cap_fen if percent else 0
    template.scope = scope
    template.scope_ids = ids
    template.scope_exclude = bool(d.scope_exclude) and scope != "all"
    template.valid_from = d.valid_from
    template.valid_until = d.valid_until
    template.valid_days = d.valid_days
    template.total_stock = d.total_stock
    template.per_user_limit = d.per_user_limit
    template.per_day_limit = d.per_day_limit
    template.claimable = bool(d.claimable)
    template.points_cost = d.points_cost


def create_template(
    session: Session, actor: Actor | None, draft: TemplateDraft, *, publish: bool = False
) -> CouponTemplate:
    """A new template on the actor's desk (platform- or shop-funded), a draft unless
    `publish`; refused with the first broken rule of coupon_rules.py."""
    desk = coupon_desk(session, actor)
    name, scope, ids = checked_draft(session, draft, shop_id=desk.shop_id)
    template = CouponTemplate(
        name=name,
        kind=draft.kind,
        funded_by="merchant" if desk.shop_id else "platform",
        merchant_id=desk.shop_id,
        status="active" if publish else "draft",
        created_by=actor.user_id,
        created_at=utcnow(),
    )
    _fill(template, draft, name, scope, ids)
    session.add(template)
    session.flush()
    audit.record(
        session, actor, "coupon.template_created", "coupon_template", template.id, name=name
    )
    session.commit()
    return template


def update_template(
    session: Session, actor: Actor | None, template_id: int, draft: TemplateDraft
) -> CouponTemplate:
    """Edit a draft or active template of the actor's desk; an ended one is refused, and so
    is changing what it gives once coupons were issued (coupon.terms_fixed)."""
    desk = coupon_desk(session, actor)
    template = _template(session, desk, template_id)
    if template.status == "ended":
        raise DomainError("coupon.already_ended")
    name, scope, ids = checked_draft(session, draft, shop_id=desk.shop_id, issued=template.issued)
    if template.issued:
        stored = replace(draft, scope=scope, scope_ids=tuple(ids))
        wanted = {k: getattr(stored, k) for k in TERMS}
        if draft.kind == "percent":
            wanted["amount_fen"] = 0
        else:
            wanted["discount_bp"], wanted["cap_fen"] = 10_000, 0
        if draft.kind == "no_threshold":
            wanted["threshold_fen"] = 0
        wanted["scope_exclude"] = bool(draft.scope_exclude) and scope != "all"
        if any(getattr(template, k) != v for k, v in wanted.items()) or template.scope_ids != ids:
            raise DomainError("coupon.terms_fixed", issued=template.issued)
    _fill(template, draft, name, scope, ids)
    session.add(template)
    audit.record(
        session, actor, "coupon.template_updated", "coupon_template", template.id, name=name
    )
    session.commit()
    return template


def set_status(
    session: Session, actor: Actor | None, template_id: int, status: str
) -> CouponTemplate:
    """activate (a draft starts being claimable) or end (no more claims; coupons already
    held stay usable until their own end). Ending twice changes nothing."""
    if status not in ("active", "ended"):
        raise DomainError("coupon.status_invalid")
    desk = coupon_desk(session, actor)
    template = _template(session, desk, template_id, ending=status == "ended")
    if template.status == status:
        return template
    if template.status == "ended":
        raise DomainError("coupon.already_ended")
    template.status = status
    session.add(template)
    action = "coupon.template_activated" if status == "active" else "coupon.template_ended"
    audit.record(session, actor, action, "coupon_template", template.id, name=template.name)
    session.commit()
    return template


def template_for_edit(session: Session, actor: Actor | None, template_id: int) -> CouponTemplate:
    """One template of the actor's desk, to fill the edit form."""
    return _template(session, coupon_desk(session, actor), template_id)


def scope_options(session: Session, actor: Actor | None, scope: str) -> list[tuple[int, str]]:
    """What the desk may scope a template to, as (id, name) by name: a shop only its own
    shop and the services (or categories) its technicians offer."""
    desk = coupon_desk(session, actor)
    model = {"categories": ServiceCategory, "services": Service, "shops": Merchant}.get(scope)
    if model is None:
        return []
    statement = select(model.id, model.name).order_by(model.name, model.id)
    if desk.shop_id is not None:
        services, categories = shop_offers(session, desk.shop_id)
        own = {"categories": categories, "services": services, "shops": {desk.shop_id}}[scope]
        statement = statement.where(col(model.id).in_(sorted(own)))
    return [(i, n) for i, n in session.exec(statement).all()]
