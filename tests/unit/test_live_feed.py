"""The change feed: a committed change tells the pages on its topics, a rolled-back one tells
nobody, conditional UPDATEs are heard too, every subscriber of a topic is woken, and through
Redis a change published in one process reaches a page waiting in another."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest
import redis
from sqlmodel import Session, col, select, update

from salon_app.core import live_feed
from salon_app.core.clock import utcnow
from salon_app.core.live_feed import changes, relay
from salon_app.core.models import DispatchOffer, OrderEvent
from salon_app.core.services.alerts import actions
from salon_app.core.services.orders import messages
from tests.support.journeys import accept, mark_paid, open_offer, step
from tests.support.orders import pending_order
from tests.support.redis_server import RedisServer, redis_available


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[set]:
    """What the session listener publishes, one set of topics per commit."""
    seen: list[set] = []
    monkeypatch.setattr(changes, "publish", lambda topics: seen.append(set(topics)))
    return seen


def _everything(published: list[set]) -> set:
    return set().union(*published)


def test_a_progress_step_tells_the_order_its_customer_its_technician_and_its_shop(
    demo_session: Session, customer, published
):
    order = mark_paid(demo_session, pending_order(demo_session, customer))
    tech = accept(demo_session, order)
    published.clear()
    step(demo_session, tech, order, "departed")
    assert published, "the step's commit publishes"
    assert {
        live_feed.order(order.id),
        live_feed.customer(customer.user_id),
        live_feed.technician(order.technician_id),
        live_feed.shop(order.merchant_id),
    } <= _everything(published)
    assert live_feed.ALERTS not in _everything(published)


def test_a_message_alone_tells_its_orders_pages_and_board(
    demo_session: Session, customer, published
):
    order = mark_paid(demo_session, pending_order(demo_session, customer))
    accept(demo_session, order)
    demo_session.expunge_all()  # the order is not loaded: the listener reads who it belongs to
    published.clear()
    messages.post(demo_session, customer, order.code, "请带上吹风机")
    assert {live_feed.order(order.id), live_feed.technician(order.technician_id)} <= (
        _everything(published)
    )


def test_a_rolled_back_change_tells_nobody(demo_session: Session, customer, published):
    order = mark_paid(demo_session, pending_order(demo_session, customer))
    published.clear()
    demo_session.add(OrderEvent(order_id=order.id, kind="note", at=utcnow(), details={}))
    demo_session.flush()
    demo_session.rollback()
    demo_session.commit()  # nothing left to say
    assert published == []


def test_a_conditional_update_is_heard_by_the_technicians_board(
    demo_session: Session, customer, published
):
    order = mark_paid(demo_session, pending_order(demo_session, customer))
    offer_id = open_offer(demo_session, order).id
    demo_session.expunge_all()
    published.clear()
    demo_session.execute(
        update(DispatchOffer)
        .where(col(DispatchOffer.id) == offer_id, col(DispatchOffer.status) == "offered")
        .values(status="withdrawn")
    )
    demo_session.commit()
    assert {live_feed.technician(order.technician_id), live_feed.order(order.id)} <= (
        _everything(published)
    )


def test_a_moved_order_tells_the_old_technicians_board_too(
    demo_session: Session, customer, published
):
    order = mark_paid(demo_session, pending_order(demo_session, customer))
    old = order.technician_id
    order.technician_id = old + 1  # flushed, never committed: what the listener has noted
    demo_session.add(order)
    demo_session.flush()
    noted = set(demo_session.info[changes._KEY])
    demo_session.rollback()
    assert {live_feed.technician(old), live_feed.technician(old + 1)} <= noted


def test_taking_an_alert_tells_the_alert_queue(demo_session: Session, support, published):
    from salon_app.core.models import Alert

    demo_session.add(
        Alert(
            rule="no_departure",
            subject="order:test",
            details={},
            since=utcnow(),
            raised_at=utcnow(),
            status="open",
            resolution="",
            updated_at=utcnow(),
        )
    )
    demo_session.commit()
    alert_id = demo_session.exec(select(Alert.id).where(Alert.subject == "order:test")).one()
    published.clear()
    actions.acknowledge(demo_session, support, alert_id)
    assert live_feed.ALERTS in _everything(published)


def test_every_waiter_on_a_topic_is_woken_from_another_thread_and_no_other():
    async def main() -> tuple[bool, bool, bool]:
        with (
            live_feed.subscribed([live_feed.order(1)]) as first,
            live_feed.subscribed([live_feed.order(1), live_feed.ALERTS]) as second,
            live_feed.subscribed([live_feed.order(2)]) as other,
        ):
            await asyncio.to_thread(live_feed.publish, {live_feed.order(1)})
            woke = await first.wait(30), await second.wait(30)
            await asyncio.to_thread(live_feed.publish, {live_feed.order(2)})
            await other.wait(30)
            # order 1 was not published again: its waiters have nothing pending
            return *woke, first._changed.is_set() or second._changed.is_set()

    assert asyncio.run(main()) == (True, True, False)


needs_redis = pytest.mark.skipif(not redis_available(), reason="redis-server not installed")

PUBLISHER = """
from salon_app.core import live_feed
live_feed.publish({live_feed.order(7)})
"""


@needs_redis
def test_a_change_published_in_another_process_wakes_a_page_here(
    monkeypatch: pytest.MonkeyPatch,
):
    with RedisServer() as server:
        monkeypatch.setenv("REDIS_URL", server.url)
        client = redis.Redis.from_url(server.url)

        async def main() -> bool:
            task = asyncio.create_task(relay.run_relay())
            with live_feed.subscribed([live_feed.order(7)]) as page:
                while not client.pubsub_numsub(relay.CHANNEL)[0][1]:  # the relay has subscribed
                    await asyncio.sleep(0.05)
                env = {**os.environ, "REDIS_URL": server.url}
                await asyncio.to_thread(
                    subprocess.run, [sys.executable, "-c", PUBLISHER], env=env, check=True
                )
                woken = await page.wait(60)
            task.cancel()
            return woken

        assert asyncio.run(main()) is True


@needs_redis
def test_what_a_worker_publishes_goes_out_through_its_relay(monkeypatch: pytest.MonkeyPatch):
    with RedisServer() as server:
        monkeypatch.setenv("REDIS_URL", server.url)
        listener = redis.Redis.from_url(server.url).pubsub()
        listener.subscribe(relay.CHANNEL)
        listener.get_message(timeout=10)  # the subscription's confirmation

        async def main() -> None:
            task = asyncio.create_task(relay.run_relay())
            while relay._running is None:
                await asyncio.sleep(0.05)
            await asyncio.to_thread(live_feed.publish, {live_feed.shop(3)})
            message = await asyncio.to_thread(listener.get_message, True, 60)
            task.cancel()
            assert message is not None
            sender, topics = relay.decode(message["data"])
            assert topics == {live_feed.shop(3)} and sender == relay.origin()

        asyncio.run(main())


def test_disabling_an_account_tells_its_open_tabs_login_watch(
    demo_session: Session, admin, customer, published
):
    from salon_app.core.services import users

    published.clear()
    users.disable_user(demo_session, admin, customer.user_id, "测试停用")
    assert live_feed.account(customer.user_id) in _everything(published)
    assert live_feed.account(admin.user_id) not in _everything(published)
