"""Completed training for the demo technicians: courses one finds in Shenzhen trades.

Each technician's records come from their own RNG, seeded from the demo seed and their id, so
adding them leaves every other random choice of the demo city (and its order history) as it was.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlmodel import Session

from salon_app.core.models import CompletedTraining, Merchant

# (course, organiser, hours)
COURSES: dict[str, list[tuple[str, str, int]]] = {
    "hair": [
        ("日式剪发进阶班", "深圳东田造型职业培训学校", 120),
        ("韩式烫发技术研修", "广州沙宣美发学院", 64),
        ("色彩学与时尚染发", "中国美发美容协会", 48),
        ("男士油头与渐变推剪", "深圳华辉美发培训中心", 32),
    ],
    "beauty": [
        ("皮肤管理师培训", "深圳市美容美发行业协会", 96),
        ("问题肌肤护理进阶", "广州美莱美容学院", 40),
        ("新娘跟妆实战班", "深圳毛戈平形象设计学校", 80),
        ("芳香疗法基础", "中国美发美容协会", 24),
    ],
    "nails": [
        ("日式美甲彩绘班", "深圳NAILS美甲培训学院", 60),
        ("光疗甲延长技术", "广州美甲师职业培训中心", 36),
        ("手足护理与消毒规范", "深圳市美容美发行业协会", 16),
    ],
    "housekeeping": [
        ("家政服务员岗前培训", "深圳市家庭服务业协会", 40),
        ("家电清洗技术培训", "中国家用电器服务维修协会", 24),
        ("收纳整理师课程", "深圳整理收纳培训中心", 32),
        ("母婴护理基础", "深圳市家庭服务业协会", 56),
    ],
}

SHOP_COURSES: dict[str, tuple[str, int]] = {  # run in-house by the technician's shop
    "hair": ("门店服务礼仪与顾客沟通", 8),
    "beauty": ("门店仪器操作与安全规范", 12),
    "nails": ("新款甲型季度内训", 6),
    "housekeeping": ("上门服务安全规范", 8),
}

NOTES = ["", "", "结业考核优秀", "获结业证书"]


def add_demo_training(
    session: Session, seed: int, tech_id: int, category: str, shop: Merchant | None, now: datetime
) -> None:
    rng = random.Random(seed * 100_000 + tech_id)
    today = now.date()
    for course, organiser, hours in rng.sample(COURSES[category], rng.randint(1, 3)):
        session.add(
            CompletedTraining(
                technician_id=tech_id,
                course_name=course,
                organiser=organiser,
                completed_on=today - timedelta(days=rng.randint(60, 365 * 5)),
                hours=hours,
                note=rng.choice(NOTES),
                created_at=now - timedelta(days=rng.randint(1, 50)),
            )
        )
    if shop is not None and rng.random() < 0.5:
        course, hours = SHOP_COURSES[category]
        session.add(
            CompletedTraining(
                technician_id=tech_id,
                course_name=course,
                organiser=shop.name[:60],
                merchant_id=shop.id,
                completed_on=today - timedelta(days=rng.randint(20, 300)),
                hours=hours,
                created_at=now - timedelta(days=rng.randint(1, 20)),
            )
        )
