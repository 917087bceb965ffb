"""The demo city's tags, 猜你喜欢 tables and two saved segments, computed as the nightly job
would, so `make run` shows them at once."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from salon_app.core.models import Segment
from salon_app.core.services.recommendations import refresh_recommendations
from salon_app.core.services.tags import recompute_tags, segment_size

SEGMENTS = (
    ("沉睡客户召回", [{"field": "tag", "op": "has", "value": "dormant"}]),
    (
        "高消费美甲客",
        [
            {"field": "favourite_category", "op": "eq", "value": "nails"},
            {"field": "spend_yuan", "op": "gte", "value": 300},
        ],
    ),
)


def add_demo_segments(session: Session, now: datetime, admin_id: int) -> None:
    session.flush()
    recompute_tags(session, now, commit=False)
    refresh_recommendations(session, now, commit=False)
    for name, rule in SEGMENTS:
        session.add(
            Segment(
                name=name,
                rule=rule,
                size_at_save=segment_size(session, rule),
                created_by=admin_id,
                created_at=now,
                updated_at=now,
            )
        )
    session.flush()
