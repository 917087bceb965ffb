"""A shop applies to join the platform (商家入驻申请).

Who: a logged-in customer account (a newcomer signs up as a customer first). Approval turns
that account into the new shop's owner; an account has one role, so technicians, staff of a
shop and operators cannot apply with theirs.
What: shop name (required, ≤ 60), business licence number (the 18-character unified social
credit code, check digit included), a licence scan (an image, required, kept private), the
address (geocoded like the shop's own page; one that cannot be found is refused), a contact
phone (a mainland mobile or fixed line), at least one service category, an intro (≤ 2000).
One pending application per applicant (a database index: two at once leave one); a rejected
applicant may apply again, an approved one has a shop already.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.errors import DomainError
from salon_app.core.integrations import storage
from salon_app.core.models import Role, ServiceCategory, ShopApplication
from salon_app.core.services.access import Actor, require_role
from salon_app.core.services.merchants import locate_shop, normalize_contact_phone
from salon_app.core.services.photos import PREVIEW_SIDE, commit_or_discard

NAME_MAX, ADDRESS_MAX, INTRO_MAX = 60, 200, 2000
SCAN_FOLDER = "shop_licences"
# GB 32100-2015: 18 characters from this alphabet, the last a check character.
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@dataclass(frozen=True)
class ShopApplicationForm:
    shop_name: str
    licence_number: str
    address: str
    contact_phone: str
    category_ids: list[int]
    intro: str = ""


@dataclass(frozen=True)
class MyApplication:
    """What the applicant sees of their latest application."""

    id: int
    shop_name: str
    status: str  # pending | approved | rejected
    reason: str  # why it was rejected
    created_at: datetime
    decided_at: datetime | None


def check_character(first17: str) -> str:
    """The check character of a unified social credit code's first 17 characters."""
    total = sum(CODE_CHARS.index(c) * w for c, w in zip(first17, CODE_WEIGHTS, strict=True))
    return CODE_CHARS[(31 - total % 31) % 31]


def normalize_licence_number(raw: str) -> str:
    """An 18-character unified social credit code (upper case, check character right), or
    shop_apply.licence_invalid."""
    code = (raw or "").strip().upper().replace(" ", "")
    if not code:
        raise DomainError("validation.required", field="field.licence_number")
    if len(code) != 18 or any(c not in CODE_CHARS for c in code):
        raise DomainError("shop_apply.licence_invalid")
    if check_character(code[:17]) != code[17]:
        raise DomainError("shop_apply.licence_invalid")
    return code


def _categories(session: Session, wanted: list[int]) -> list[int]:
    ids = sorted({i for i in wanted or [] if isinstance(i, int) and not isinstance(i, bool)})
    if not ids:
        raise DomainError("shop_apply.categories_required")
    known = session.exec(select(ServiceCategory.id).where(col(ServiceCategory.id).in_(ids))).all()
    if len(known) != len(ids):
        raise DomainError("shop_apply.categories_required")
    return ids


def categories_to_offer(session: Session) -> list[tuple[int, str]]:
    """The service categories a shop may say it offers (id, name), in the catalogue's order."""
    return [
        (c.id, c.name)
        for c in session.exec(
            select(ServiceCategory).order_by(
                col(ServiceCategory.sort_order), col(ServiceCategory.id)
            )
        ).all()
    ]


def _pending(session: Session, user_id: int) -> ShopApplication | None:
    return session.exec(
        select(ShopApplication).where(
            ShopApplication.applicant_id == user_id, ShopApplication.status == "pending"
        )
    ).first()


def apply_for_shop(
    session: Session, actor: Actor | None, form: ShopApplicationForm, scan: bytes | None
) -> MyApplication:
    """Send an application (rules above); nothing is stored when any field is refused."""
    actor = require_role(actor, Role.customer)
    name, address = (form.shop_name or "").strip(), (form.address or "").strip()
    intro = (form.intro or "").strip()
    if not name:
        raise DomainError("validation.required", field="field.shop_name")
    if len(name) > NAME_MAX:
        raise DomainError("validation.too_long", field="field.shop_name", max=NAME_MAX)
    licence = normalize_licence_number(form.licence_number)
    if not scan:
        raise DomainError("shop_apply.licence_scan_required")
    if not address:
        raise DomainError("validation.required", field="field.address")
    if len(address) > ADDRESS_MAX:
        raise DomainError("validation.too_long", field="field.address", max=ADDRESS_MAX)
    phone = normalize_contact_phone(form.contact_phone)
    categories = _categories(session, form.category_ids)
    if len(intro) > INTRO_MAX:
        raise DomainError("validation.too_long", field="field.shop_intro", max=INTRO_MAX)
    if _pending(session, actor.user_id) is not None:
        raise DomainError("shop_apply.already_pending")
    lat, lng, district = locate_shop(address)
    jpeg = storage.prepare_image(scan, storage.SCAN_MAX_SIDE)
    thumb = storage.prepare_image(jpeg, PREVIEW_SIDE)
    keys = [storage.save_private(jpeg, SCAN_FOLDER), storage.save_private(thumb, SCAN_FOLDER)]
    row = ShopApplication(
        applicant_id=actor.user_id,
        shop_name=name,
        licence_number=licence,
        licence_scan=keys[0],
        licence_thumb=keys[1],
        address=address,
        district=district,
        lat=lat,
        lng=lng,
        contact_phone=phone,
        category_ids=categories,
        intro=intro,
        created_at=utcnow(),
    )
    session.add(row)
    try:
        commit_or_discard(session, [], keys)
    except IntegrityError as exc:  # sent twice at once: the first one stands
        raise DomainError("shop_apply.already_pending") from exc
    return _mine(row)


def _mine(row: ShopApplication) -> MyApplication:
    return MyApplication(
        row.id, row.shop_name, row.status, row.reason, row.created_at, row.decided_at
    )


def my_application(session: Session, actor: Actor | None) -> MyApplication | None:
    """The actor's latest application (any role: an approved applicant is a merchant now),
    or None when they never applied."""
    actor = require_role(actor, Role.customer, Role.merchant)
    row = session.exec(
        select(ShopApplication)
        .where(ShopApplication.applicant_id == actor.user_id)
        .order_by(col(ShopApplication.created_at).desc(), col(ShopApplication.id).desc())
    ).first()
    return None if row is None else _mine(row)
