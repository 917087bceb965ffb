"""The demo city's shop people, logged in, for the merchant-dashboard tests."""

from __future__ import annotations

from sqlmodel import Session, select

from salon_app.core.demo import DEMO_PASSWORD
from salon_app.core.demo.logins import MERCHANT_PHONE
from salon_app.core.models import Merchant
from salon_app.core.services import auth
from salon_app.core.services.access import Actor

OWNER = MERCHANT_PHONE  # 王志强, owner of the first shop
MANAGER = "13723450004"  # 李店长, manager of the first shop
FRONT_DESK = "13723450005"  # 陈前台, front desk of the first shop
OTHER_OWNER = "13723450002"  # 赵敏, owner of the second shop


def login(session: Session, phone: str) -> Actor:
    return auth.log_in(session, phone, DEMO_PASSWORD).actor


def first_shop(session: Session) -> Merchant:
    return session.exec(select(Merchant).order_by(Merchant.id)).first()
