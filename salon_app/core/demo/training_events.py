"""Offline training events of the demo city: an upcoming platform event that is full with a
waitlist, an upcoming in-house training of the first shop, and a past platform event whose
attendees got a training record.

Self-contained: no random draws (every other choice of the demo city stays as it was), no
notifications, and the demo login technician is only seated at their shop's training, so
nothing another page or test counts changes.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from salon_app.core.demo.residents import DemoTechnician
from salon_app.core.models import CompletedTraining, EventSignup, Merchant, TrainingEvent
from salon_app.core.services.learning import PLATFORM_ORGANISER, checkin_code, code_hash
from salon_app.core.settings import get_settings


def _local(now: datetime, days: int, hour: int) -> datetime:
    zone = ZoneInfo(get_settings().timezone)
    day = now.astimezone(zone).date() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(now.tzinfo)


def _event(
    session: Session, now: datetime, admin_id: int, shop: Merchant | None, **fields: object
) -> TrainingEvent:
    event = TrainingEvent(
        merchant_id=shop.id if shop else None,
        created_by=admin_id,
        created_at=(now - timedelta(days=10)).replace(microsecond=0),
        **fields,
    )
    session.add(event)
    session.flush()
    event.checkin_code_hash = code_hash(event.id, checkin_code(event))
    return event


def _signups(
    session: Session, event: TrainingEvent, techs: list[DemoTechnician], at: datetime
) -> None:
    for n, tech in enumerate(techs):
        seated = n < event.capacity
        session.add(
            EventSignup(
                event_id=event.id,
                technician_id=tech.row.id,
                status="seated" if seated else "waiting",
                created_at=at + timedelta(hours=3 * n),
            )
        )
        event.seats_taken += 1 if seated else 0
    session.add(event)


def add_demo_events(
    session: Session,
    now: datetime,
    admin_id: int,
    shops: list[Merchant],
    technicians: list[DemoTechnician],
) -> None:
    first_shop = shops[0]
    login_tech = technicians[0]  # the demo technician login (first shop's hairdresser)
    others = [t for t in technicians[1:] if t.row.status == "active"]
    open_class = _event(
        session, now, admin_id, None,
        title="上门服务安全与礼仪公开课",
        description="平台讲师讲解上门服务的安全规范、客户沟通与投诉预防，现场模拟演练。",
        place="深圳市福田区深南大道6008号 特区报业大厦3楼培训室",
        starts_at=_local(now, 3, 14), ends_at=_local(now, 3, 17), capacity=4,
    )  # fmt: skip
    _signups(session, open_class, others[:6], now - timedelta(days=6))
    shop_class = _event(
        session, now, admin_id, first_shop,
        title="季度技术内训：日系层次剪",
        description="店内技术总监示范日系层次剪与头型修饰，请自带剪刀。",
        place=first_shop.address[:120],
        starts_at=_local(now, 6, 10), ends_at=_local(now, 6, 12), capacity=8,
    )  # fmt: skip
    shop_techs = [t for t in technicians if t.row.merchant_id == first_shop.id][:3]
    _signups(session, shop_class, shop_techs, now - timedelta(days=4))
    past = _event(
        session, now, admin_id, None,
        title="美甲消毒与卫生规范实操课",
        description="工具消毒流程、一次性用品管理与交叉感染预防。",
        place="深圳市南山区科技园南区 深圳湾科技生态园10栋2楼",
        starts_at=_local(now, -20, 14), ends_at=_local(now, -20, 17), capacity=10,
    )  # fmt: skip
    attendees = [t for t in others if t is not login_tech][6:9]
    for n, tech in enumerate(attendees):
        session.add(
            EventSignup(
                event_id=past.id, technician_id=tech.row.id, status="attended",
                created_at=now - timedelta(days=26, hours=n),
                checked_in_at=past.starts_at - timedelta(minutes=10 - n),
                reminded_at=past.starts_at - timedelta(hours=23),
            )
        )  # fmt: skip
        session.add(
            CompletedTraining(
                technician_id=tech.row.id, course_name=past.title, organiser=PLATFORM_ORGANISER,
                completed_on=past.starts_at.astimezone(ZoneInfo(get_settings().timezone)).date(),
                hours=3, created_at=past.ends_at,
            )
        )  # fmt: skip
    past.seats_taken = len(attendees)
    session.add(past)
    session.flush()
