"""Demo shop onboarding and settlement: two applicants (one waiting for review, one rejected
with a reason), a shop with its own commission rates, and the frozen statements of the months
before last (the daily job freezes last month when the app starts)."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from PIL import Image, ImageDraw
from sqlmodel import Session, select

from salon_app.core import crypto
from salon_app.core.integrations import storage
from salon_app.core.models import (
    CommissionRate,
    Merchant,
    Role,
    ServiceCategory,
    ShopApplication,
    User,
)
from salon_app.core.services.auth import normalize_mobile
from salon_app.core.services.incentives import last_finished_month
from salon_app.core.services.ledger import rates
from salon_app.core.services.photos import PREVIEW_SIDE
from salon_app.core.services.settlement import issue_statements, month_span
from salon_app.core.services.shop_applications import SCAN_FOLDER, check_character

FROZEN_MONTHS = 4  # statements issued for the months before last
# (phone, name, shop, licence's first 17 characters, address, category slugs, status, reason)
APPLICANTS = (
    ("13800138031", "苏晴", "晴空美甲工作室", "91440300MA5H2K3L4", "深圳市南山区科技园南区",
     ("nails",), "pending", ""),
    ("13800138032", "高峰", "峰尚造型", "91440300MA5G7Q8R9", "深圳市宝安区宝安中心区",
     ("hair", "beauty"), "rejected", "营业执照照片模糊，请重新拍摄上传"),
)  # fmt: skip


def licence_picture(shop_name: str, code: str) -> bytes:
    """A drawn business licence: red frame, the title band, the code (no photo downloaded)."""
    picture = Image.new("RGB", (900, 640), (252, 248, 236))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((20, 20, 880, 620), outline=(190, 30, 30), width=10)
    draw.rectangle((60, 60, 840, 150), fill=(190, 30, 30))
    for row in range(6):
        draw.line((90, 220 + row * 60, 810, 220 + row * 60), fill=(120, 120, 120), width=3)
    draw.ellipse((640, 420, 820, 600), outline=(200, 20, 20), width=8)
    draw.text((90, 180), code, fill=(30, 30, 30))
    draw.text((90, 200), shop_name.encode("ascii", "ignore").decode() or "LICENCE", fill=(0, 0, 0))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def seed_shop_onboarding(
    session: Session, now: datetime, shops: list[Merchant], password_hash: str
) -> None:
    categories = dict(session.exec(select(ServiceCategory.slug, ServiceCategory.id)).all())
    for i, (phone, name, shop, first17, address, slugs, status, reason) in enumerate(APPLICANTS):
        e164 = normalize_mobile(phone)
        user = User(
            phone=e164, phone_hash=crypto.lookup_hash(e164), password_hash=password_hash,
            display_name=name, role=Role.customer, created_at=now - timedelta(days=40),
        )  # fmt: skip
        session.add(user)
        session.flush()
        code = first17 + check_character(first17)
        scan = storage.prepare_image(licence_picture(shop, code), storage.SCAN_MAX_SIDE)
        thumb = storage.prepare_image(scan, PREVIEW_SIDE)
        created = now - timedelta(days=3 + i * 4)
        session.add(
            ShopApplication(
                applicant_id=user.id, shop_name=shop, licence_number=code,
                licence_scan=storage.save_private(scan, SCAN_FOLDER),
                licence_thumb=storage.save_private(thumb, SCAN_FOLDER),
                address=address, district=address[3:6], lat=22.54, lng=113.95,
                contact_phone="0755 2688 00" + str(10 + i),
                category_ids=[categories[s] for s in slugs if s in categories],
                intro=f"{shop}，专业团队，欢迎预约。", status=status, reason=reason,
                created_at=created,
                decided_at=created + timedelta(days=1) if status != "pending" else None,
            )
        )  # fmt: skip
    second = shops[1] if len(shops) > 1 else shops[0]
    for category, bp in ((None, 800), (categories.get("nails"), 1200)):
        session.add(
            CommissionRate(
                scope=rates.shop_scope(second.id, category), merchant_id=second.id,
                category_id=category, rate_bp=bp, updated_at=now - timedelta(days=120),
            )
        )  # fmt: skip
    session.flush()
    month = last_finished_month(now)
    for _ in range(FROZEN_MONTHS):
        month = last_finished_month(month_span(month).start)
        issue_statements(session, month_span(month).end + timedelta(hours=7))
