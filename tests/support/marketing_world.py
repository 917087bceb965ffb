"""Building blocks for the promotion, campaign and invitation tests on the demo city: coupon
templates (their service belongs to the coupons part, so they are written as rows), segments,
shop staff logged in, and paid orders written at chosen instants (the evaluation's data set)."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

from sqlmodel import Session, col, select

from salon_app.core.clock import utcnow
from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.models import CouponTemplate, Order, OrderItem, Segment, Service, User
from salon_app.core.services import auth, marketing
from salon_app.core.services.access import Actor

SHOP_OWNER_PHONE = "13800138021"  # 王志强, the first shop's owner
OTHER_OWNER_PHONE = "13723450002"  # 赵敏, the nail shop's owner
FRONT_DESK_PHONE = "13723450005"  # 陈前台, the first shop's front desk
_codes = count(1)


def log_in(session: Session, phone: str) -> Actor:
    return auth.log_in(session, phone, DEMO_PASSWORD).actor


def coupon_template(
    session: Session,
    *,
    amount_fen: int = 1_000,
    stock: int = 1_000,
    kind: str = "no_threshold",
    merchant_id: int | None = None,
    cap_fen: int = 0,
) -> CouponTemplate:
    template = CouponTemplate(
        name=f"券{amount_fen // 100}元", kind=kind, amount_fen=amount_fen, cap_fen=cap_fen,
        discount_bp=8_000 if kind == "percent" else 10_000, total_stock=stock, valid_days=30,
        funded_by="platform" if merchant_id is None else "merchant", merchant_id=merchant_id,
        created_at=utcnow(),
    )  # fmt: skip
    session.add(template)
    session.commit()
    return template


def segment(session: Session, name: str, rule: list[dict]) -> Segment:
    now = utcnow()
    row = Segment(name=name, rule=rule, size_at_save=0, created_at=now, updated_at=now)
    session.add(row)
    session.commit()
    return row


def customers(session: Session) -> list[int]:
    return list(
        session.exec(select(User.id).where(User.role == "customer").order_by(col(User.id))).all()
    )


def paid_order(
    session: Session, customer_id: int, paid_at: datetime, total_fen: int, status: str = "completed"
) -> Order:
    """A paid order of `customer_id` at `paid_at` with one item, holding no slot (figures)."""
    starts = paid_at + timedelta(days=1)
    order = Order(
        code=f"MK{next(_codes):08d}", customer_id=customer_id, status=status,
        starts_at=starts, ends_at=starts + timedelta(hours=1), block_start=starts,
        block_end=starts + timedelta(hours=1), holds_slot=False, list_fen=total_fen,
        total_fen=total_fen, created_at=paid_at, paid_at=paid_at,
    )  # fmt: skip
    session.add(order)
    session.flush()
    service_id = session.exec(select(Service.id).order_by(col(Service.id))).first()
    session.add(OrderItem(order_id=order.id, service_id=service_id, price_fen=total_fen,
                          duration_min=60))  # fmt: skip
    session.commit()
    return order


def plan(**changes: object) -> marketing.CampaignDraft:
    now = utcnow()
    values: dict = {
        "name": "沉睡客户召回券",
        "starts_at": now + timedelta(hours=1),
        "ends_at": now + timedelta(days=30),
        "offer_kind": "points",
        "offer_ref": 500,
        "segment_id": 1,
        "holdout_bp": 1_000,
    }
    values.update(changes)
    return marketing.CampaignDraft(**values)
